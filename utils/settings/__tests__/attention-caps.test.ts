import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ATTENTION_RANGE } from '../../attention/model';
import { parseAttentionCaps, readAttentionCaps } from '../attention-caps';

describe('attention caps from enterprise policy', () => {
  it.each([
    ['nothing set', {}, {}, []],
    ['both set', { maxTipsPerDay: 2, minRepeatAfterDays: 30 }, { maxTipsPerDay: 2, minRepeatAfterDays: 30 }, []],
    ['zero tips is allowed (no unprompted tips at all)', { maxTipsPerDay: 0 }, { maxTipsPerDay: 0 }, []],
    ['a string is ignored, the other kept', { maxTipsPerDay: '2', minRepeatAfterDays: 7 }, { minRepeatAfterDays: 7 }, ['maxTipsPerDay']],
    ['out of range is ignored', { maxTipsPerDay: 500, minRepeatAfterDays: -1 }, {}, ['maxTipsPerDay', 'minRepeatAfterDays']],
    ['a fraction is ignored', { maxTipsPerDay: 2.5 }, {}, ['maxTipsPerDay']],
    ['unknown keys are left alone', { siteRules: [], somethingElse: 1 }, {}, []],
    ['not an object', 'max 2', {}, []],
    ['null', null, {}, []],
  ])('%s', (_, raw, caps, ignored) => {
    expect(parseAttentionCaps(raw)).toEqual({ caps, ignored });
  });

  it('never throws, and every cap it keeps is a whole number within range (fuzzed)', () => {
    const value = fc.oneof(fc.anything(), fc.integer({ min: -5, max: 400 }), fc.double());
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ maxTipsPerDay: value, minRepeatAfterDays: value }, { requiredKeys: [] })), (raw) => {
        const { caps } = parseAttentionCaps(raw);
        if (caps.maxTipsPerDay !== undefined) {
          expect(Number.isInteger(caps.maxTipsPerDay)).toBe(true);
          expect(caps.maxTipsPerDay).toBeGreaterThanOrEqual(ATTENTION_RANGE.tipsPerDay.min);
          expect(caps.maxTipsPerDay).toBeLessThanOrEqual(ATTENTION_RANGE.tipsPerDay.max);
        }
        if (caps.minRepeatAfterDays !== undefined) {
          expect(Number.isInteger(caps.minRepeatAfterDays)).toBe(true);
          expect(caps.minRepeatAfterDays).toBeLessThanOrEqual(ATTENTION_RANGE.repeatAfterDays.max);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads managed storage, and treats a browser that throws (Firefox without policy) as no caps', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockResolvedValueOnce({ maxTipsPerDay: 1 });
    expect(await readAttentionCaps()).toEqual({ maxTipsPerDay: 1 });
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValueOnce(new Error('Managed storage manifest not found'));
    expect(await readAttentionCaps()).toEqual({});
  });
});
