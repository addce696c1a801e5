import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SiteRuleSchema } from '../../rules/schema';
import { covers, feedOrigin, missingOrigins, originsForRules, permittedPatterns } from '../origins';

const rule = (patterns: string[], action: 'suggest' | 'block' = 'suggest', extra = {}) =>
  SiteRuleSchema.parse({ id: patterns[0], name: 'r', action, patterns, ...extra });

describe('host permissions', () => {
  it.each([
    ['*://*/*', 'https://crm.example.com/*', true],
    ['<all_urls>', '*://*.example.com/*', true],
    ['*://*.example.com/*', 'https://crm.example.com/opps/*', true],
    ['*://*.example.com/*', '*://example.com/*', true],
    ['https://crm.example.com/*', '*://crm.example.com/*', false],
    ['https://crm.example.com/*', '*://*.crm.example.com/*', false],
    ['http://127.0.0.1/*', 'http://127.0.0.1/hr/*', true],
    ['https://example.com/*', 'https://crm.example.com/*', false],
  ])('%s covers %s: %s', (granted, wanted, expected) => {
    expect(covers(granted, wanted)).toBe(expected);
  });

  it('asks only for hosts of suggest rules in force, leaving out what another one covers', () => {
    const rules = [
      rule(['https://crm.example.com/opportunities/*', 'https://crm.example.com/accounts/:id']),
      rule(['*://*.intranet.example/*', 'https://news.intranet.example/*']),
      rule(['/^https:\\/\\/desk\\.example\\.com\\/tickets\\//']),
      rule(['https://hr.example.com/*'], 'block'),
      rule(['https://off.example.com/*'], 'suggest', { enabled: false }),
      rule(['https://sales.example.com/*'], 'suggest', { audience: ['Sales'] }),
    ];
    expect(originsForRules(rules)).toEqual(['https://crm.example.com/*', '*://*.intranet.example/*', '*://desk.example.com/*']);
    expect(originsForRules(rules, ['sales'])).toContain('https://sales.example.com/*');
    expect(originsForRules([rule(['/\\/jira\\//'])])).toEqual(['*://*/*']);
  });

  it('computes what is missing and where the content script may run', () => {
    const granted = ['http://127.0.0.1/*', 'http://localhost/*', '*://*.intranet.example/*'];
    expect(missingOrigins(['*://*.intranet.example/*', 'https://crm.example.com/*', 'http://127.0.0.1/*'], granted)).toEqual([
      'https://crm.example.com/*',
    ]);
    expect(permittedPatterns(['http://127.0.0.1/*', 'https://news.intranet.example/a/*', 'https://crm.example.com/*'], granted)).toEqual([
      'http://127.0.0.1/*',
      'https://news.intranet.example/a/*',
    ]);
  });

  it.each([
    ['https://feeds.example.com/trailmark/feed.json', 'https://feeds.example.com/*'],
    ['https://feeds.example.com:8443/feed.json', 'https://feeds.example.com/*'],
    ['http://feeds.example.com/feed.json', undefined],
    ['not a url', undefined],
  ])('feed %s needs %s', (url, origin) => {
    expect(feedOrigin(url)).toBe(origin);
  });
});

describe('host permissions at scale', () => {
  const naive = (origins: string[]) =>
    origins.filter((origin, i) => !origins.some((other, j) => j !== i && covers(other, origin) && (!covers(origin, other) || j < i)));
  const host = fc.constantFrom(
    'example.com',
    'crm.example.com',
    'a.crm.example.com',
    'intranet.example',
    'x.intranet.example',
    '127.0.0.1',
  );
  const origin = fc
    .tuple(fc.constantFrom('*', 'http', 'https'), fc.constantFrom('', '*.', 'any'), host)
    .map(([scheme, wild, h]) => (wild === 'any' ? `${scheme}://*/*` : `${scheme}://${wild}${h}/*`));

  it('leaves out exactly what comparing every pair leaves out', () => {
    fc.assert(
      fc.property(fc.array(origin, { maxLength: 30 }), (origins) => {
        const rules = origins.map((o, i) => SiteRuleSchema.parse({ id: `r${i}`, name: 'r', action: 'suggest', patterns: [o] }));
        expect(originsForRules(rules)).toEqual(naive([...new Set(origins)]));
        const granted = origins.slice(0, origins.length >> 1);
        expect(missingOrigins(origins, granted)).toEqual(origins.filter((o) => !granted.some((g) => covers(g, o))));
      }),
      { numRuns: 300 },
    );
  });

  it('handles 10,000 rules on 10,000 hosts (the documented maximum)', () => {
    const rules = Array.from({ length: 10_000 }, (_, i) =>
      SiteRuleSchema.parse({ id: `r${i}`, name: 'r', action: 'suggest', patterns: [`https://app${i}.example.com/*`] }),
    );
    const origins = originsForRules(rules);
    expect(origins).toHaveLength(10_000);
    expect(missingOrigins(origins, origins)).toEqual([]);
  });
});
