import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTENTION_RANGE } from '../../attention/model';
import { attentionCaps } from '../attention-caps';
import { settingsInForce } from '../in-force';
import { managedConfigItem, readStoredSettings } from '../items';

const readAttentionCaps = async () => {
  const { local, managed } = await readStoredSettings();
  return settingsInForce(local, managed).attention.caps;
};
import { mergeManagedPolicy } from '../managed';

/** What a raw policy leaves of the tip caps, through the same merge every policy goes through. */
const capsFrom = (raw: unknown) => {
  const config = mergeManagedPolicy(null, raw);
  return { caps: attentionCaps(config.values), refused: config.warnings.map((w) => [w.key, w.reason]) };
};

describe('tip caps from enterprise policy', () => {
  it.each([
    ['nothing set', {}, {}, []],
    ['both set', { maxTipsPerDay: 2, minRepeatAfterDays: 30 }, { maxTipsPerDay: 2, minRepeatAfterDays: 30 }, []],
    ['zero tips is allowed (no unprompted tips at all)', { maxTipsPerDay: 0 }, { maxTipsPerDay: 0 }, []],
    [
      'a number as text (a registry string, a Group Policy text box)',
      { maxTipsPerDay: ' 4 ', minRepeatAfterDays: '7' },
      { maxTipsPerDay: 4, minRepeatAfterDays: 7 },
      [],
    ],
    [
      'not a number, the other kept',
      { maxTipsPerDay: 'a few', minRepeatAfterDays: 7 },
      { minRepeatAfterDays: 7 },
      [['maxTipsPerDay', 'policyInvalid_maxTipsPerDay']],
    ],
    [
      'out of range',
      { maxTipsPerDay: 500, minRepeatAfterDays: -1 },
      {},
      [
        ['maxTipsPerDay', 'policyInvalid_maxTipsPerDay'],
        ['minRepeatAfterDays', 'policyInvalid_minRepeatAfterDays'],
      ],
    ],
    ['a fraction', { maxTipsPerDay: 2.5 }, {}, [['maxTipsPerDay', 'policyInvalid_maxTipsPerDay']]],
    ['a boolean', { minRepeatAfterDays: true }, {}, [['minRepeatAfterDays', 'policyInvalid_minRepeatAfterDays']]],
    ['other policies do not make caps', { lockSettings: true }, {}, []],
  ])('%s', (_, raw, caps, refused) => {
    expect(capsFrom(raw)).toEqual({ caps, refused });
  });

  it('an invalid new value keeps the last valid cap in force', () => {
    const first = mergeManagedPolicy(null, { maxTipsPerDay: 2 });
    const second = mergeManagedPolicy(first, { maxTipsPerDay: 'lots' });
    expect(attentionCaps(second.values)).toEqual({ maxTipsPerDay: 2 });
    expect(second.warnings).toMatchObject([{ key: 'maxTipsPerDay', keptPrevious: true }]);
  });

  it('never throws, and every cap it keeps is a whole number within range (fuzzed)', () => {
    const value = fc.oneof(fc.jsonValue(), fc.integer({ min: -5, max: 400 }), fc.double(), fc.integer({ min: 0, max: 400 }).map(String));
    fc.assert(
      fc.property(fc.record({ maxTipsPerDay: value, minRepeatAfterDays: value }, { requiredKeys: [] }), (raw) => {
        const { caps } = capsFrom(raw);
        if (caps.maxTipsPerDay !== undefined) {
          expect(Number.isInteger(caps.maxTipsPerDay)).toBe(true);
          expect(caps.maxTipsPerDay).toBeGreaterThanOrEqual(ATTENTION_RANGE.tipsPerDay.min);
          expect(caps.maxTipsPerDay).toBeLessThanOrEqual(ATTENTION_RANGE.tipsPerDay.max);
        }
        if (caps.minRepeatAfterDays !== undefined) {
          expect(Number.isInteger(caps.minRepeatAfterDays)).toBe(true);
          expect(caps.minRepeatAfterDays).toBeGreaterThanOrEqual(ATTENTION_RANGE.repeatAfterDays.min);
          expect(caps.minRepeatAfterDays).toBeLessThanOrEqual(ATTENTION_RANGE.repeatAfterDays.max);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads the caps from the policy in force that the background keeps', async () => {
    expect(await readAttentionCaps()).toEqual({});
    await managedConfigItem.setValue(mergeManagedPolicy(null, { maxTipsPerDay: 1, lockSettings: true }));
    expect(await readAttentionCaps()).toEqual({ maxTipsPerDay: 1 });
  });
});
