import { z } from 'zod';
import type { MessageKey } from '../i18n';
import { parsePolicyProfile, type LdProfile, type ProfileProblem } from '../profile/schema';
import { ruleProblems, unknownRuleFields, type RuleProblem } from '../rules/problems';
import { SiteRulesSchema, type SiteRule } from '../rules/schema';
import { ANALYTICS_POLICY_KEYS, parseAnalyticsPolicyValue } from '../analytics/policy';
import { attentionCapsSchema } from './attention-caps';

/**
 * Enterprise policy: the values an admin can set (Chrome: `managed_schema.json`; Firefox:
 * `policies.json` → `3rdparty` → `Extensions` → the add-on id). Firefox checks nothing and Chrome
 * only types, so every value is parsed here, each on its own: an invalid one is ignored with a
 * warning and its last valid value stays in force.
 */
export interface ManagedValues {
  catalogueFeedUrl?: string;
  catalogueFeedPublicKey?: string;
  siteRules?: SiteRule[];
  lockSettings?: boolean;
  /** At most this many unprompted tips in 24 hours, whatever the employee chose. */
  maxTipsPerDay?: number;
  /** At least this many days before a resource is suggested again, unprompted, on a site. */
  minRepeatAfterDays?: number;
  /** L&D profile fields that set or override the catalogue's (see `profileInForce`). */
  ldProfile?: Partial<LdProfile>;
  /** Analytics (see utils/analytics/policy.ts): on only when endpoint, key, secret and home page are all valid. */
  analyticsLrsEndpoint?: string;
  analyticsLrsKey?: string;
  analyticsLrsSecret?: string;
  analyticsOrgHomePage?: string;
  analyticsEmployeesMayOptOut?: boolean;
}
export type ManagedKey = keyof ManagedValues;
export const MANAGED_KEYS = [
  'catalogueFeedUrl',
  'catalogueFeedPublicKey',
  'siteRules',
  'lockSettings',
  'maxTipsPerDay',
  'minRepeatAfterDays',
  'ldProfile',
  ...ANALYTICS_POLICY_KEYS,
] as const satisfies readonly ManagedKey[];

/** A managed value that was refused, or a key Trailmark does not know (`unknown`). */
export interface ManagedWarning {
  /** The policy key as the admin wrote it. */
  key: string;
  /** About names Trailmark does not know: a policy key, or fields inside the rules (the values in force are not affected). */
  unknown?: boolean;
  /** i18n key saying what the value must be. */
  reason: MessageKey;
  /** For `siteRules`: which rule and field. */
  problems?: RuleProblem[];
  /** For `ldProfile`: the refused fields (the valid ones are in force). */
  profileProblems?: ProfileProblem[];
  /** Whether an earlier valid value stays in force. */
  keptPrevious: boolean;
}

/** The managed configuration Trailmark acts on: the last valid value of each policy, and what was refused. */
export interface ManagedConfig {
  values: ManagedValues;
  warnings: ManagedWarning[];
}

const HttpsUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'https:' && url.hostname !== '';
    } catch {
      return false;
    }
  });

/** A public key as text: base64 (raw or SPKI) or PEM. Whether it verifies is the feed's business. */
const PublicKey = z
  .string()
  .trim()
  .min(32)
  .max(4000)
  .regex(/^(-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----|[A-Za-z0-9+/_=-]+)$/);

/** Yes and no as admins write them in text fields, registry strings and plists. */
const TRUE_WORDS = ['true', 'yes', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'off', '0'];

/** Booleans may arrive as 0/1 or as words ("true", "yes", "off") from the Windows registry, a plist or policies.json. */
const Flag = z.union([
  z.boolean(),
  z.literal(0).transform(() => false),
  z.literal(1).transform(() => true),
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => TRUE_WORDS.includes(v) || FALSE_WORDS.includes(v))
    .transform((v) => TRUE_WORDS.includes(v)),
]);

/**
 * A rule's `enabled` written as a word or 0/1 (`"enabled": "true"`), read as the boolean the
 * admin meant; anything else is left for the rule schema to refuse, naming rule and field.
 */
function withFlagsRead(data: unknown): unknown {
  if (!Array.isArray(data)) return data;
  return data.map((rule: unknown) => {
    if (!rule || typeof rule !== 'object' || !('enabled' in rule) || typeof rule.enabled === 'boolean') return rule;
    const parsed = Flag.safeParse(rule.enabled);
    return parsed.success ? { ...rule, enabled: parsed.data } : rule;
  });
}

