import type { Resource } from '../catalogue/schema';

/*
 * "New from <L&D>": resources a feed update added, shown quietly in the popup for two weeks.
 * Never a tip, and nothing for an update that only edits or retires.
 */

export interface NewsEntry {
  id: string;
  /** ISO time the update that added it was taken. */
  at: string;
}

/** How long a new resource stays in the list. */
export const NEWS_DAYS = 14;
/** The popup lists at most this many, newest first. */
export const MAX_NEWS_SHOWN = 5;
/** At most this many are remembered. */
export const MAX_NEWS_KEPT = 50;
const DAY = 24 * 60 * 60 * 1000;

/**
 * The news after an update: the resources it added (not those marked `announce=false`, and none
 * at all when there was no earlier catalogue to compare with), put before what is still recent.
 *
 * @example updateNews([], new Set(['a']), [a, b], new Date()) // [{ id: 'b', at: '…' }]
 */
export function updateNews(
  previous: readonly NewsEntry[] | undefined,
  previousIds: { has(id: string): boolean } | undefined,
  added: readonly Resource[],
  now: Date,
): NewsEntry[] {
  const recent = (previous ?? []).filter((e) => now.getTime() - Date.parse(e.at) < NEWS_DAYS * DAY);
  if (!previousIds) return recent;
  const fresh = added.filter((r) => r.active && r.announce !== false && !previousIds.has(r.id));
  const at = now.toISOString();
  const ids = new Set(fresh.map((r) => r.id));
  return [...fresh.map((r) => ({ id: r.id, at })), ...recent.filter((e) => !ids.has(e.id))].slice(0, MAX_NEWS_KEPT);
}

/**
 * What the popup shows now: added within the last two weeks, newest first, at most five.
 *
 * @example newsNow(state.news ?? [], new Date()).map((e) => e.id)
 */
export function newsNow(entries: readonly NewsEntry[], now: Date, limit = MAX_NEWS_SHOWN): NewsEntry[] {
  return entries
    .filter((e) => {
      const age = now.getTime() - Date.parse(e.at);
      return age >= 0 && age < NEWS_DAYS * DAY;
    })
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, limit);
}
