import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import nl from '../../../public/_locales/nl/messages.json';
import { createTranslator } from '../../i18n';
import { compileRules } from '../compile';
import { explainUrl } from '../explain';
import { describeExplanation } from '../explain-words';
import { describeRuleProblem, ruleProblems } from '../problems';
import { SiteRuleSchema, SiteRulesSchema, type SiteRuleInput } from '../schema';

const rule = (id: string, action: 'suggest' | 'block', patterns: string[], extra: Partial<SiteRuleInput> = {}) =>
  SiteRuleSchema.parse({ id, name: id, action, patterns, ...extra });

const rules = compileRules([
  rule('Everything at example.com', 'suggest', ['*://*.example.com/*']),
  rule('CRM', 'suggest', ['https://crm.example.com/*']),
  rule('CRM opportunities', 'suggest', ['https://crm.example.com/opportunities/*']),
  rule('CRM again', 'suggest', ['https://crm.example.com/*']),
  rule('Payroll', 'block', ['https://crm.example.com/payroll/*']),
  rule('Old wiki', 'suggest', ['https://wiki.example.com/*'], { enabled: false }),
  rule('Sales pipeline', 'suggest', ['https://crm.example.com/opportunities/:id'], { audience: ['Sales'] }),
]);

describe('explain', () => {
  it.each([
    [
      'https://crm.example.com/opportunities/7',
      [],
      'suggest',
      'CRM opportunities',
      {
        'Everything at example.com': 'lessSpecific/host',
        CRM: 'lessSpecific/path',
        'CRM opportunities': 'winner',
        'CRM again': 'lessSpecific/path',
        'Sales pipeline': 'audience',
      },
    ],
    [
      'https://crm.example.com/opportunities/7',
      ['sales'],
      'suggest',
      'Sales pipeline',
      {
        'Everything at example.com': 'lessSpecific/host',
        CRM: 'lessSpecific/path',
        'CRM opportunities': 'lessSpecific/kind',
        'CRM again': 'lessSpecific/path',
        'Sales pipeline': 'winner',
      },
    ],
    [
      'https://crm.example.com/accounts',
      [],
      'suggest',
      'CRM',
      { 'Everything at example.com': 'lessSpecific/host', CRM: 'winner', 'CRM again': 'tie/order' },
    ],
    [
      'https://crm.example.com/payroll/2026',
      [],
      'block',
      'Payroll',
      { 'Everything at example.com': 'overruledByBlock', CRM: 'overruledByBlock', 'CRM again': 'overruledByBlock', Payroll: 'winner' },
    ],
    [
      'https://wiki.example.com/home',
      [],
      'suggest',
      'Everything at example.com',
      { 'Everything at example.com': 'winner', 'Old wiki': 'disabled' },
    ],
    ['https://elsewhere.org/', [], 'none', undefined, {}],
  ])('%s with roles %j → %s by %s', (url, audience, action, winner, outcomes) => {
    const explanation = explainUrl(rules, url, audience);
    expect(explanation.action).toBe(action);
    expect(explanation.winner?.name).toBe(winner);
    expect(Object.fromEntries(explanation.rules.map((r) => [r.name, r.factor ? `${r.outcome}/${r.factor}` : r.outcome]))).toEqual(outcomes);
  });

  it('says it in plain English', () => {
    const { verdict, rules: lines } = describeExplanation(
      explainUrl(rules, 'https://crm.example.com/opportunities/7'),
      createTranslator('en'),
    );
    expect(verdict).toBe(
      'Trailmark may read this page and suggest learning resources: “CRM opportunities” is the most specific matching rule.',
    );
    expect(lines).toEqual([
      'Suggest rule “Everything at example.com” matches (match pattern: *://*.example.com/*). “CRM opportunities” wins with a more exact host: exact host crm.example.com, fixed path “/opportunities/” (15 characters), against wildcard host *.example.com here.',
      'Suggest rule “CRM” matches (match pattern: https://crm.example.com/*). “CRM opportunities” wins with a longer fixed path: exact host crm.example.com, fixed path “/opportunities/” (15 characters), against exact host crm.example.com here.',
      'Suggest rule “CRM opportunities” matches (match pattern: https://crm.example.com/opportunities/*). It decides as the most specific: exact host crm.example.com, fixed path “/opportunities/” (15 characters).',
      'Suggest rule “CRM again” matches (match pattern: https://crm.example.com/*). “CRM opportunities” wins with a longer fixed path: exact host crm.example.com, fixed path “/opportunities/” (15 characters), against exact host crm.example.com here.',
      'Suggest rule “Sales pipeline” matches (URL pattern: https://crm.example.com/opportunities/:id). It is only for Sales, and you have not chosen a role (Settings → Sites → Your role), so it does not count.',
    ]);
  });

  it('says it in plain Dutch', () => {
    const { verdict, rules: lines } = describeExplanation(explainUrl(rules, 'https://crm.example.com/payroll/1'), createTranslator('nl'));
    expect(verdict).toMatch(
      /^Trailmark leest deze pagina niet: de blokkeerregel “Payroll” past, en een blokkeerregel wint altijd\. Een blokkering geldt ook voor/,
    );
    expect(lines.at(-1)).toBe(
      'Blokkeerregel “Payroll” past (matchpatroon: https://crm.example.com/payroll/*). Die beslist: een blokkeerregel wint altijd.',
    );
    expect(describeExplanation(explainUrl(rules, 'niet een adres'), createTranslator('nl')).verdict).toMatch(/geen volledig webadres/);
  });
});

