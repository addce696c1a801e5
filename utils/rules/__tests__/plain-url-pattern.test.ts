import fc from 'fast-check';
import { URLPattern } from 'urlpattern-polyfill/urlpattern';
import { describe, expect, it } from 'vitest';
import { plainUrlPatternComponents, URL_PATTERN_COMPONENTS, urlPatternFor } from '../url-pattern';

/** The components URLPattern itself gives, or null when it refuses the pattern. */
function urlPatternComponents(source: string): Record<string, string> | null {
  let pattern: URLPattern;
  try {
    pattern = new URLPattern(source);
  } catch {
    return null;
  }
  return Object.fromEntries(URL_PATTERN_COMPONENTS.map((component) => [component, pattern[component]]));
}

// Pieces near the edges of the plain shape, so generated patterns fall on both sides of it.
const PIECES = [
  '/',
  'a',
  'records',
  '/:id',
  '/:id',
  '/:Id$x',
  ':id',
  '*',
  '.',
  '..',
  '/.',
  '-',
  '_',
  '~',
  '%41',
  '?',
  '#',
  '(',
  '{',
  '+',
  '\\',
  'é',
  ' ',
  'A',
];
const plainish = fc
  .record({
    scheme: fc.constantFrom('http', 'https', '*', 'ftp', 'HTTPS', 'file'),
    host: fc.constantFrom(
      'example.com',
      'app1.example.com',
      '*.example.com',
      'EXAMPLE.com',
      '127.0.0.1',
      'xn--bcher-kva.example',
      'a-b.c',
      '*',
      'ex_ample.com',
      'localhost',
    ),
    port: fc.constantFrom('', '', ':8080', ':443', ':80', ':0', ':65536', ':99999'),
    path: fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }),
  })
  .map(({ scheme, host, port, path }) => `${scheme}://${host}${port}/${path.join('')}`);

describe('plainUrlPatternComponents', () => {
  it('reads the common shapes without URLPattern', () => {
    expect(plainUrlPatternComponents('https://app1.example.com/records/:id')).toEqual({
      protocol: 'https',
      username: '*',
      password: '*',
      hostname: 'app1.example.com',
      port: '',
      pathname: '/records/:id',
      search: '*',
      hash: '*',
    });
    expect(plainUrlPatternComponents('https://*.example.com:8443/a/:id/*')?.hostname).toBe('*.example.com');
    // Left to URLPattern: groups, a query, a `.` segment, a repeated name, upper case in the host.
    for (const source of [
      'https://example.com/:id(\\d+)',
      'https://example.com/:id?x=1',
      'https://example.com/a/../:id',
      'https://example.com/:id/:id',
      'https://EXAMPLE.com/:id',
      'https://example.com/a:id',
    ]) {
      expect(plainUrlPatternComponents(source), source).toBeUndefined();
    }
  });

  it('gives exactly what URLPattern gives, for every pattern it reads (generated)', () => {
    let read = 0;
    fc.assert(
      fc.property(plainish, (source) => {
        const components = plainUrlPatternComponents(source);
        if (!components) return;
        read++;
        expect(components).toEqual(urlPatternComponents(source));
      }),
      { numRuns: 6000 },
    );
    // The generator reaches the plain shape often enough for the property to mean something: about 3.6 % of its
    // patterns (99–116 of 3,000 in 6 runs), so 6,000 runs give about 220, far from the bound.
    expect(read).toBeGreaterThan(100);
  });

  it('tests URLs as URLPattern does, building it only on the first test', () => {
    const pattern = urlPatternFor('https://app1.example.com/records/:id');
    expect(pattern.test('https://app1.example.com/records/42')).toBe(true);
    expect(pattern.test('https://app1.example.com/records/42/x')).toBe(false);
    expect(pattern.test('https://app2.example.com/records/42')).toBe(false);
  });
});
