import { describe, expect, it } from 'vitest';
import { cardLine, drawCopyVariant, isCopyVariant } from '../variant';

describe('copy variants', () => {
  it('draws A or B evenly', () => {
    expect(drawCopyVariant(() => 0.49)).toBe('A');
    expect(drawCopyVariant(() => 0.5)).toBe('B');
    let b = 0;
    for (let i = 0; i < 2000; i++) if (drawCopyVariant() === 'B') b++;
    expect(b).toBeGreaterThan(850);
    expect(b).toBeLessThan(1150);
  });

  it.each([
    ['A', { description: 'Long text', tagline: 'Hook A', taglineB: 'Hook B' }, 'Hook A', true],
    ['B', { description: 'Long text', tagline: 'Hook A', taglineB: 'Hook B' }, 'Hook B', true],
    ['B', { description: 'Long text', tagline: 'Hook A' }, 'Hook A', true],
    ['A', { description: 'Long text', taglineB: 'Hook B' }, 'Long text', false],
    ['B', { description: 'Long text' }, 'Long text', false],
  ] as const)('variant %s of %j shows “%s”', (variant, resource, text, fromTagline) => {
    expect(cardLine(resource, variant)).toEqual({ text, fromTagline });
  });

  it('recognises stored variants', () => {
    expect([isCopyVariant('A'), isCopyVariant('B'), isCopyVariant('C'), isCopyVariant(null)]).toEqual([true, true, false, false]);
  });
});
