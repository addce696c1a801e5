import { describe, expect, it } from 'vitest';
import { contentScriptPatterns, decideForUrl } from '../decide';
import { DEFAULT_SITE_RULES } from '../defaults';
import { DEMO_SITE_RULES } from '../demo';
import { parseMatchPattern, matchesPattern } from '../match-pattern';
import { SiteRuleSchema, type SiteRuleInput } from '../schema';

const rule = (id: string, action: 'suggest' | 'block', patterns: string[], extra: Partial<SiteRuleInput> = {}) =>
  SiteRuleSchema.parse({ id, name: id, action, patterns, ...extra });

describe('match patterns', () => {
  it.each([
    ['*://*.example.com/*', 'https://crm.example.com/opps/1', true],
    ['*://*.example.com/*', 'https://example.com/', true],
    ['*://*.example.com/*', 'https://badexample.com/', false],
    ['*://*.example.com/*', 'ftp://example.com/', false],
    ['https://crm.example.com/opps/*', 'https://crm.example.com/opps/1?x=1', true],
    ['https://crm.example.com/opps/*', 'https://crm.example.com/accounts/1', false],
    ['https://crm.example.com/opps/*', 'http://crm.example.com/opps/1', false],
    ['http://127.0.0.1/*', 'http://127.0.0.1:8080/crm/', true],
    ['http://127.0.0.1:8080/*', 'http://127.0.0.1:8080/crm/', true],
    ['http://127.0.0.1:8080/*', 'http://127.0.0.1:9090/crm/', false],
    ['https://example.com:443/*', 'https://example.com/', true],
    ['https://EXAMPLE.com/*', 'https://example.com/', true],
    ['https://bücher.example/*', 'https://xn--bcher-kva.example/a', true],
    ['<all_urls>', 'https://anything.example.org/x', true],
    ['*://*/*', 'http://intranet/', true],
    ['*://*/search?q=*', 'https://intranet/search?q=pivot', true],
  ])('%s on %s → %s', (pattern, url, expected) => {
    const parsed = parseMatchPattern(pattern);
    if ('fault' in parsed) throw new Error(parsed.fault);
    expect(matchesPattern(parsed, new URL(url))).toBe(expected);
  });

  it.each([
    ['https://crm.example.com', 'patternPath'],
    ['https://crm.ex ample.com/*', 'patternHost'],
    ['http://127.0.0.1:99999/*', 'patternPort'],
    ['gopher://x/*', 'patternScheme'],
  ])('refuses %s (%s)', (pattern, fault) => {
    expect(parseMatchPattern(pattern)).toEqual({ fault });
  });
});

describe('decideForUrl', () => {
  const rules = [
    rule('everything', 'suggest', ['*://*.example.com/*']),
    rule('crm', 'suggest', ['https://crm.example.com/*'], { skills: ['crm'] }),
    rule('crm-opps', 'suggest', ['https://crm.example.com/opportunities/*']),
    rule('hr', 'block', ['*://hr.example.com/*']),
    rule('payroll', 'block', ['https://crm.example.com/payroll/*']),
    rule('off', 'suggest', ['https://wiki.example.com/*'], { enabled: false }),
    rule('sales-only', 'suggest', ['https://sales.example.com/*'], { audience: ['Sales'] }),
    rule('ticket', 'suggest', ['/^https:\\/\\/desk\\.example\\.com\\/tickets\\/\\d+/']),
    rule('desk', 'suggest', ['https://desk.example.com/*']),
  ];

  it.each([
    ['https://crm.example.com/opportunities/42', 'suggest', 'crm-opps'],
    ['https://crm.example.com/accounts/1', 'suggest', 'crm'],
    ['https://docs.example.com/a', 'suggest', 'everything'],
    ['https://hr.example.com/me', 'block', 'hr'],
    ['https://crm.example.com/payroll/2026', 'block', 'payroll'],
    ['https://wiki.example.com/page', 'suggest', 'everything'],
    ['https://sales.example.com/pipeline', 'suggest', 'everything'],
    // Same exact host; the regular expression's fixed path "/tickets/" is longer than "/".
    ['https://desk.example.com/tickets/12', 'suggest', 'ticket'],
    ['https://desk.example.com/kb/1', 'suggest', 'desk'],
    ['https://other.org/', 'none', undefined],
    ['not a url', 'none', undefined],
  ])('%s → %s by %s', (url, action, winner) => {
    const decision = decideForUrl(url, rules);
    expect(decision.action).toBe(action);
    expect(decision.winner?.id).toBe(winner);
  });

  it('applies a rule with an audience only to employees who chose one of its roles', () => {
    expect(decideForUrl('https://sales.example.com/pipeline', rules, ['sales']).winner?.id).toBe('sales-only');
    expect(decideForUrl('https://sales.example.com/pipeline', rules, ['Finance']).winner?.id).toBe('everything');
    expect(decideForUrl('https://sales.example.com/pipeline', rules, []).winner?.id).toBe('everything');
  });

  it('lists every matching rule in force, so the decision can be explained', () => {
    const decision = decideForUrl('https://crm.example.com/payroll/1', rules);
    expect(decision.matched.map((m) => m.rule.id)).toEqual(['everything', 'crm', 'payroll']);
  });

  it('registers the content script only where suggest rules apply, minus blocks', () => {
    expect(contentScriptPatterns(DEFAULT_SITE_RULES)).toEqual({ matches: [], excludeMatches: [] });
    expect(contentScriptPatterns(DEMO_SITE_RULES)).toEqual({
      matches: ['http://127.0.0.1/*', 'http://localhost/*'],
      excludeMatches: ['http://127.0.0.1/hr/*', 'http://localhost/hr/*'],
    });
    const { matches, excludeMatches } = contentScriptPatterns(rules);
    expect(matches).not.toContain('https://wiki.example.com/*');
    expect(matches).not.toContain('https://sales.example.com/*');
    expect(matches).toContain('*://desk.example.com/tickets/*');
    expect(excludeMatches).toEqual(['*://hr.example.com/*', 'https://crm.example.com/payroll/*']);
    expect(contentScriptPatterns(rules, ['Sales']).matches).toContain('https://sales.example.com/*');
  });
});
