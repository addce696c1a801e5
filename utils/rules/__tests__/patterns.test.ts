import { describe, expect, it } from 'vitest';
import { parsePattern, parseUrl, type ParsedPattern } from '../patterns';
import { parseRegexPattern } from '../regex';
import { SiteRuleSchema, SiteRulesSchema } from '../schema';
import { compareSpecificity, decidingFactor } from '../specificity';

const parsed = (source: string): ParsedPattern => {
  const result = parsePattern(source);
  if ('fault' in result) throw new Error(`${source}: ${result.fault}`);
  return result;
};

describe('reading a pattern as its kind', () => {
  it.each([
    ['*://*.example.com/*', 'match'],
    ['https://crm.example.com/opportunities/*', 'match'],
    ['<all_urls>', 'match'],
    ['https://crm.example.com/opportunities/:id', 'urlpattern'],
    ['http{s}?://{*.}?example.com/*', 'urlpattern'],
    ['https://crm.example.com/(opps|deals)/*', 'urlpattern'],
    ['https://crm.*.com/*', 'urlpattern'],
    ['https://crm.example.com', 'urlpattern'],
    ['/^https:\\/\\/crm\\.example\\.com\\//', 'regex'],
    ['/crm/i', 'regex'],
  ])('%s is a %s', (source, kind) => {
    expect(parsed(source).kind).toBe(kind);
  });

  it.each([
    ['', 'patternEmpty'],
    ['x'.repeat(2001), 'patternTooLong'],
    ['crm.example.com', 'patternUnknown'],
    ['https://crm.example.com/:id(', 'urlPatternSyntax'],
    ['htps://crm.example.com/*', 'patternScheme'],
    ['gopher://x/:id', 'patternScheme'],
    ['https://crm.ex ample.com/*', 'patternHost'],
    ['/^https:\\/\\/x\\//g', 'regexFlags'],
    ['//', 'regexEmpty'],
    [`/${'a'.repeat(501)}/`, 'regexTooLong'],
    ['/(unclosed/', 'regexSyntax'],
    ['/(a+)+$/', 'regexNestedRepeat'],
    ['/^https:\\/\\/([a-z]+\\.)*example\\.com\\//', 'regexNestedRepeat'],
    ['/(a|ab)*c/', 'regexRepeatedChoice'],
    ['/a*b*c*d*e*/', 'regexTooManyRepeats'],
    ['/(a)\\1/', 'regexBackreference'],
    ['/(?<x>a)\\k<x>/', 'regexBackreference'],
  ])('refuses %j (%s)', (source, fault) => {
    expect(parsePattern(source)).toEqual({ fault });
  });
});

describe('what the index learns from a regular expression', () => {
  it.each([
    ['/^https?:\\/\\/crm\\.example\\.com\\/opps\\//', 'crm.example.com', '/opps/', ['crm', 'example', 'com', 'opps']],
    ['/^https:\\/\\/CRM\\.example\\.com:\\d+\\//i', 'crm.example.com', undefined, ['crm', 'example', 'com']],
    ['/^[a-z]+:\\/\\/intranet\\?/', 'intranet', undefined, ['intranet']],
    // Not anchored, or the host not ended: the host is not pinned, only words are known.
    ['/https:\\/\\/crm\\.example\\.com\\//', undefined, undefined, ['crm', 'example', 'com']],
    ['/^https:\\/\\/crm\\.example\\.com/', undefined, undefined, ['crm', 'example']],
    ['/^.*:\\/\\/crm\\.example\\.com\\//', undefined, undefined, ['crm', 'example', 'com']],
    ['/\\/jira\\/browse\\/[A-Z]+-\\d+/i', undefined, undefined, ['jira', 'browse']],
    ['/example\\.(com|org)/', undefined, undefined, []],
    ['/a|b/', undefined, undefined, []],
  ])('%s → host %s, path %s, words %j', (source, host, path, tokens) => {
    const info = parseRegexPattern(source);
    if ('fault' in info) throw new Error(info.fault);
    expect(info.host).toBe(host);
    expect(info.path).toBe(path);
    expect(info.tokens).toEqual(tokens);
  });

  it('tests expressions against the address without user, password and fragment', () => {
    const pattern = parsed('/^https:\\/\\/crm\\.example\\.com\\/a$/');
    expect(pattern.test(parseUrl('https://user:pw@crm.example.com/a#top')!)).toBe(true);
    expect(pattern.test(parseUrl('https://crm.example.com@evil.example.org/a')!)).toBe(false);
  });
});