/** Rules may arrive as a JSON string (Group Policy text fields). */
function rulesData(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function parseValue(
  key: ManagedKey,
  raw: unknown,
):
  | { ok: true; value: unknown }
  | { ok: false; reason: MessageKey; problems?: RuleProblem[]; profileProblems?: ProfileProblem[]; partial?: Partial<LdProfile> } {
  switch (key) {
    case 'catalogueFeedUrl': {
      const parsed = HttpsUrl.safeParse(raw);
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'policyInvalid_catalogueFeedUrl' };
    }
    case 'catalogueFeedPublicKey': {
      const parsed = PublicKey.safeParse(raw);
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'policyInvalid_catalogueFeedPublicKey' };
    }
    case 'lockSettings': {
      const parsed = Flag.safeParse(raw);
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'policyInvalid_lockSettings' };
    }
    case 'maxTipsPerDay':
    case 'minRepeatAfterDays': {
      const parsed = attentionCapsSchema.shape[key].safeParse(raw);
      return parsed.success && parsed.data !== undefined ? { ok: true, value: parsed.data } : { ok: false, reason: `policyInvalid_${key}` };
    }
    case 'ldProfile': {
      const { fields, problems } = parsePolicyProfile(raw);
      if (problems.length === 0) return { ok: true, value: fields };
      return { ok: false, reason: 'policyInvalid_ldProfile', profileProblems: problems, partial: fields };
    }
    case 'analyticsLrsEndpoint':
    case 'analyticsLrsKey':
    case 'analyticsLrsSecret':
    case 'analyticsOrgHomePage':
    case 'analyticsEmployeesMayOptOut': {
      const parsed = parseAnalyticsPolicyValue(key, raw);
      return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, reason: `policyInvalid_${key}` };
    }
    case 'siteRules': {
      const data = withFlagsRead(rulesData(raw));
      const parsed = SiteRulesSchema.safeParse(data);
      if (parsed.success) return { ok: true, value: parsed.data };
      return { ok: false, reason: 'policyInvalid_siteRules', problems: ruleProblems(parsed.error, data).slice(0, 20) };
    }
  }
}

/**
 * The new managed configuration from what `storage.managed` holds now and the last one: each
 * policy is taken if valid; if invalid, its previous valid value stays and a warning says why; a
 * policy the admin removed is dropped.
 *
 * @example mergeManagedPolicy(null, { lockSettings: true }).values // { lockSettings: true }
 */
export function mergeManagedPolicy(previous: ManagedConfig | null, raw: unknown): ManagedConfig {
  const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const values: Record<string, unknown> = {};
  const warnings: ManagedWarning[] = [];
  for (const key of MANAGED_KEYS) {
    if (!Object.hasOwn(input, key) || input[key] === undefined || input[key] === null) continue;
    const result = parseValue(key, input[key]);
    if (result.ok) {
      values[key] = result.value;
      continue;
    }
    const before = previous?.values[key];
    if (result.partial) {
      // Field by field: a refused field keeps its last valid value, the valid ones apply.
      const kept = Object.fromEntries(
        (result.profileProblems ?? []).flatMap((p) => {
          const value = (before as Partial<LdProfile> | undefined)?.[p.field as keyof LdProfile];
          return value === undefined ? [] : [[p.field, value]];
        }),
      );
      const merged = { ...kept, ...result.partial };
      if (Object.keys(merged).length > 0) values[key] = merged;
      warnings.push({
        key,
        reason: result.reason,
        profileProblems: result.profileProblems ?? [],
        keptPrevious: Object.keys(kept).length > 0,
      });
      continue;
    }
    if (before !== undefined) values[key] = before;
    warnings.push({
      key,
      reason: result.reason,
      ...(result.problems ? { problems: result.problems } : {}),
      keptPrevious: before !== undefined,
    });
  }
  for (const key of Object.keys(input)) {
    if (!(MANAGED_KEYS as readonly string[]).includes(key))
      warnings.push({ key: key.slice(0, 100), unknown: true, reason: 'policyUnknownKey', keptPrevious: false });
  }
  const rules = values.siteRules as SiteRule[] | undefined;
  const unknownFields = rules ? unknownRuleFields(withFlagsRead(rulesData(input.siteRules))) : [];
  if (unknownFields.length > 0) {
    warnings.push({
      key: 'siteRules',
      unknown: true,
      reason: 'policyUnknownRuleFields',
      problems: unknownFields.slice(0, 20),
      keptPrevious: false,
    });
  }
  return { values: values as ManagedValues, warnings };
}
