import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { copyVariantItem } from '@/utils/settings/items';
import { copyVariant } from '../copy-variant';

describe('copyVariant', () => {
  beforeEach(() => fakeBrowser.reset());

  it('draws once and keeps the variant, even when asked many times at once', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => copyVariant(() => (i === 0 ? 0.9 : 0.1))));
    expect(new Set(answers)).toEqual(new Set(['B']));
    expect(await copyVariantItem.getValue()).toBe('B');
    expect(await copyVariant(() => 0.1)).toBe('B');
  });

  it('replaces a stored value that is not a variant', async () => {
    await copyVariantItem.setValue('C' as never);
    expect(await copyVariant(() => 0.1)).toBe('A');
  });
});
