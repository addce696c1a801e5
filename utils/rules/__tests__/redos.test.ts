import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules, matchUrl } from '../compile';
import { parsePattern } from '../patterns';
import { MAX_REGEX_SUBJECT } from '../regex';
import { SiteRuleSchema, type SiteRuleInput } from '../schema';
import { REFUSED } from './redos-corpus';

/**
 * The regex corpus: shapes known to hang a backtracking engine, and generated ones. Each is either
 * refused (with a fault the options page and the CLI explain) or, when accepted, runs on the
 * worst addresses of the longest length tested in bounded time. The bound is a safety line far
 * above what an accepted expression takes (a few ms) and far below what a refused one would (the
 * old check accepted `/crm.*opportunit.*edit/`, which stalled the browser for 17 s on 16 KB).
 */
const BOUND_MS = 500;

/** Addresses that make a backtracking engine try hardest: long runs of what the expression wants, then a miss. */
function hostileSubjects(source: string): string[] {
  const literals = [...new Set(source.replace(/\\./g, '').match(/[a-z0-9\-/]/gi) ?? ['a'])].slice(0, 6);
  const prefix = 'https://crm.example.com/';
  const fill = (unit: string) => (prefix + unit.repeat(Math.ceil(MAX_REGEX_SUBJECT / unit.length))).slice(0, MAX_REGEX_SUBJECT - 1) + '!';
  return [fill('a'), fill(literals.join('')), ...literals.map((c) => fill(c)), fill(literals.map((c) => `${c}-`).join(''))];
}

function worstMs(regex: RegExp, subjects: string[]): number {
  let worst = 0;
  for (const subject of subjects) {
    const start = performance.now();
    regex.test(subject);
    worst = Math.max(worst, performance.now() - start);
  }
  return worst;
}

/** Shapes people write that are safe: every one must be accepted and fast. */
const ACCEPTED = [
  '/\\/jira\\/browse\\/[A-Z]+-\\d+/i',
  '/^https:\\/\\/crm\\.example\\.com\\/.*opportunit.*edit/',
  '/^https:\\/\\/desk\\.example\\.com\\/tickets\\/\\d+/',
  '/^https?:\\/\\/[a-z0-9-]+\\.example\\.com\\/.*$/',
  '/\\/tickets\\/\\d+$/',
  '/[^/]+\\/edit$/',
  'https://crm.example.com/opportunities/:id',
  'https://crm.example.com/:a/:b/:c/edit',
  'https://crm.example.com/:id(\\d+)',
  'http{s}?://{*.}?example.com/*',
  'https://crm.example.com/*/edit/*',
  // A match pattern: its wildcards are matched without backtracking.
  'https://crm.example.com/*a*b*c',
];

describe('regex safety: the ReDoS corpus', () => {
  it.each(REFUSED)('refuses %s (%s)', (source, fault) => {
    expect(parsePattern(source)).toEqual({ fault });
  });

  it.each(ACCEPTED)('accepts %s and runs it in bounded time on hostile addresses', (source) => {
    const parsed = parsePattern(source);
    if ('fault' in parsed) throw new Error(parsed.fault);
    const rules = compileRules([SiteRuleSchema.parse({ id: 'r', name: 'R', patterns: [source], action: 'suggest' })]);
    let worst = 0;
    for (const subject of hostileSubjects(source)) {
      const start = performance.now();
      matchUrl(rules, subject);
      worst = Math.max(worst, performance.now() - start);
    }
    expect(worst).toBeLessThan(BOUND_MS);
  });

  it('explains a refusal naming the rule and the field', async () => {
    const { ruleProblems, describeRuleProblem } = await import('../problems');
    const { SiteRulesSchema } = await import('../schema');
    const { createTranslator } = await import('../../i18n');
    const data = [{ id: 'crm', name: 'CRM', patterns: ['https://crm.example.com/*', '/crm.*opportunit.*edit/'], action: 'suggest' }];
    const result = SiteRulesSchema.safeParse(data);
    expect(result.success).toBe(false);
    const [problem] = ruleProblems(result.error!, data);
    const sentence = describeRuleProblem(problem!, createTranslator('en'));
    expect(sentence).toMatch(/^Rule 1 \(“crm”\), pattern no. 2: has too many open-ended repeats/);
    expect(sentence).toContain('/crm.*opportunit.*edit/');
  });
});

describe('regex safety: generated expressions', () => {
  const atom = fc.constantFrom('a', 'b', '-', '\\/', '.', '[a-z]', '[^/]', '\\d', '\\w', '(?:ab)', '(?:a|b)', '[a-b-]');
  const quantifier = fc.constantFrom('', '', '*', '+', '?', '*?', '{2,}', '{1,3}', '{0,40}');
  const piece = fc.tuple(atom, quantifier).map(([a, q]) => a + q);
  const group = fc
    .array(piece, { minLength: 1, maxLength: 3 })
    .chain((inner) => fc.constantFrom('', '*', '+', '?').map((q) => (q ? `(?:${inner.join('')})${q}` : inner.join(''))));
  const body = fc
    .tuple(fc.boolean(), fc.array(fc.oneof(piece, group), { minLength: 1, maxLength: 6 }), fc.boolean())
    .map(([start, parts, end]) => `${start ? '^' : ''}${parts.join('')}${end ? '$' : ''}`);

  it('every generated expression is refused or bounded on hostile addresses', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(body, fc.boolean(), (source, ignoreCase) => {
        const pattern = `/${source}/${ignoreCase ? 'i' : ''}`;
        const parsed = parsePattern(pattern);
        if ('fault' in parsed) {
          refused++;
          return;
        }
        accepted++;
        const regex = new RegExp(source, ignoreCase ? 'i' : '');
        expect(worstMs(regex, hostileSubjects(source))).toBeLessThan(BOUND_MS);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
    // Both sides are exercised: the generator is not all refusals.
    expect(accepted).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(30);
  });
});

describe('regex safety: long addresses', () => {
  const rule = (patterns: string[], action: 'suggest' | 'block'): SiteRuleInput => ({ id: action, name: action, patterns, action });
  const long = `https://crm.example.com/${'opportunit'.repeat(3300)}x`;

  it('a suggest regex does not match an address over the cap; a block regex does, so a long address cannot escape it', () => {
    const compiled = compileRules(
      [
        rule(['/^https:\\/\\/crm\\.example\\.com\\/.*opportunit.*edit/'], 'suggest'),
        rule(['/^https:\\/\\/crm\\.example\\.com\\/.*secret/'], 'block'),
      ].map((r) => SiteRuleSchema.parse(r)),
    );
    const start = performance.now();
    const found = matchUrl(compiled, long);
    expect(performance.now() - start).toBeLessThan(BOUND_MS);
    expect(found.applied.map((m) => m.rule.id)).toEqual(['block']);
    expect(matchUrl(compiled, 'https://crm.example.com/x/opportunity/edit').applied.map((m) => m.rule.id)).toEqual(['suggest']);
    expect(matchUrl(compiled, 'https://crm.example.com/x/opportunity/view').applied).toEqual([]);
  });

  it('match patterns with several wildcards stay linear on long addresses', () => {
    const compiled = compileRules([SiteRuleSchema.parse(rule(['https://crm.example.com/*a*b*'], 'suggest'))]);
    const start = performance.now();
    expect(matchUrl(compiled, `https://crm.example.com/${'a'.repeat(200_000)}`).applied).toEqual([]);
    expect(performance.now() - start).toBeLessThan(BOUND_MS);
    expect(matchUrl(compiled, 'https://crm.example.com/xaxbx').applied).toHaveLength(1);
  });
});
