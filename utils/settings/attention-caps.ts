import { z } from 'zod';
import { ATTENTION_RANGE, type AttentionCaps } from '../attention/model';
import type { ManagedValues } from './managed';

/** A whole number within a range; Group Policy text fields and registry strings may send it as text. */
const wholeNumber = (range: { min: number; max: number }) =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^\d{1,6}$/)
        .transform(Number),
    ])
    .pipe(z.number().int().min(range.min).max(range.max));

/**
 * The admin's limits on unprompted tips, as enterprise policy keys (`maxTipsPerDay`,
 * `minRepeatAfterDays`). `mergeManagedPolicy` parses each on its own with these, like every policy.
 */
export const attentionCapsSchema = z
  .object({
    maxTipsPerDay: wholeNumber(ATTENTION_RANGE.tipsPerDay),
    minRepeatAfterDays: wholeNumber(ATTENTION_RANGE.repeatAfterDays),
  })
  .partial();

/**
 * The caps in force, from the policy values in force.
 *
 * @example attentionCaps({ maxTipsPerDay: 2 }) // { maxTipsPerDay: 2 }
 */
export function attentionCaps(values: ManagedValues | null | undefined): AttentionCaps {
  return {
    ...(values?.maxTipsPerDay !== undefined ? { maxTipsPerDay: values.maxTipsPerDay } : {}),
    ...(values?.minRepeatAfterDays !== undefined ? { minRepeatAfterDays: values.minRepeatAfterDays } : {}),
  };
}
