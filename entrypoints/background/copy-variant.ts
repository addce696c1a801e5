import { drawCopyVariant, isCopyVariant, type CopyVariant } from '@/utils/copy/variant';
import { copyVariantItem } from '@/utils/settings/items';

let pending: Promise<CopyVariant> | undefined;

/**
 * This installation's copy variant, A or B: drawn once at random on first use and kept in local
 * storage from then on. The one way to read it (the tip cards and the analytics both ask here).
 *
 * @example const variant = await copyVariant(); // 'A'
 */
export function copyVariant(random: () => number = Math.random): Promise<CopyVariant> {
  // One draw even when several tips ask at once before the first write lands.
  pending ??= (async () => {
    const stored = await copyVariantItem.getValue();
    if (isCopyVariant(stored)) return stored;
    const drawn = drawCopyVariant(random);
    await copyVariantItem.setValue(drawn);
    return drawn;
  })().finally(() => {
    pending = undefined;
  });
  return pending;
}
