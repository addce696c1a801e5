import type { Resource } from '../catalogue/schema';

/*
 * Featured resources (L&D's campaigns): a resource is featured from `featured_from` up to and
 * including `featured_until`, by the employee's own calendar day. Either end may be left open;
 * a resource with neither date is not featured (a campaign name alone only labels it).
 */

/** What the popup and the ranking need to know of a featured resource; kept with the catalogue's state. */
export interface FeaturedEntry {
  id: string;
  /** `YYYY-MM-DD`, inclusive. */
  from?: string;
  until?: string;
  campaign?: string;
}

/** The popup's "Featured by" section shows at most this many. */
export const MAX_FEATURED_SHOWN = 3;
/** At most this many featured resources are remembered with a catalogue (a campaign is a handful, not a catalogue). */
export const MAX_FEATURED_KEPT = 500;

/** The employee's calendar day, `YYYY-MM-DD`, in local time. */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const day = (value: string | undefined) => value?.slice(0, 10);

/**
 * The catalogue's featured resources worth keeping: those with a date whose campaign has not
 * ended by `now`. Sorted by start, newest first, so the popup shows the latest campaign.
 *
 * @example featuredEntries(resources, new Date('2026-05-12'))[0] // { id: 'negotiation', from: '2026-05-01', until: '2026-05-31', campaign: 'Sales month' }
 */
export function featuredEntries(resources: readonly Resource[], now: Date): FeaturedEntry[] {
  const today = localDay(now);
  const entries: FeaturedEntry[] = [];
  for (const r of resources) {
    if (!r.active || (!r.featuredFrom && !r.featuredUntil)) continue;
    const until = day(r.featuredUntil);
    if (until && until < today) continue;
    const from = day(r.featuredFrom);
    entries.push({ id: r.id, ...(from ? { from } : {}), ...(until ? { until } : {}), ...(r.campaign ? { campaign: r.campaign } : {}) });
  }
  return entries.sort(newestFirst).slice(0, MAX_FEATURED_KEPT);
}

/**
 * `featuredEntries` after a change, from the entries before it: entries of resources that changed
 * or left are dropped, those of the changed resources worked out again, ended campaigns dropped.
 * Exact as long as `previous` was not cut at `MAX_FEATURED_KEPT` (then work it out from all resources).
 */
export function featuredAfter(
  previous: readonly FeaturedEntry[],
  changedIds: ReadonlySet<string>,
  upserts: readonly Resource[],
  now: Date,
): FeaturedEntry[] {
  const today = localDay(now);
  const kept = previous.filter((entry) => !changedIds.has(entry.id) && !(entry.until && entry.until < today));
  return [...kept, ...featuredEntries(upserts, now)].sort(newestFirst).slice(0, MAX_FEATURED_KEPT);
}

function newestFirst(a: FeaturedEntry, b: FeaturedEntry): number {
  const from = (b.from ?? '').localeCompare(a.from ?? '');
  return from || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whether an entry's campaign runs on `now`'s day. */
export function isFeaturedOn(entry: FeaturedEntry, now: Date): boolean {
  const today = localDay(now);
  return (!entry.from || entry.from <= today) && (!entry.until || today <= entry.until);
}

/**
 * The resources featured today, newest campaign first, at most `limit`.
 *
 * @example featuredNow(state.featured ?? [], new Date()).map((e) => e.id) // ['negotiation']
 */
export function featuredNow<T extends FeaturedEntry>(entries: readonly T[], now: Date, limit = MAX_FEATURED_SHOWN): T[] {
  return entries.filter((e) => isFeaturedOn(e, now)).slice(0, limit);
}
