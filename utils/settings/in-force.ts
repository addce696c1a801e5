import { effectiveAttention } from '../attention/budget';
import { ATTENTION_RANGE, DEFAULT_ATTENTION, type AttentionCaps } from '../attention/model';
import type { SiteRule } from '../rules/schema';
import { attentionCaps } from './attention-caps';
import { effectiveSettings } from './effective';
import type { LdProfile } from '../profile/schema';
import type { ManagedConfig, ManagedWarning } from './managed';

/** What the employee set on this device, as stored (`local:` keys). */
export interface StoredSettings {
  siteRules: SiteRule[] | null;
  audience: string[];
  feedUrl: string;
  feedPublicKey: string;
  tipsPerDay: number;
  repeatAfterDays: number;
  quiet: boolean;
}

export const DEFAULT_STORED_SETTINGS: StoredSettings = {
  siteRules: null,
  audience: [],
  feedUrl: '',
  feedPublicKey: '',
  ...(({ tipsPerDay, repeatAfterDays, quiet }) => ({ tipsPerDay, repeatAfterDays, quiet }))(DEFAULT_ATTENTION),
};

/** Where the catalogue feed is and which key signs it. */
export interface FeedSettings {
  url: string;
  publicKey: string;
}

/** The limits of a number setting: the allowed range, narrowed by the organisation's caps. */
export interface Bounds {
  min: number;
  max: number;
}

/**
 * Everything the extension acts on, merged once: the employee's settings, the organisation's
 * policy over them, what is locked and what the policy sets. Background, popup, options and CLI
 * all use this one definition.
 */
export interface SettingsInForce {
  rules: {
    /** Every rule in force, the organisation's first (they win ties). */
    inForce: SiteRule[];
    /** Rules set by policy (read-only), or null when the policy sets none. */
    policy: SiteRule[] | null;
    /** The employee's own rules, in force unless the organisation locked the settings. */
    own: SiteRule[];
    /** The own rules are the built-in demo defaults. */
    usingDefaults: boolean;
  };
  /** The employee's roles, for rules with an audience. */
  audience: string[];
  /** The feed in force; empty strings when none is set. */
  feed: FeedSettings;
  attention: {
    /** The values in force (the employee's, within the range and the caps). */
    tipsPerDay: number;
    repeatAfterDays: number;
    quiet: boolean;
    /** The employee's own choices, as stored. */
    chosen: { tipsPerDay: number; repeatAfterDays: number };
    caps: AttentionCaps;
    /** What the number fields may be set to. */
    bounds: { tipsPerDay: Bounds; repeatAfterDays: Bounds };
  };
  /** What the employee cannot change. */
  locked: { ownRules: boolean; feedUrl: boolean; feedPublicKey: boolean };
  /** What the organisation's policy sets. */
  setByPolicy: {
    siteRules: boolean;
    feedUrl: boolean;
    feedPublicKey: boolean;
    lockSettings: boolean;
    maxTipsPerDay: boolean;
    minRepeatAfterDays: boolean;
  };
  /** Policy values that were refused. */
  warnings: ManagedWarning[];
  /** L&D profile fields the organisation's policy sets (over the catalogue's; see `profileInForce`). */
  ldProfile?: Partial<LdProfile>;
}

/**
 * The settings in force as pages get them: without the rules. Pages ask for the rules apart
 * (`rules:get`); with 10,000 rules each copy of the lists was megabytes to read and send, and
 * every open page asked again on each settings change.
 */
export type PageSettings = Omit<SettingsInForce, 'rules'>;

/** The settings in force without their rules, for pages. */
export function pageSettings({ rules: _, ...rest }: SettingsInForce): PageSettings {
  return rest;
}

/**
 * The settings in force from what is stored on this device and the last valid policy. Pure: the
 * background's settings service caches it; tests and the CLI call it directly.
 *
 * @example settingsInForce(DEFAULT_STORED_SETTINGS, { values: { maxTipsPerDay: 1 }, warnings: [] }).attention.tipsPerDay // 1
 */
export function settingsInForce(local: StoredSettings, managed: ManagedConfig | null): SettingsInForce {
  const values = managed?.values;
  const merged = effectiveSettings(
    { siteRules: local.siteRules, feedUrl: local.feedUrl || null, feedPublicKey: local.feedPublicKey || null },
    values,
  );
  const caps = attentionCaps(values);
  const attention = effectiveAttention({ tipsPerDay: local.tipsPerDay, repeatAfterDays: local.repeatAfterDays, quiet: local.quiet }, caps);
  return {
    rules: { inForce: merged.rules, policy: merged.policyRules, own: merged.ownRules, usingDefaults: merged.usingDefaults },
    audience: local.audience,
    feed: { url: (merged.feedUrl ?? '').trim(), publicKey: (merged.feedPublicKey ?? '').trim() },
    attention: {
      tipsPerDay: attention.tipsPerDay,
      repeatAfterDays: attention.repeatAfterDays,
      quiet: attention.quiet,
      chosen: { tipsPerDay: local.tipsPerDay, repeatAfterDays: local.repeatAfterDays },
      caps,
      bounds: {
        tipsPerDay: { min: ATTENTION_RANGE.tipsPerDay.min, max: Math.min(ATTENTION_RANGE.tipsPerDay.max, caps.maxTipsPerDay ?? Infinity) },
        repeatAfterDays: {
          min: Math.max(ATTENTION_RANGE.repeatAfterDays.min, caps.minRepeatAfterDays ?? 0),
          max: ATTENTION_RANGE.repeatAfterDays.max,
        },
      },
    },
    locked: merged.locked,
    setByPolicy: {
      ...merged.setByPolicy,
      maxTipsPerDay: caps.maxTipsPerDay !== undefined,
      minRepeatAfterDays: caps.minRepeatAfterDays !== undefined,
    },
    warnings: managed?.warnings ?? [],
    ...(values?.ldProfile ? { ldProfile: values.ldProfile } : {}),
  };
}
