import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules, matchUrl, pickWinner, type UrlMatches } from '../compile';
import { parsePattern } from '../patterns';
import { createReferenceMatcher } from './reference';
import type { SiteRule } from '../schema';

// Small vocabularies, so generated rules and URLs meet often: what matters is how they overlap.
const HOSTS = [
  'example.com',
  'crm.example.com',
  'a.crm.example.com',
  'example.org',
  'sub.example.org',
  '127.0.0.1',
  'localhost',
  'xn--bcher-kva.example',
];
const SEGMENTS = ['', 'a', 'b', 'opps', 'opps2', 'hr', 'x.y', '%C3%A4', 'A', '42'];

const url = fc
  .record({
    scheme: fc.constantFrom('http', 'https', 'https', 'ftp', 'ws'),
    user: fc.constantFrom('', '', 'user@', 'u:p@'),
    host: fc.constantFrom(...HOSTS),
    port: fc.constantFrom('', '', ':8080', ':443', ':80'),
    // Not `//…`: urlpattern-polyfill 10.1 canonicalises such a path as a protocol-relative URL
    // (`//42/opps` → `/opps`) and so matches wrongly; native URLPattern and our fast path do not.
    path: fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 4 }).filter((p) => !(p.length > 1 && p[0] === '')),
    query: fc.constantFrom('', '', '?a=1', '?opps', '?x=/a/b', '?A=crm'),
    hash: fc.constantFrom('', '', '#h', '#a/b'),
  })
  .map(({ scheme, user, host, port, path, query, hash }) => `${scheme}://${user}${host}${port}/${path.join('/')}${query}${hash}`);

const pathPattern = fc
  .array(fc.oneof(fc.constantFrom(...SEGMENTS), fc.constant('*'), fc.constant('op*')), { maxLength: 3 })
  .chain((parts) => fc.constantFrom(`/${parts.join('/')}`, `/${parts.join('/')}*`, `/${parts.join('/')}/*`, `/${parts.join('/')}?a=*`));

const matchPattern = fc
  .record({
    scheme: fc.constantFrom('*', 'http', 'https', 'ftp'),
    host: fc.constantFrom('*', '*.example.com', '*.crm.example.com', '*.example.org', ...HOSTS),
    port: fc.constantFrom('', '', ':*', ':8080', ':443'),
    path: pathPattern,
  })
  .map(({ scheme, host, port, path }) => `${scheme}://${host}${port}${path}`);

const urlPattern = fc
  .record({
    protocol: fc.constantFrom('https', 'http', 'http{s}?', '*'),
    host: fc.constantFrom(
      'crm.example.com',
      '*.example.com',
      '{*.}?example.com',
      ':sub.example.org',
      '*',
      'example.org',
      '127.0.0.1',
      'crm.*.com',
    ),
    port: fc.constantFrom('', '', ':8080', ':*'),
    path: fc.constantFrom(
      '/opps/*',
      '/opps/:id',
      '/opps/:id?',
      '/*',
      '/opps',
      '/(opps|hr)/*',
      '/a/*/b',
      '/opps{/:id}?',
      '/:seg/a',
      '/x.y*',
      '/%C3%A4/*',
      '/A*',
    ),
    search: fc.constantFrom('', '', '?a=*', '?*', '?opps'),
    hash: fc.constantFrom('', '', '#h', '#*'),
  })
  .map(({ protocol, host, port, path, search, hash }) => `${protocol}://${host}${port}${path}${search}${hash}`);

const regexPattern = fc.constantFrom(
  '/^https?:\\/\\/crm\\.example\\.com\\/opps\\//',
  '/^https:\\/\\/example\\.com\\//',
  '/^http:\\/\\/127\\.0\\.0\\.1:\\d+\\/hr\\//',
  '/^https:\\/\\/(?:crm|www)\\.example\\.com\\//',
  '/\\/opps\\/\\d+/',
  '/example\\.(com|org)/',
  '/[?&]a=1/',
  '/^ftp:/',
  '/\\/OPPS\\//i',
  '/crm\\.example\\.com\\/a\\//i',
  '/\\.org\\/hr/',
  '/^https:\\/\\/localhost\\//',
  '/x\\.y/',
);

const pattern = fc
  .oneof({ weight: 3, arbitrary: matchPattern }, { weight: 3, arbitrary: urlPattern }, { weight: 1, arbitrary: regexPattern })
  .filter((p) => !('fault' in parsePattern(p)));

const rule = (index: number) =>
  fc
    .record({
      patterns: fc.array(pattern, { minLength: 1, maxLength: 3 }),
      action: fc.constantFrom<'suggest' | 'block'>('suggest', 'suggest', 'block'),
      enabled: fc.constantFrom(true, true, true, false),
      forSales: fc.constantFrom(false, false, false, true),
    })
    .map(({ patterns, action, enabled, forSales }): SiteRule => ({
      id: `r${index}`,
      name: `Rule ${index}`,
      patterns,
      action,
      enabled,
      skills: [],
      keywords: [],
      audience: forSales && action === 'suggest' ? ['Sales'] : [],
    }));

const rules = fc.integer({ min: 1, max: 25 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => rule(i))));

/** What two matchers must agree on: which rules matched, through which pattern, and how they count. */
const summary = (m: UrlMatches) => ({
  valid: m.valid,
  applied: m.applied.map((x) => `${x.index}:${x.pattern.source}`),
  skipped: m.skipped.map((x) => `${x.index}:${x.pattern.source}:${x.reason}`),
  winner: pickWinner(m.applied)?.index,
});

describe('compiled matcher agrees with the plain reference matcher', () => {
  it('on generated rules and URLs (match patterns, URL patterns, regular expressions, audiences, switched-off rules)', () => {
    let compared = 0;
    let matched = 0;
    fc.assert(
      fc.property(
        rules,
        fc.array(url, { minLength: 1, maxLength: 20 }),
        fc.constantFrom<string[]>([], ['sales'], [' SALES ']),
        (ruleList, urls, audience) => {
          const compiled = compileRules(ruleList);
          const reference = createReferenceMatcher(ruleList);
          for (const href of urls) {
            const expected = summary(reference(href, audience));
            expect(summary(matchUrl(compiled, href, audience)), href).toEqual(expected);
            compared++;
            if (expected.applied.length + expected.skipped.length > 0) matched++;
          }
        },
      ),
      { numRuns: 400 },
    );
    // The generators must make rules and URLs meet often, or the comparison proves little.
    expect(matched / compared).toBeGreaterThan(0.3);
  }, 60_000);

  it('on every pattern alone: the fast test equals the pattern’s own primitive', () => {
    fc.assert(
      fc.property(pattern, fc.array(url, { minLength: 1, maxLength: 10 }), (source, urls) => {
        const compiled = compileRules([
          { id: 'x', name: 'x', patterns: [source], action: 'suggest', enabled: true, skills: [], keywords: [], audience: [] },
        ]);
        const reference = createReferenceMatcher(compiled.rules);
        for (const href of urls) expect(summary(matchUrl(compiled, href)), `${source} on ${href}`).toEqual(summary(reference(href)));
      }),
      { numRuns: 1500 },
    );
  }, 60_000);

  it('never throws on arbitrary pattern text, and refuses or accepts it consistently', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: fc.constantFrom(...'/*:.?(){}[]\\+|^$ahtps'.split('')), maxLength: 40 })),
        (text) => {
          const first = parsePattern(text);
          const second = parsePattern(text);
          expect('fault' in first).toBe('fault' in second);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
