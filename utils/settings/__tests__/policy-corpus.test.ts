import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../i18n';
import { describeRuleProblem } from '../../rules/problems';
import { REFUSED } from '../../rules/__tests__/redos-corpus';
import { mergeManagedPolicy } from '../managed';

const RULE = { id: 'org-crm', name: 'CRM', patterns: ['https://crm.example.com/*'], action: 'suggest' };
const t = createTranslator('en');

/**
 * The policy corpus: values as admins actually write them (the finding: each of these made Chrome
 * drop the policy, and Firefox hands them over as written). Each is read as meant or refused with
 * a warning that names the key, and, for rules, the rule and the field.
 */
describe('policy values as admins write them', () => {
  it.each([
    ['lockSettings', 'yes', true],
    ['lockSettings', 'YES', true],
    ['lockSettings', 'true', true],
    ['lockSettings', 'off', false],
    ['lockSettings', '0', false],
    ['lockSettings', 1, true],
    ['maxTipsPerDay', '5', 5],
    ['minRepeatAfterDays', '14', 14],
    ['minRepeatAfterDays', ' 14 ', 14],
    ['siteRules', JSON.stringify([RULE]), [expect.objectContaining({ id: 'org-crm', enabled: true })]],
    ['siteRules', [{ ...RULE, enabled: 'true' }], [expect.objectContaining({ id: 'org-crm', enabled: true })]],
    ['siteRules', [{ ...RULE, enabled: 'false' }], [expect.objectContaining({ id: 'org-crm', enabled: false })]],
    ['siteRules', [{ ...RULE, enabled: 0 }], [expect.objectContaining({ id: 'org-crm', enabled: false })]],
  ])('%s: %j is read as %j', (key, raw, expected) => {
    const config = mergeManagedPolicy(null, { [key]: raw });
    expect(config.warnings).toEqual([]);
    expect(config.values).toEqual({ [key]: expected });
  });

  it.each([
    ['lockSettings', 'maybe', 'policyInvalid_lockSettings'],
    ['lockSettings', 2, 'policyInvalid_lockSettings'],
    ['maxTipsPerDay', '5 tips', 'policyInvalid_maxTipsPerDay'],
    ['maxTipsPerDay', 21, 'policyInvalid_maxTipsPerDay'],
    ['minRepeatAfterDays', '14.5', 'policyInvalid_minRepeatAfterDays'],
    ['minRepeatAfterDays', -1, 'policyInvalid_minRepeatAfterDays'],
    ['catalogueFeedUrl', 'http://feeds.example.com/feed.json', 'policyInvalid_catalogueFeedUrl'],
    ['catalogueFeedUrl', 42, 'policyInvalid_catalogueFeedUrl'],
    ['catalogueFeedPublicKey', 'short', 'policyInvalid_catalogueFeedPublicKey'],
    ['siteRules', 'not json', 'policyInvalid_siteRules'],
    ['siteRules', { rules: [RULE] }, 'policyInvalid_siteRules'],
    ['siteRules', [{ ...RULE, enabled: 'perhaps' }], 'policyInvalid_siteRules'],
    ['siteRules', [{ ...RULE, patterns: '/crm.*opportunit.*edit/' }], 'policyInvalid_siteRules'],
    ['siteRules', [{ ...RULE, patterns: ['/crm.*opportunit.*edit/'] }], 'policyInvalid_siteRules'],
    ['siteRules', [{ ...RULE, patterns: ['http://127.0.0.1/:x((?:a+)+b)'] }], 'policyInvalid_siteRules'],
  ])('%s: %j is refused (%s), and the last valid value stays', (key, raw, reason) => {
    const previous = mergeManagedPolicy(null, {
      lockSettings: false,
      maxTipsPerDay: 3,
      minRepeatAfterDays: 7,
      catalogueFeedUrl: 'https://feeds.example.com/feed.json',
      catalogueFeedPublicKey: 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=',
      siteRules: [RULE],
    });
    const config = mergeManagedPolicy(previous, { ...Object.fromEntries(Object.entries(previous.values)), [key]: raw });
    expect(config.warnings).toMatchObject([{ key, reason, keptPrevious: true }]);
    expect(config.values).toEqual(previous.values);
  });

  it('names the rule and the field of a wrongly typed rule value', () => {
    const config = mergeManagedPolicy(null, { siteRules: [RULE, { ...RULE, id: 'org-wiki', enabled: 'perhaps' }] });
    const [warning] = config.warnings;
    expect(describeRuleProblem(warning!.problems![0]!, t)).toMatch(/^Rule 2 \(“org-wiki”\), on\/off:/i);
  });

  it('warns about keys and rule fields Trailmark does not know, naming them', () => {
    const config = mergeManagedPolicy(null, {
      sitesRules: [RULE],
      lockSetting: true,
      siteRules: [{ ...RULE, audiences: ['Sales'], Enabled: false, comment: 'x' }],
    });
    expect(config.values.siteRules).toHaveLength(1);
    const keys = config.warnings.map((w) => [w.key, w.reason]);
    expect(keys).toEqual([
      ['sitesRules', 'policyUnknownKey'],
      ['lockSetting', 'policyUnknownKey'],
      ['siteRules', 'policyUnknownRuleFields'],
    ]);
    expect(describeRuleProblem(config.warnings[2]!.problems![0]!, t)).toContain('audiences (audience?), Enabled (enabled?), comment');
  });

  it(`refuses every one of the ${REFUSED.length} hang shapes of the regex corpus in a policy rule, naming rule, pattern and fault`, () => {
    const previous = mergeManagedPolicy(null, { siteRules: [RULE] });
    for (const [source] of REFUSED) {
      const config = mergeManagedPolicy(previous, {
        siteRules: [RULE, { ...RULE, id: 'org-hang', patterns: ['https://crm.example.com/*', source] }],
      });
      expect(config.values.siteRules).toEqual(previous.values.siteRules);
      const [warning] = config.warnings;
      expect(warning).toMatchObject({ key: 'siteRules', reason: 'policyInvalid_siteRules', keptPrevious: true });
      expect(describeRuleProblem(warning!.problems![0]!, t)).toMatch(/^Rule 2 \(“org-hang”\), pattern no\. 2: \S/);
    }
    console.log(`Regex corpus: ${REFUSED.length} hang shapes tried as policy rules, each refused with the last valid rules kept`);
  });
});
