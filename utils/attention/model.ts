import type { ResourceCard } from '../catalogue/card';
import type { CopyVariant } from '../copy/variant';

/**
 * Plain data for the attention budget. No zod here: the tip UI imports these types and
 * constants, and validation happens in the background (see `./schema.ts`).
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** What the employee chooses; each is its own storage item (see utils/settings/items.ts). */
export interface AttentionSettings {
  /** Unprompted tips in any 24 hours. */
  tipsPerDay: number;
  /** Days before the same resource may be suggested again, unprompted, on the same site. */
  repeatAfterDays: number;
  /** No unprompted tips at all; the popup still works. */
  quiet: boolean;
}

export const DEFAULT_ATTENTION: AttentionSettings = { tipsPerDay: 3, repeatAfterDays: 14, quiet: false };

/** What the settings may be set to; the admin's caps narrow it further. */
export const ATTENTION_RANGE = {
  tipsPerDay: { min: 0, max: 20 },
  repeatAfterDays: { min: 0, max: 365 },
} as const;

/** Limits an admin sets through enterprise policy; absent means no limit. */
export interface AttentionCaps {
  /** At most this many unprompted tips in 24 hours, whatever the employee chose. */
  maxTipsPerDay?: number;
  /** At least this many days before a resource is suggested again on a site. */
  minRepeatAfterDays?: number;
}

/** The ways to snooze unprompted tips, from the tip or the popup. */
export const SNOOZE_KINDS = ['siteDay', 'siteForever', 'everywhereHour', 'everywhereDay'] as const;
export type SnoozeKind = (typeof SNOOZE_KINDS)[number];

export interface Snoozes {
  /** No unprompted tips anywhere until this time (ms since epoch). */
  everywhereUntil: number | null;
  /** Per site (host name): until a time, or `null` for good. */
  sites: { site: string; until: number | null }[];
}
export const NO_SNOOZES: Snoozes = { everywhereUntil: null, sites: [] };

/** Which unprompted tips were shown and dismissed, per site. */
export interface TipLog {
  /** `variant`: the copy variant the tip showed (see `utils/copy`), until analytics counts it. */
  shown: { at: number; site: string; ids: string[]; variant?: CopyVariant }[];
  dismissed: { at: number; site: string; id: string }[];
}
export const EMPTY_TIP_LOG: TipLog = { shown: [], dismissed: [] };

/** The employee's verdict on a resource for a site: it feeds that site's ranking. */
export type Verdict = 'notRelevant' | 'useful';
export interface FeedbackEntry {
  at: number;
  site: string;
  id: string;
  verdict: Verdict;
}

/** A site's feedback as the ranking uses it. */
export interface SiteFeedback {
  notRelevant: readonly string[];
  useful: readonly string[];
}

/** A saved or opened resource, kept as it was then so the lists survive catalogue changes. */
export type KeptResource = Omit<ResourceCard, 'why'> & { at: number };

/** How much is kept: enough to be useful, bounded so storage stays small. */
export const KEEP = {
  shown: 1_000,
  dismissed: 2_000,
  feedback: 2_000,
  saved: 500,
  history: 50,
} as const;

/** Why an unprompted tip is or is not shown. */
export type TipReason = 'show' | 'noCandidates' | 'quiet' | 'snoozedEverywhere' | 'snoozedSite' | 'dailyLimit' | 'seenRecently';
