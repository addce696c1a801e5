import type { CopyVariant } from '../copy/variant';
import {
  DAY,
  HOUR,
  KEEP,
  type FeedbackEntry,
  type KeptResource,
  type SiteFeedback,
  type SnoozeKind,
  type Snoozes,
  type TipLog,
  type Verdict,
} from './model';

/**
 * Pure updates of the attention state. Each returns new data (never mutates) and keeps the
 * state bounded, so what the device remembers stays small and forgets on its own.
 */

/**
 * The "site" tips are counted and snoozed by: the host name of an http(s) page.
 *
 * @example siteOf('https://crm.example.com/opportunities/42?tab=notes') // 'crm.example.com'
 */
export function siteOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.hostname : undefined;
  } catch {
    return undefined;
  }
}

/** Until when a snooze lasts; `null` means for good. */
export function snoozeUntil(kind: SnoozeKind, now: number): number | null {
  switch (kind) {
    case 'siteDay':
    case 'everywhereDay':
      return now + DAY;
    case 'everywhereHour':
      return now + HOUR;
    case 'siteForever':
      return null;
  }
}

/** Adds a snooze. A site snooze needs the site; a longer snooze never gets shortened by a shorter one. */
export function addSnooze(snoozes: Snoozes, kind: SnoozeKind, now: number, site?: string): Snoozes {
  const current = activeSnoozes(snoozes, now);
  const until = snoozeUntil(kind, now);
  if (kind === 'everywhereHour' || kind === 'everywhereDay') {
    return { ...current, everywhereUntil: Math.max(until ?? 0, current.everywhereUntil ?? 0) };
  }
  if (!site) throw new Error('A site snooze needs a site');
  const existing = current.sites.find((s) => s.site === site);
  const longest = existing && (existing.until === null || (until !== null && existing.until > until)) ? existing.until : until;
  return { ...current, sites: [...current.sites.filter((s) => s.site !== site), { site, until: longest }] };
}

/** Ends a snooze early: everywhere, or for one site. */
export function resumeSnooze(snoozes: Snoozes, scope: { everywhere: true } | { site: string }, now: number): Snoozes {
  const current = activeSnoozes(snoozes, now);
  if ('everywhere' in scope) return { ...current, everywhereUntil: null };
  return { ...current, sites: current.sites.filter((s) => s.site !== scope.site) };
}

/** Drops snoozes that are over. */
export function activeSnoozes(snoozes: Snoozes, now: number): Snoozes {
  return {
    everywhereUntil: snoozes.everywhereUntil !== null && snoozes.everywhereUntil > now ? snoozes.everywhereUntil : null,
    sites: snoozes.sites.filter((s) => s.until === null || s.until > now),
  };
}

/**
 * Remembers that a tip was shown. Entries older than the repeat window (and the 24-hour budget)
 * are forgotten.
 */
export function recordShown(
  log: TipLog,
  entry: { site: string; ids: readonly string[]; variant?: CopyVariant },
  now: number,
  repeatAfterDays: number,
): TipLog {
  const since = now - Math.max(1, repeatAfterDays) * DAY;
  const shown = [
    ...log.shown.filter((e) => e.at > since),
    { at: now, site: entry.site, ids: [...entry.ids], ...(entry.variant ? { variant: entry.variant } : {}) },
  ];
  return { ...log, shown: shown.slice(-KEEP.shown) };
}

/** Remembers that the employee dismissed these resources' tip on a site: they stay dismissed there. */
export function recordDismissed(log: TipLog, entry: { site: string; ids: readonly string[] }, now: number): TipLog {
  const fresh = new Set(entry.ids);
  const dismissed = [
    ...log.dismissed.filter((e) => !(e.site === entry.site && fresh.has(e.id))),
    ...entry.ids.map((id) => ({ at: now, site: entry.site, id })),
  ];
  return { ...log, dismissed: dismissed.slice(-KEEP.dismissed) };
}

/** Records the latest verdict on a resource for a site (a later verdict replaces an earlier one). */
export function recordVerdict(
  feedback: readonly FeedbackEntry[],
  entry: { site: string; id: string; verdict: Verdict },
  now: number,
): FeedbackEntry[] {
  const rest = feedback.filter((e) => !(e.site === entry.site && e.id === entry.id));
  return [...rest, { ...entry, at: now }].slice(-KEEP.feedback);
}

/** Withdraws a verdict (undo). */
export function withdrawVerdict(feedback: readonly FeedbackEntry[], entry: { site: string; id: string }): FeedbackEntry[] {
  return feedback.filter((e) => !(e.site === entry.site && e.id === entry.id));
}

/** One site's feedback, as the ranking takes it. */
export function feedbackForSite(feedback: readonly FeedbackEntry[], site: string | undefined): SiteFeedback {
  const notRelevant: string[] = [];
  const useful: string[] = [];
  for (const entry of feedback) {
    if (entry.site !== site) continue;
    (entry.verdict === 'notRelevant' ? notRelevant : useful).push(entry.id);
  }
  return { notRelevant, useful };
}

/** Puts a resource at the top of a list (saved, or recently opened), without duplicates. */
export function keepFirst(list: readonly KeptResource[], resource: Omit<KeptResource, 'at'>, now: number, max: number): KeptResource[] {
  return [{ ...resource, at: now }, ...list.filter((r) => r.id !== resource.id)].slice(0, max);
}

/** Removes a resource from a list. */
export function without(list: readonly KeptResource[], id: string): KeptResource[] {
  return list.filter((r) => r.id !== id);
}
