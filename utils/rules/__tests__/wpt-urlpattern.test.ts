import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRules, matchUrl } from '../compile';
import { parsePattern, parseUrl, WEB_SCHEMES } from '../patterns';
import { componentTest, passes, URL_PATTERN_COMPONENTS, urlPatternClass } from '../url-pattern';

/**
 * The Web Platform Tests data for URLPattern, run through Trailmark's own parser and compiled
 * matcher. A site rule's URL pattern is one string, matched against a whole page address, so only
 * entries of that shape apply; the others are counted with the reason they do not.
 */
interface WptEntry {
  pattern: unknown[];
  inputs?: unknown[];
  expected_obj?: unknown;
  expected_match?: unknown;
}

/**
 * The WPT data is not part of this repository: it is read from `WPT_URLPATTERN_DATA`, or from a
 * `shared/conformance` folder beside the checkout (where the project's CI has it). Without it the
 * suite is skipped, and says so.
 */
const DATA =
  process.env.WPT_URLPATTERN_DATA ?? resolve(import.meta.dirname, '../../../../shared/conformance/urlpattern/urlpatterntestdata.json');
const found = existsSync(DATA);
const entries = found ? (JSON.parse(readFileSync(DATA, 'utf8')) as WptEntry[]) : [];
if (!found) console.warn(`skipped: WPT URLPattern data not found at ${DATA} (set WPT_URLPATTERN_DATA to its path)`);

/** Whether a pattern can match web pages at all: its scheme is a pattern or a web scheme. */
function webScheme(pattern: string): boolean {
  try {
    const test = componentTest('protocol', new (urlPatternClass())(pattern).protocol);
    return test?.type !== 'equals' || WEB_SCHEMES.includes(test.value);
  } catch {
    return true;
  }
}

type Verdict = { use: 'construct' | 'match'; why?: never } | { use?: never; why: string };

function classify(entry: WptEntry): { construct: Verdict; inputs: Verdict } {
  const [pattern, ...rest] = entry.pattern;
  if (entry.pattern.length === 0) return { construct: { why: 'no pattern (default constructor)' }, inputs: { why: 'no pattern' } };
  if (typeof pattern !== 'string')
    return { construct: { why: 'pattern given as a component dictionary; rules are strings' }, inputs: { why: 'pattern not a string' } };
  if (rest.length > 0) {
    const why =
      typeof rest[0] === 'string'
        ? 'pattern relative to a base URL; rules are absolute'
        : 'pattern with options (ignoreCase); rules have none';
    return { construct: { why }, inputs: { why } };
  }
  if (!webScheme(pattern)) {
    const why = 'scheme no web page has (data:, foo:); Trailmark refuses such rules on purpose';
    return { construct: { why }, inputs: { why } };
  }
  const construct: Verdict = { use: 'construct' };
  if (entry.expected_obj === 'error') return { construct, inputs: { why: 'construction fails, nothing to match' } };
  const inputs = entry.inputs ?? [];
  if (inputs.length === 0) return { construct, inputs: { why: 'no inputs' } };
  if (inputs.length > 1) return { construct, inputs: { why: 'input relative to a base URL; page addresses are absolute' } };
  if (typeof inputs[0] !== 'string') return { construct, inputs: { why: 'input given as a component dictionary; pages have addresses' } };
  return { construct, inputs: { use: 'match' } };
}

const classified = entries.map((entry, index) => ({ entry, index, ...classify(entry) }));
const constructs = classified.filter((c) => c.construct.use);
const matches = classified.filter((c) => c.inputs.use);

describe.skipIf(!found)(
  found
    ? `URLPattern conformance (WPT urlpatterntestdata.json, ${entries.length} entries)`
    : `skipped: WPT URLPattern data not found at ${DATA}`,
  () => {
    it('reports how many entries apply and why the others do not', () => {
      const skipped = new Map<string, number>();
      for (const c of classified) if (c.construct.why) skipped.set(c.construct.why, (skipped.get(c.construct.why) ?? 0) + 1);
      const inputSkips = new Map<string, number>();
      for (const c of classified)
        if (c.construct.use && c.inputs.why) inputSkips.set(c.inputs.why, (inputSkips.get(c.inputs.why) ?? 0) + 1);
      const report = {
        entries: entries.length,
        usedForConstruction: constructs.length,
        usedForMatching: matches.length,
        skippedEntries: Object.fromEntries(skipped),
        constructionOnly: Object.fromEntries(inputSkips),
      };
      console.info(`WPT URLPattern: ${JSON.stringify(report, null, 2)}`);
      expect(constructs.length + [...skipped.values()].reduce((a, b) => a + b, 0)).toBe(entries.length);
      expect(matches.length).toBeGreaterThan(30);
    });

    it.each(constructs.map((c) => [c.index, c.entry.pattern[0] as string, c.entry.expected_obj === 'error'] as const))(
      'entry %i: “%s” is %s refused',
      (_, pattern, refused) => {
        expect('fault' in parsePattern(pattern, 'urlpattern')).toBe(refused);
      },
    );

    it.each(
      matches.map((c) => [c.index, c.entry.pattern[0] as string, c.entry.inputs![0] as string, c.entry.expected_match !== null] as const),
    )('entry %i: “%s” on %s → match %s', (_, pattern, input, expected) => {
      // Read as a URL pattern even where a match pattern would read it too; then through the whole
      // compiled matcher (index and all) when Trailmark reads it as a URL pattern by itself.
      const parsed = parsePattern(pattern, 'urlpattern');
      if ('fault' in parsed) throw new Error(`refused: ${parsed.fault}`);
      const url = parseUrl(input);
      expect(url ? parsed.test(url) : false).toBe(expected);
      const auto = parsePattern(pattern);
      if (!('fault' in auto) && auto.kind === 'urlpattern') {
        const compiled = compileRules([
          { id: 'wpt', name: 'wpt', patterns: [pattern], action: 'suggest', enabled: true, skills: [], keywords: [], audience: [] },
        ]);
        expect(matchUrl(compiled, input).applied.length > 0).toBe(expected);
      }
    });

    // Every entry that lists what each component matched (any pattern form) also checks the cheap
    // component tests of the fast path against those canonical component values.
    const componentCases = entries.flatMap((entry, index) => {
      const match = entry.expected_match as Record<string, { input: string }> | null | undefined;
      // Options (ignoreCase) change what components mean; rules never have them.
      const hasOptions = entry.pattern.slice(1).some((arg) => typeof arg === 'object');
      if (!match || typeof match !== 'object' || entry.pattern.length === 0 || hasOptions) return [];
      let pattern: Record<string, string>;
      try {
        const Class = urlPatternClass() as unknown as new (...args: unknown[]) => Record<string, string>;
        pattern = new Class(...entry.pattern);
      } catch {
        return [];
      }
      return URL_PATTERN_COMPONENTS.flatMap((component) => {
        const test = componentTest(component, pattern[component]!);
        const value = match[component]?.input;
        return test && value !== undefined ? [[index, component, pattern[component]!, value, test] as const] : [];
      });
    });

    it(`cheap component tests accept what URLPattern matched (${new Set(componentCases.map((c) => c[0])).size} entries)`, () => {
      expect(componentCases.length).toBeGreaterThan(200);
      for (const [index, component, pattern, value, test] of componentCases) {
        expect(passes(test, value), `entry ${index}: ${component} “${pattern}” on “${value}”`).toBe(true);
      }
    });
  },
);
