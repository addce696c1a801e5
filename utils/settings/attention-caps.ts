import { browser } from 'wxt/browser';
import { z } from 'zod';
import { ATTENTION_RANGE, type AttentionCaps } from '../attention/model';

/**
 * The admin's limits on unprompted tips, as enterprise policy keys (`storage.managed`). Each key is
 * optional and validated on its own, so one bad value does not void the others.
 */
export const attentionCapsSchema = z.object({
  maxTipsPerDay: z.number().int().min(ATTENTION_RANGE.tipsPerDay.min).max(ATTENTION_RANGE.tipsPerDay.max).optional(),
  minRepeatAfterDays: z.number().int().min(ATTENTION_RANGE.repeatAfterDays.min).max(ATTENTION_RANGE.repeatAfterDays.max).optional(),
});

/** The managed-storage keys this file reads. */
export const ATTENTION_POLICY_KEYS = Object.keys(attentionCapsSchema.shape) as (keyof AttentionCaps)[];

/**
 * Keeps the valid caps from raw policy data and names the invalid ones (Firefox validates nothing
 * against the schema, so any value can arrive).
 *
 * @example parseAttentionCaps({ maxTipsPerDay: 2, minRepeatAfterDays: 'x' })
 * // { caps: { maxTipsPerDay: 2 }, ignored: ['minRepeatAfterDays'] }
 */
export function parseAttentionCaps(raw: unknown): { caps: AttentionCaps; ignored: string[] } {
  const caps: AttentionCaps = {};
  const ignored: string[] = [];
  if (!raw || typeof raw !== 'object') return { caps, ignored };
  for (const key of ATTENTION_POLICY_KEYS) {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const parsed = attentionCapsSchema.shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) caps[key] = parsed.data;
    else ignored.push(key);
  }
  return { caps, ignored };
}

/**
 * Reads the admin's caps from enterprise policy. No policy (Firefox throws then), or a browser
 * without managed storage, means no caps.
 */
export async function readAttentionCaps(): Promise<AttentionCaps> {
  let raw: unknown;
  try {
    raw = await browser.storage.managed.get(ATTENTION_POLICY_KEYS);
  } catch {
    return {};
  }
  const { caps, ignored } = parseAttentionCaps(raw);
  if (ignored.length) console.warn(`Trailmark: ignored invalid policy values for ${ignored.join(', ')}`);
  return caps;
}
