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
