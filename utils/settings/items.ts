import { storage } from 'wxt/utils/storage';
import {
  DEFAULT_ATTENTION,
  EMPTY_TIP_LOG,
  NO_SNOOZES,
  type FeedbackEntry,
  type KeptResource,
  type Snoozes,
  type AttentionCaps,
  type TipLog,
} from '../attention/model';
import type { CopyVariant } from '../copy/variant';
import type { SiteRule } from '../rules/schema';
import { attentionCaps } from './attention-caps';
import { effectiveSettings } from './effective';
import type { ManagedConfig } from './managed';

/** Site rules set in the options page; `null` until someone saves rules, meaning the built-in defaults. */
export const siteRulesItem = storage.defineItem<SiteRule[] | null>('local:siteRules', { fallback: null, version: 1 });

/** UI language: follow the browser (`auto`) or a fixed one. */
export const uiLocaleItem = storage.defineItem<'auto' | 'en' | 'nl'>('local:uiLocale', { fallback: 'auto', version: 1 });

/** The employee's roles or departments, for rules with an audience. Kept on this device only. */
export const audienceItem = storage.defineItem<string[]>('local:audience', { fallback: [], version: 1 });

/**
 * The last valid enterprise policy, with warnings about refused values. Written by the background
 * whenever `storage.managed` is read; kept so an invalid value never undoes a valid one.
 */
export const managedConfigItem = storage.defineItem<ManagedConfig | null>('local:managedPolicy', { fallback: null, version: 1 });

/** Address of the catalogue feed's feed.json (see `trailmark feed build`); empty when no feed is used. */
export const feedUrlItem = storage.defineItem<string>('local:feedUrl', { fallback: '', version: 1 });

/** The feed's Ed25519 public key as one base64 line (from `trailmark feed keygen`). */
export const feedPublicKeyItem = storage.defineItem<string>('local:feedPublicKey', { fallback: '', version: 1 });

/** Where the catalogue feed is and which key signs it. */
export interface FeedSettings {
  url: string;
  publicKey: string;
}

/**
 * The feed settings in force: the organisation's policy (`catalogueFeedUrl`,
 * `catalogueFeedPublicKey`) wins over the options page, and says what may not be changed. The one
 * place they are read.
 */
export async function readFeedSettings(): Promise<FeedSettings & { locked: { url: boolean; publicKey: boolean } }> {
  const [url, publicKey, managed] = await Promise.all([feedUrlItem.getValue(), feedPublicKeyItem.getValue(), managedConfigItem.getValue()]);
  const settings = effectiveSettings({ siteRules: null, feedUrl: url || null, feedPublicKey: publicKey || null }, managed?.values);
  return {
    url: (settings.feedUrl ?? '').trim(),
    publicKey: (settings.feedPublicKey ?? '').trim(),
    locked: { url: settings.locked.feedUrl, publicKey: settings.locked.feedPublicKey },
  };
}

// The employee's attention settings. Extension pages set them; the admin's caps still apply.

/** Unprompted tips allowed in any 24 hours. */
export const tipsPerDayItem = storage.defineItem<number>('local:tipsPerDay', { fallback: DEFAULT_ATTENTION.tipsPerDay, version: 1 });

/** Days before the same resource may be suggested again, unprompted, on the same site. */
export const repeatAfterDaysItem = storage.defineItem<number>('local:repeatAfterDays', {
  fallback: DEFAULT_ATTENTION.repeatAfterDays,
  version: 1,
});

/** Quiet mode: no unprompted tips; the popup still works. */
export const quietModeItem = storage.defineItem<boolean>('local:quietMode', { fallback: DEFAULT_ATTENTION.quiet, version: 1 });

// What the employee's actions leave behind, on this device only. Only the background writes these.

/** Snoozes of unprompted tips, everywhere and per site. */
export const snoozesItem = storage.defineItem<Snoozes>('local:snoozes', { fallback: NO_SNOOZES, version: 1 });

/** Unprompted tips shown and dismissed, per site: the daily budget and "not the same one again". */
export const tipLogItem = storage.defineItem<TipLog>('local:tipLog', { fallback: EMPTY_TIP_LOG, version: 1 });

/** "Not relevant" and "useful" verdicts per site, which feed that site's ranking. */
export const feedbackItem = storage.defineItem<FeedbackEntry[]>('local:feedback', { fallback: [], version: 1 });

/** Resources saved for later, newest first. */
export const savedItem = storage.defineItem<KeptResource[]>('local:saved', { fallback: [], version: 1 });

/** Resources recently opened from Trailmark, newest first. */
export const historyItem = storage.defineItem<KeptResource[]>('local:history', { fallback: [], version: 1 });

/** Reads the caps from the last valid policy, which the background keeps current from `storage.managed`. */
export async function readAttentionCaps(): Promise<AttentionCaps> {
  return attentionCaps((await managedConfigItem.getValue())?.values);
}

/**
 * This installation's copy variant (A or B), drawn once at random and kept; null until the first
 * tip. Read it with `copyVariant()` (background), never directly.
 */
export const copyVariantItem = storage.defineItem<CopyVariant | null>('local:copyVariant', { fallback: null, version: 1 });