describe('specificity', () => {
  // Each row: the more specific pattern first.
  it.each([
    ['https://crm.example.com/*', '*://*.example.com/*', 'host'],
    ['*://*.crm.example.com/*', '*://*.example.com/*', 'hostLabels'],
    ['*://*.example.com/*', '<all_urls>', 'host'],
    ['https://crm.example.com/opportunities/*', 'https://crm.example.com/*', 'path'],
    ['https://crm.example.com/opportunities/:id', 'https://crm.example.com/opportunities/*', 'kind'],
    ['https://crm.example.com/*', '/^https:\\/\\/crm\\.example\\.com\\//', 'kind'],
    ['/^https:\\/\\/crm\\.example\\.com\\/opps\\//', 'https://crm.example.com/*', 'path'],
    ['/^https:\\/\\/crm\\.example\\.com\\//', '*://*.example.com/*', 'host'],
  ])('%s is more specific than %s (by %s)', (a, b, factor) => {
    const [x, y] = [parsed(a).specificity, parsed(b).specificity];
    expect(compareSpecificity(x, y)).toBeGreaterThan(0);
    expect(compareSpecificity(y, x)).toBeLessThan(0);
    expect(decidingFactor(x, y)).toBe(factor);
  });

  it('counts equal patterns as a tie, left to rule order', () => {
    expect(decidingFactor(parsed('https://a.example.com/x/*').specificity, parsed('https://b.example.com/y/*').specificity)).toBe('order');
  });
});

describe('registration and permissions for each kind', () => {
  it.each([
    ['https://crm.example.com/opportunities/*', 'https://crm.example.com/opportunities/*', 'https://crm.example.com/*'],
    ['http://127.0.0.1:8080/*', 'http://127.0.0.1/*', 'http://127.0.0.1/*'],
    ['https://crm.example.com/opportunities/:id', 'https://crm.example.com/opportunities/*', 'https://crm.example.com/*'],
    ['http{s}?://{*.}?example.com/*', '*://*.example.com/*', '*://*.example.com/*'],
    ['/^https:\\/\\/crm\\.example\\.com\\/opps\\//', '*://crm.example.com/opps/*', '*://crm.example.com/*'],
    ['/\\/jira\\//', '*://*/*', '*://*/*'],
    ['file:///home/*', 'file:///home/*', 'file:///*'],
  ])('%s registers %s and needs %s', (source, registration, origin) => {
    expect(parsed(source).registration).toBe(registration);
    expect(parsed(source).origin).toBe(origin);
  });
});

describe('rule schema', () => {
  const base = { id: 'crm', name: 'CRM', action: 'suggest', patterns: ['https://crm.example.com/*'] };

  it('fills defaults', () => {
    expect(SiteRuleSchema.parse(base)).toEqual({ ...base, skills: [], keywords: [], audience: [], enabled: true });
  });

  it('refuses an audience on a block rule', () => {
    const result = SiteRuleSchema.safeParse({ ...base, action: 'block', audience: ['HR'] });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([[['audience'], 'ruleFault_blockAudience']]);
  });

  it('refuses two rules with one id', () => {
    const result = SiteRulesSchema.safeParse([base, { ...base, name: 'again' }]);
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([[[1, 'id'], 'ruleFault_duplicateId']]);
  });
});
