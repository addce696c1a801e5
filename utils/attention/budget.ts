import {
  ATTENTION_RANGE,
  DAY,
  DEFAULT_ATTENTION,
  type AttentionCaps,
  type AttentionSettings,
  type FeedbackEntry,
  type Snoozes,
  type TipLog,
  type TipReason,
} from './model';

export interface TipInput {
  now: number;
  /** Host name of the page. */
  site: string;
  /** Resources confident enough for a tip, best first. */
  candidates: readonly string[];
  settings: AttentionSettings;
  caps?: AttentionCaps;
  snoozes: Snoozes;
  log: TipLog;
  feedback: readonly FeedbackEntry[];
  /** At most this many cards in one tip. */
  maxCards?: number;
}

export interface TipDecision {
  show: boolean;
  /** The resources the tip shows, best first; empty when `show` is false. */
  cards: string[];
  reason: TipReason;
  /** For snoozes and the daily limit: when tips may come again (ms since epoch); absent = not by itself. */
  until?: number;
}

/**
 * The attention budget: whether an unprompted tip may appear now, and with which resources.
 * Order matters only for the reason given: quiet mode, then snoozes, then the daily budget, then
 * per-resource memory (shown recently on this site, dismissed here, marked not relevant here).
 *
 * @example decideTip({ now, site: 'crm.example.com', candidates: ['a', 'b'], settings, snoozes, log, feedback })
 * // { show: true, cards: ['a', 'b'], reason: 'show' }
 */
export function decideTip(input: TipInput): TipDecision {
  const { now, site, candidates, snoozes, log, feedback, maxCards = 3 } = input;
  const settings = effectiveAttention(input.settings, input.caps);
  const no = (reason: TipReason, until?: number): TipDecision => ({
    show: false,
    cards: [],
    reason,
    ...(until !== undefined ? { until } : {}),
  });

  if (candidates.length === 0) return no('noCandidates');
  if (settings.quiet) return no('quiet');
  if (snoozes.everywhereUntil !== null && snoozes.everywhereUntil > now) return no('snoozedEverywhere', snoozes.everywhereUntil);
  const siteSnooze = snoozes.sites.find((s) => s.site === site && (s.until === null || s.until > now));
  if (siteSnooze) return no('snoozedSite', siteSnooze.until ?? undefined);

  const recent = log.shown.filter((entry) => entry.at > now - DAY).map((entry) => entry.at);
  if (recent.length >= settings.tipsPerDay) {
    // The next tip fits once enough of the last day's tips are more than a day old.
    const sorted = recent.sort((a, b) => a - b);
    const freeing = sorted[recent.length - settings.tipsPerDay];
    return no('dailyLimit', freeing === undefined ? undefined : freeing + DAY);
  }

  const since = now - settings.repeatAfterDays * DAY;
  const excluded = new Set<string>();
  for (const entry of log.shown) if (entry.site === site && entry.at > since) for (const id of entry.ids) excluded.add(id);
  for (const entry of log.dismissed) if (entry.site === site) excluded.add(entry.id);
  for (const entry of feedback) if (entry.site === site && entry.verdict === 'notRelevant') excluded.add(entry.id);
  const cards = candidates.filter((id) => !excluded.has(id)).slice(0, maxCards);
  return cards.length ? { show: true, cards, reason: 'show' } : no('seenRecently');
}

/**
 * The employee's settings within their ranges and the admin's caps. `locked` says which ones the
 * admin's caps currently decide, so the options page can explain it.
 *
 * @example effectiveAttention({ tipsPerDay: 10, repeatAfterDays: 1, quiet: false }, { maxTipsPerDay: 2 }).tipsPerDay // 2
 */
export function effectiveAttention(
  settings: AttentionSettings,
  caps: AttentionCaps = {},
): AttentionSettings & { locked: { tipsPerDay: boolean; repeatAfterDays: boolean } } {
  const tipsPerDay = clamp(settings.tipsPerDay, ATTENTION_RANGE.tipsPerDay, DEFAULT_ATTENTION.tipsPerDay);
  const repeatAfterDays = clamp(settings.repeatAfterDays, ATTENTION_RANGE.repeatAfterDays, DEFAULT_ATTENTION.repeatAfterDays);
  const maxTips = caps.maxTipsPerDay ?? Infinity;
  const minRepeat = caps.minRepeatAfterDays ?? 0;
  return {
    tipsPerDay: Math.min(tipsPerDay, maxTips),
    repeatAfterDays: Math.max(repeatAfterDays, minRepeat),
    quiet: settings.quiet === true,
    locked: { tipsPerDay: tipsPerDay > maxTips, repeatAfterDays: repeatAfterDays < minRepeat },
  };
}

/** A whole number within bounds; anything that is not a number (a damaged setting) is the default. */
function clamp(value: number, range: { min: number; max: number }, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(range.max, Math.max(range.min, Math.round(value)));
}