describe('rule problems in plain words', () => {
  it.each([
    [
      [{ id: 'crm', name: 'CRM', action: 'suggest', patterns: ['https://crm.*.com/x(*'] }],
      'Rule 1 (“crm”), pattern no. 1: is not a valid URL pattern',
    ],
    [
      [{ id: 'a', name: 'A', action: 'suggest', patterns: ['/(a+)+/'] }],
      'Rule 1 (“a”), pattern no. 1: repeats something that itself repeats',
    ],
    [
      [{ id: 'a', name: 'A', action: 'maybe', patterns: ['<all_urls>'] }],
      'Rule 1 (“a”), action: must be suggest or block. (found “maybe”)',
    ],
    [[{ id: 'a', name: 'A', patterns: ['<all_urls>'] }], 'Rule 1 (“a”), action: is missing.'],
    [
      [{ id: 'a', name: 'A', action: 'block', patterns: ['<all_urls>'], audience: ['HR'] }],
      'Rule 1 (“a”), audience: a block rule holds for everyone',
    ],
    [
      [
        { id: 'a', name: 'A', action: 'suggest', patterns: ['<all_urls>'] },
        { id: 'a', name: 'B', action: 'suggest', patterns: ['<all_urls>'] },
      ],
      'Rule 2 (“a”), id: this id is also used by rule 1',
    ],
    [[42], 'Rule 1: must be an object with id, name, patterns and action.'],
    [{ rules: [] }, 'The rules must be a JSON list'],
  ])('%j → %s', (data, sentence) => {
    const result = SiteRulesSchema.safeParse(data);
    expect(result.success).toBe(false);
    const [first] = ruleProblems(result.error!, data);
    expect(describeRuleProblem(first!, createTranslator('en'))).toContain(sentence);
  });

  it('turns anything into problems with messages in both languages, never throwing', () => {
    const keys = new Set(Object.keys(en));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.array(fc.dictionary(fc.constantFrom('id', 'name', 'patterns', 'action', 'audience', 'enabled', 'skills'), fc.jsonValue())),
        ),
        (data) => {
          const result = SiteRulesSchema.safeParse(data);
          if (result.success) return;
          for (const problem of ruleProblems(result.error, data)) {
            expect(keys.has(problem.key), problem.key).toBe(true);
            expect(describeRuleProblem(problem, createTranslator('nl'))).not.toMatch(/ruleF|undefined/);
          }
        },
      ),
      { numRuns: 2000 },
    );
    expect(Object.keys(nl).length).toBe(keys.size);
  });
});
