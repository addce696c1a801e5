import type { CopyVariant } from '@/utils/analytics/events';

/**
 * The copy variant analytics records for this installation. Until the copy variants of the
 * L&D-visibility issue are on main, every installation counts as "A". That engineer: replace
 * the body with `return copyVariant();` from `./copy-variant`, and nothing else changes.
 */
export async function copyVariantForAnalytics(): Promise<CopyVariant> {
  return 'A';
}
