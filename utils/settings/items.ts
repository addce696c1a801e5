import { storage } from 'wxt/utils/storage';
import {
  DEFAULT_ATTENTION,
  EMPTY_TIP_LOG,
  NO_SNOOZES,
  type FeedbackEntry,
  type KeptResource,
  type Snoozes,
  type TipLog,
} from '../attention/model';
import type { CopyVariant } from '../copy/variant';
import type { SiteRule } from '../rules/schema';
import { DEFAULT_STORED_SETTINGS, type StoredSettings } from './in-force';
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

/** The employee turned the anonymous counts for L&D off (only where the policy allows it). */
export const analyticsOptOutItem = storage.defineItem<boolean>('local:analyticsOptOut', { fallback: false, version: 1 });

/** Resources recently opened from Trailmark, newest first. */
export const historyItem = storage.defineItem<KeptResource[]>('local:history', { fallback: [], version: 1 });

/**
 * The `local:` keys the settings in force are made of; a change to any of them changes the
 * settings in force. The background's settings service is the only reader.
 */
export const SETTINGS_KEYS = {
  siteRules: 'siteRules',
  audience: 'audience',
  feedUrl: 'feedUrl',
  feedPublicKey: 'feedPublicKey',
  tipsPerDay: 'tipsPerDay',
  repeatAfterDays: 'repeatAfterDays',
  quiet: 'quietMode',
  managed: 'managedPolicy',
  analyticsOptOut: 'analyticsOptOut',
} as const;
export type SettingsPart = keyof typeof SETTINGS_KEYS;

/** Which parts of the settings a `storage.onChanged` event in `local` touches. */
export function settingsPartsChanged(changedKeys: readonly string[]): Set<SettingsPart> {
  const parts = Object.entries(SETTINGS_KEYS).filter(([, key]) => changedKeys.includes(key));
  return new Set(parts.map(([part]) => part as SettingsPart));
}

/**
 * The employee's stored settings and the last valid policy: the input of `settingsInForce`.
 * `withRules: false` leaves the employee's rules unread (`null`), for what does not use them.
 */
export async function readStoredSettings({ withRules = true } = {}): Promise<StoredSettingsState> {
  const [siteRules, audience, feedUrl, feedPublicKey, tipsPerDay, repeatAfterDays, quiet, managed] = await Promise.all([
    withRules ? siteRulesItem.getValue() : null,
    audienceItem.getValue(),
    feedUrlItem.getValue(),
    feedPublicKeyItem.getValue(),
    tipsPerDayItem.getValue(),
    repeatAfterDaysItem.getValue(),
    quietModeItem.getValue(),
    managedConfigItem.getValue(),
  ]);
  return { local: { siteRules, audience, feedUrl, feedPublicKey, tipsPerDay, repeatAfterDays, quiet }, managed };
}

/**
 * This installation's copy variant (A or B), drawn once at random and kept; null until the first
 * tip. Read it with `copyVariant()` (background), never directly.
 */
export const copyVariantItem = storage.defineItem<CopyVariant | null>('local:copyVariant', { fallback: null, version: 1 });

/** What `settingsInForce` is made of, as stored. */
export interface StoredSettingsState {
  local: StoredSettings;
  managed: ManagedConfig | null;
}

/**
 * The stored settings after a `storage.onChanged` event in `local`, from the new values the event
 * carries (reading 10,000 rules back took seconds); a removed key falls back as its item does.
 * Unchanged parts keep their objects, so what was compiled from them can be kept too.
 *
 * @example withStorageChanges(state, { quietMode: { newValue: true } }).local.quiet // true
 */
export function withStorageChanges(state: StoredSettingsState, changes: Record<string, { newValue?: unknown }>): StoredSettingsState {
  const local = { ...state.local };
  let managed = state.managed;
  for (const part of settingsPartsChanged(Object.keys(changes))) {
    // The analytics opt-out is not a setting in force (the analytics service reads it itself).
    if (part === 'analyticsOptOut') continue;
    const change = changes[SETTINGS_KEYS[part]]!;
    const removed = !('newValue' in change) || change.newValue === undefined;
    if (part === 'managed') managed = removed ? null : (change.newValue as ManagedConfig);
    else (local as Record<string, unknown>)[part] = removed ? DEFAULT_STORED_SETTINGS[part] : change.newValue;
  }
  return { local, managed };
}
