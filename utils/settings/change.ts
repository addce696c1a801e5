import { z } from 'zod';
import { ATTENTION_RANGE } from '../attention/model';
import type { RuleProblem } from '../rules/problems';
import type { SiteRule } from '../rules/schema';
import type { PageSettings } from './in-force';

const whole = (range: { min: number; max: number }) => z.number().int().min(range.min).max(range.max);

/** A change to the employee's own settings, as an extension page asks for it. Rules go through `rules:save`. */
export const SettingsChangeSchema = z
  .object({
    feedUrl: z.string().max(2000),
    feedPublicKey: z.string().max(4000),
    tipsPerDay: whole(ATTENTION_RANGE.tipsPerDay),
    repeatAfterDays: whole(ATTENTION_RANGE.repeatAfterDays),
    quiet: z.boolean(),
    audience: z.array(z.string().max(200)).max(200),
  })
  .partial()
  .strict();
export type SettingsChange = z.infer<typeof SettingsChangeSchema>;

/**
 * Why a change may not be made, or `undefined` when it may: what the organisation's policy sets
 * or locks stays as it is.
 *
 * @example refusal({ feedUrl: 'https://x' }, inForce) // 'Refused: your organisation manages the feed' when locked
 */
export function refusal(change: SettingsChange, inForce: PageSettings): string | undefined {
  if (change.feedUrl !== undefined && inForce.locked.feedUrl) return 'Refused: your organisation manages the feed address';
  if (change.feedPublicKey !== undefined && inForce.locked.feedPublicKey) return 'Refused: your organisation manages the feed key';
  return undefined;
}

/** The employee's rules may not reuse an id of a policy rule: the organisation's rule keeps its id. */
export function policyIdClashes(rules: readonly SiteRule[], policyRules: readonly SiteRule[] | null): RuleProblem[] {
  const taken = new Set((policyRules ?? []).map((rule) => rule.id));
  return rules.flatMap((rule, i) =>
    taken.has(rule.id) ? [{ rule: i + 1, ruleId: rule.id, field: 'id' as const, key: 'ruleFault_policyId' as const, params: [] }] : [],
  );
}
