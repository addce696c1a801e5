import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveSettings } from '../effective';
import { parsePolicyProfile } from '../../profile/schema';
import { MANAGED_KEYS, mergeManagedPolicy, type ManagedConfig, type ManagedValues } from '../managed';

const RULE = { id: 'org-crm', name: 'CRM', patterns: ['https://crm.example.com/*'], action: 'suggest' };
const FULL = {
  id: 'org-crm',
  name: 'CRM',
  patterns: ['https://crm.example.com/*'],
  action: 'suggest' as const,
  skills: [],
  keywords: [],
  audience: [],
  enabled: true,
};
const KEY = 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=';

describe('managed policy', () => {
  it('takes every valid value', () => {
    const config = mergeManagedPolicy(null, {
      catalogueFeedUrl: 'https://feeds.example.com/feed.json',
      catalogueFeedPublicKey: KEY,
      siteRules: [RULE],
      lockSettings: true,
    });
    expect(config).toEqual({
      values: {
        catalogueFeedUrl: 'https://feeds.example.com/feed.json',
        catalogueFeedPublicKey: KEY,
        siteRules: [FULL],
        lockSettings: true,
      },
      warnings: [],
    });
  });

  it.each([
    ['lockSettings', 1, true],
    ['lockSettings', 'false', false],
    ['siteRules', JSON.stringify([RULE]), [FULL]],
  ])('reads %s given as %j (registry and plist forms)', (key, raw, value) => {
    expect(mergeManagedPolicy(null, { [key]: raw }).values).toEqual({ [key]: value });
  });

  it.each([
    ['catalogueFeedUrl', 'http://feeds.example.com/feed.json', 'policyInvalid_catalogueFeedUrl'],
    ['catalogueFeedPublicKey', 'not a key!', 'policyInvalid_catalogueFeedPublicKey'],
    ['lockSettings', 'maybe', 'policyInvalid_lockSettings'],
    ['siteRules', [{ ...RULE, patterns: ['/(a+)+/'] }], 'policyInvalid_siteRules'],
  ])('ignores an invalid %s with a warning, keeping its last valid value and the other values', (key, invalid, reason) => {
    const valid = {
      catalogueFeedUrl: 'https://feeds.example.com/feed.json',
      catalogueFeedPublicKey: KEY,
      siteRules: [RULE],
      lockSettings: false,
    };
    const first = mergeManagedPolicy(null, valid);
    const second = mergeManagedPolicy(first, { ...valid, [key]: invalid });
    expect(second.values).toEqual(first.values);
    expect(second.warnings).toMatchObject([{ key, reason, keptPrevious: true }]);
    const fresh = mergeManagedPolicy(null, { [key]: invalid });
    expect(fresh.values).toEqual({});
    expect(fresh.warnings).toMatchObject([{ key, keptPrevious: false }]);
  });

  it('names the rule and field of an invalid site rule', () => {
    const config = mergeManagedPolicy(null, { siteRules: [RULE, { ...RULE, id: 'x', action: 'watch' }] });
    expect(config.warnings[0]?.problems).toMatchObject([
      { rule: 2, ruleId: 'x', field: 'action', value: 'watch', key: 'ruleField_action' },
    ]);
  });

  it('drops a value the admin removed, and treats a missing policy as none', () => {
    const first = mergeManagedPolicy(null, { lockSettings: true });
    expect(mergeManagedPolicy(first, {}).values).toEqual({});
    expect(mergeManagedPolicy(first, undefined).values).toEqual({});
  });

  it('never throws, never keeps an invalid value, and never loses a valid one to an invalid one (fuzzed)', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.constant([RULE]),
      fc.constant('https://feeds.example.com/f.json'),
      fc.boolean(),
      fc.constant(KEY),
    );
    const policy = fc.dictionary(fc.constantFrom(...MANAGED_KEYS, 'other'), value);
    fc.assert(
      fc.property(fc.array(policy, { minLength: 1, maxLength: 4 }), (policies) => {
        let config: ManagedConfig | null = null;
        for (const raw of policies) {
          const next = mergeManagedPolicy(config, raw);
          for (const warning of next.warnings) {
            if (warning.unknown) continue;
            // The L&D profile is taken field by field (see the profile tests); every other value whole.
            if (warning.key === 'ldProfile') {
              expect(parsePolicyProfile(next.values.ldProfile ?? {}).problems).toEqual([]);
              continue;
            }
            const key = warning.key as keyof ManagedValues;
            expect(next.values[key]).toEqual(config?.values[key]);
          }
          for (const key of MANAGED_KEYS) if (!(key in raw) || raw[key] === null) expect(next.values[key]).toBeUndefined();
          config = next;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('effective settings', () => {
  const own = [{ ...FULL, id: 'own-wiki', name: 'Wiki', patterns: ['https://wiki.example.com/*'] }];

  it.each([
    ['no policy, nothing saved: no rules (the shipped defaults are empty)', null, undefined, [], { ownRules: false, feedUrl: false }],
    ['no policy: the employee’s rules', own, undefined, ['own-wiki'], { ownRules: false, feedUrl: false }],
    ['policy rules first, then the employee’s', own, { siteRules: [FULL] }, ['org-crm', 'own-wiki'], { ownRules: false, feedUrl: false }],
    ['policy rules replace the demo defaults', null, { siteRules: [FULL] }, ['org-crm'], { ownRules: false, feedUrl: false }],
    ['locked: only the policy rules', own, { siteRules: [FULL], lockSettings: true }, ['org-crm'], { ownRules: true, feedUrl: true }],
    [
      'locked without policy rules: the employee’s, read-only',
      own,
      { lockSettings: true },
      ['own-wiki'],
      { ownRules: true, feedUrl: true },
    ],
    [
      'a policy feed locks the feed only',
      own,
      { catalogueFeedUrl: 'https://f.example.com/f.json' },
      ['own-wiki'],
      { ownRules: false, feedUrl: true },
    ],
  ] as const)('%s', (_, local, managed, ids, locked) => {
    const settings = effectiveSettings(
      { siteRules: local ? [...local] : null, feedUrl: 'https://mine.example.com/f.json' },
      managed as never,
    );
    expect(settings.rules.map((r) => r.id)).toEqual(ids);
    expect(settings.locked).toMatchObject(locked);
  });

  it('lets the policy feed override the local one', () => {
    const settings = effectiveSettings(
      { siteRules: null, feedUrl: 'https://mine.example.com/f.json' },
      { catalogueFeedUrl: 'https://org.example.com/f.json' },
    );
    expect(settings.feedUrl).toBe('https://org.example.com/f.json');
    expect(settings.setByPolicy.feedUrl).toBe(true);
  });
});
