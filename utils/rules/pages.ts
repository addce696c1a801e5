import type { SiteRule } from './schema';

/** Rules shown on one page of the options table. */
export const RULES_PER_PAGE = 50;

/**
 * Which rules one page shows: `from` (inclusive) to `to` (exclusive), with the page clamped to
 * those that exist.
 *
 * @example rulePage(120, 9) // { page: 2, pages: 3, from: 100, to: 120 }
 */
export function rulePage(total: number, page: number, size = RULES_PER_PAGE): { page: number; pages: number; from: number; to: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const at = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { page: at, pages, from: at * size, to: Math.min(total, (at + 1) * size) };
}

/** Rules whose id, name or a pattern contains the words typed (without case), in list order. */
export function filterRules<T extends Pick<SiteRule, 'id' | 'name' | 'patterns'>>(rules: readonly T[], query: string): readonly T[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rules;
  return rules.filter((rule) => {
    const text = `${rule.id} ${rule.name} ${rule.patterns.join(' ')}`.toLocaleLowerCase();
    return words.every((word) => text.includes(word));
  });
}
