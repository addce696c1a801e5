import { storage } from 'wxt/utils/storage';
import type { SiteRule } from '../rules/schema';
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
