import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalogueCsv, parseCatalogueItems } from '../../import';
import { ResourceSchema } from '../../schema';
import { FAST_RESOURCE_FIELDS, fastResource } from '../fast-resource';
import { parseSnapshot } from '../verify';
import { makeResources } from './helpers';

/*
 * The hand-written hot-path check against the schema, on fuzzed items: whenever it answers, the
 * schema (through the feed's own strict item parser) accepts the same item and returns the same
 * resource, byte for byte as JSON (key order included, since the snapshot hash is over that text).
 * So the feed's validator (hot path, else schema) accepts and refuses exactly what the schema does.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300) * 10;

const nasty = fc.constantFrom(
  '',
  ' ',
  ' x',
  'x ',
  '\u00a0x',
  'x\u200b',
  '\u202egnp.exe',
  'a\nb',
  'a\tb',
  '\u0000',
  'é',
  'ＡＢ',
  'x'.repeat(101),
  'x'.repeat(301),
  'EN',
  'en-GB',
  'en-gb',
  'nl',
  'course',
  'Course',
  'video-',
  '2026-05-12',
  '2026-13-45',
  '2026-02-29',
  '2024-02-29',
  '0999-01-01',
  '2026-05-12T10:00Z',
  'https://learn.example.com/a',
  'https://learn.example.com',
  'https://LEARN.example.com/a',
  'https://learn.example.com:443/a',
  'https://user@learn.example.com/a',
  'https://learn.example.com@evil.example.com/',
  'https:evil.example.com/x',
  'https:\\\\evil.example.com\\x',
  'https:///nohost',
  'https://127.0.0.1/a',
  'https://localhost/a',
  'https://xn--80ak6aa92e.com/',
  'https://аррӏе.com/',
  'https://learn.example.com/a b',
  'https://learn.example.com/%zz',
  'https://learn.example.com/a?b=c#d',
  'http://learn.example.com/a',
  'javascript:alert(1)',
  'r-1',
  'r 1',
  'r/1:a.b_c',
  '2026-05-01',
  '2026-04-30',
  'Spring campaign',
  'Turn a raw export into a clear report',
  'one\ntwo',
  'x'.repeat(121),
);
const text = fc.oneof(nasty, fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.lorem({ maxCount: 3 }));
const value = fc.oneof(
  { weight: 6, arbitrary: text },
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -2, max: 100_002 }),
  fc.double(),
  fc.constantFrom(-0, 0, 1.5, 100_000, 100_001),
  fc.array(text, { maxLength: 3 }),
  fc.constant(Array.from({ length: 51 }, (_, i) => `k${i}`)),
);

const BASES = makeResources(41);

/** A plausible resource (so most cases reach the deeper checks), with some fields replaced or dropped. */
const item = fc
  .record({
    base: fc.integer({ min: 0, max: 40 }),
    // Every schema field (so a new one is fuzzed too), an unknown one and the prototype's name.
    replace: fc.dictionary(fc.constantFrom(...Object.keys(ResourceSchema.shape), 'extra', '__proto__'), value, { maxKeys: 3 }),
    drop: fc.subarray(['description', 'type', 'durationMinutes', 'skills', 'updatedAt', 'active', 'id', 'url']),
  })
  .map(({ base, replace, drop }) => {
    const json = JSON.parse(JSON.stringify(BASES[base])) as Record<string, unknown>;
    if (base % 5 === 0) json.updatedAt = '2026-05-12';
    if (base % 7 === 0) json.type = 'video';
    // L&D's campaign and copy fields, as the sample catalogue and real feeds carry them.
    if (base % 3 === 0) Object.assign(json, { tagline: 'Half an hour to a clear report', taglineB: 'Let the data tell its story' });
    if (base % 4 === 0) Object.assign(json, { featuredFrom: '2026-05-01', featuredUntil: '2026-05-31', campaign: 'May focus' });
    if (base % 6 === 0) json.announce = false;
    for (const key of drop) delete json[key];
    for (const [key, v] of Object.entries(replace)) {
      if (v === undefined) delete json[key];
      else json[key] = v;
    }
    // As the feed gets it: parsed from JSON text (own __proto__ keys included).
    return JSON.parse(JSON.stringify(json)) as unknown;
  });

describe('the hot-path resource check', () => {
  it('answers only what the schema answers, exactly', () => {
    let answered = 0;
    let tried = 0;
    fc.assert(
      fc.property(item, (input) => {
        tried++;
        const fast = fastResource(input);
        const schema = parseCatalogueItems([input], { strict: true });
        if (fast === undefined) return;
        answered++;
        expect(schema.ok).toBe(true);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.ok ? schema.resources[0] : undefined));
      }),
      { numRuns: RUNS },
    );
    console.log(`hot-path check: ${tried} fuzzed items, ${answered} answered by it, the rest by the schema`);
    // Both branches are exercised: the property is not vacuous.
    expect(answered).toBeGreaterThan(RUNS / 20);
    expect(answered).toBeLessThan(tried);
  });

  it('answers the resources the feed builder writes, so the hot path is the common path', () => {
    const resources = JSON.parse(JSON.stringify(makeResources(500))) as unknown[];
    expect(resources.every((r) => fastResource(r) !== undefined)).toBe(true);
  });

  it('knows every field of the schema, in its order', () => {
    // A field added to the schema and not here would silently send every feed that uses it to the schema.
    expect([...FAST_RESOURCE_FIELDS]).toEqual(Object.keys(ResourceSchema.shape));
  });

  it('answers every resource of the built-in sample catalogue, its copy fields (tagline, tagline B) included', () => {
    // A field the check does not know sends the whole snapshot to the schema (about 5× slower in Node).
    const sample = parseCatalogueCsv(readFileSync('public/sample-catalogue.csv', 'utf8'));
    if (!sample.ok) throw new Error('the sample catalogue does not parse');
    const items = JSON.parse(JSON.stringify(sample.resources)) as Record<string, unknown>[];
    expect(items.some((r) => r.tagline && r.taglineB)).toBe(true);
    for (const item of items) expect(JSON.stringify(fastResource(item))).toBe(JSON.stringify(item));
  });

  it('leaves every refusal, and its wording, to the schema', () => {
    const entry = { path: 'snapshot-v1-00000000.json', sha256: '0'.repeat(64), bytes: 2, version: 1, count: 3 };
    const refusal = (items: unknown[]) => {
      try {
        parseSnapshot(JSON.stringify(items), entry);
      } catch (error) {
        return (error as { problem?: unknown }).problem;
      }
      return undefined;
    };
    const items = JSON.parse(JSON.stringify(makeResources(3))) as Record<string, unknown>[];
    items[1]!.url = 'http://learn.example.com/x';
    const schema = parseCatalogueItems(items, { strict: true });
    expect(schema.ok).toBe(false);
    expect(refusal(items)).toEqual({
      code: 'invalidCatalogue',
      file: entry.path,
      importProblem: !schema.ok && schema.problems[0],
      problemCount: !schema.ok && schema.problemCount,
    });
    items[1]!.url = items[0]!.url;
    items[2]!.id = items[0]!.id;
    expect(refusal(items)).toMatchObject({ code: 'invalidCatalogue', importProblem: { code: 'problemDuplicateId', row: 3 } });
  });
});
