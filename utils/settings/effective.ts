import { DEFAULT_SITE_RULES } from '../rules/defaults';
import type { SiteRule } from '../rules/schema';
import type { ManagedValues } from './managed';

/** What the employee set on this device. */
export interface LocalSettings {
  /** `null` until the employee saves rules: the built-in defaults apply. */
  siteRules: SiteRule[] | null;
  feedUrl?: string | null;
  feedPublicKey?: string | null;
}

/** The settings in force, where each comes from, and what the employee may not change. */
export interface EffectiveSettings {
  /** Every rule in force, the organisation's first (they win ties). */
  rules: SiteRule[];
  /** Rules set by policy (read-only), or null when the policy sets none. */
  policyRules: SiteRule[] | null;
  /** The employee's own rules, in force unless the organisation locked the settings. */
  ownRules: SiteRule[];
  /** The own rules are the built-in demo defaults. */
  usingDefaults: boolean;
  feedUrl: string | null;
  feedPublicKey: string | null;
  /** What the employee cannot change. */
  locked: { ownRules: boolean; feedUrl: boolean; feedPublicKey: boolean };
  /** What the organisation's policy sets. */
  setByPolicy: { siteRules: boolean; feedUrl: boolean; feedPublicKey: boolean; lockSettings: boolean };
}

/**
 * Merges the employee's settings with the organisation's policy. Policy values win and cannot be
 * changed. Policy rules come first; the employee's own rules are added after them unless
 * `lockSettings` is set, and a policy `block` rule wins anyway. With policy rules the demo
 * defaults do not apply. `lockSettings` also freezes what the policy does not set.
 *
 * @example effectiveSettings({ siteRules: null }, { lockSettings: true }).locked.ownRules // true
 */
export function effectiveSettings(local: LocalSettings, managed: ManagedValues | null | undefined): EffectiveSettings {
  const policy = managed ?? {};
  const lock = policy.lockSettings === true;
  const policyRules = policy.siteRules ?? null;
  const usingDefaults = local.siteRules === null && policyRules === null;
  const ownRules = local.siteRules ?? (policyRules ? [] : [...DEFAULT_SITE_RULES]);
  const rules = policyRules ? [...policyRules, ...(lock ? [] : ownRules)] : ownRules;
  return {
    rules,
    policyRules,
    ownRules: policyRules && lock ? [] : ownRules,
    usingDefaults,
    feedUrl: policy.catalogueFeedUrl ?? local.feedUrl ?? null,
    feedPublicKey: policy.catalogueFeedPublicKey ?? local.feedPublicKey ?? null,
    locked: {
      ownRules: lock,
      feedUrl: lock || policy.catalogueFeedUrl !== undefined,
      feedPublicKey: lock || policy.catalogueFeedPublicKey !== undefined,
    },
    setByPolicy: {
      siteRules: policyRules !== null,
      feedUrl: policy.catalogueFeedUrl !== undefined,
      feedPublicKey: policy.catalogueFeedPublicKey !== undefined,
      lockSettings: policy.lockSettings !== undefined,
    },
  };
}
