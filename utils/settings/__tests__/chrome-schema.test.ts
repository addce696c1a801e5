import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chromeDrops, describeChromeDrop, type PolicySchema } from '../chrome-schema';

/** The extension's own schema: what Chrome checks policies against. */
const SCHEMA = JSON.parse(readFileSync(resolve('public/managed_schema.json'), 'utf8')) as PolicySchema;
const RULE = { id: 'org-crm', name: 'CRM', patterns: ['https://crm.example.com/*'], action: 'suggest' };

describe('what Chrome and Edge drop from a policy (issue 17, finding 3)', () => {
  it('passes a policy written as the documentation says', () => {
    const policy = {
      siteRules: [{ ...RULE, enabled: true, skills: ['crm'] }],
      lockSettings: true,
      maxTipsPerDay: 2,
      minRepeatAfterDays: 14,
      catalogueFeedUrl: 'https://learn.example.com/feed.json',
      ldProfile: { name: 'Leren & Ontwikkelen' },
    };
    expect(chromeDrops(policy, SCHEMA)).toEqual([]);
  });

  it.each([
    ['one rule with "enabled": "true"', { siteRules: [RULE, { ...RULE, id: 'b', enabled: 'true' }] }, 'siteRules[1].enabled', 'boolean'],
    ['lockSettings: "yes"', { lockSettings: 'yes' }, 'lockSettings', 'boolean'],
    ['minRepeatAfterDays: "14"', { minRepeatAfterDays: '14' }, 'minRepeatAfterDays', 'integer'],
    ['maxTipsPerDay: 2.5', { maxTipsPerDay: 2.5 }, 'maxTipsPerDay', 'integer'],
    ['siteRules given as a string', { siteRules: JSON.stringify([RULE]) }, 'siteRules', 'array'],
    ['a pattern that is a number', { siteRules: [{ ...RULE, patterns: [42] }] }, 'siteRules[0].patterns[0]', 'string'],
  ])('names %s, where the whole value is dropped', (_, policy, path, expected) => {
    const drops = chromeDrops(policy, SCHEMA);
    expect(drops).toEqual([expect.objectContaining({ path, expected, effect: 'dropped' })]);
    expect(describeChromeDrop(drops[0]!)).toContain(`they leave out all of ${Object.keys(policy)[0]}`);
  });

  it('names unknown fields, which are stripped, and leaves top-level names to Trailmark’s own warning', () => {
    const drops = chromeDrops(
      { siteRules: [{ ...RULE, audiences: ['sales'] }], ldProfile: { name: 'L&D', colour: '#fff' }, frobnicate: 1 },
      SCHEMA,
    );
    expect(drops.map((d) => [d.path, d.effect])).toEqual([
      ['siteRules[0].audiences', 'stripped'],
      ['ldProfile.colour', 'stripped'],
    ]);
    expect(describeChromeDrop(drops[0]!)).toBe(
      'siteRules[0].audiences is not a field Chrome and Edge know here: they remove it, without a warning.',
    );
  });

  it('describes the value it found in words, shortened', () => {
    const [drop] = chromeDrops({ catalogueFeedUrl: 42 }, SCHEMA);
    expect(describeChromeDrop(drop!)).toBe(
      'catalogueFeedUrl is the number 42 where Chrome and Edge accept only text in quotes: they leave out all of catalogueFeedUrl, without a warning.',
    );
    const [long] = chromeDrops({ lockSettings: 'x'.repeat(500) }, SCHEMA);
    expect(describeChromeDrop(long!).length).toBeLessThan(200);
  });

  /** Any value the schema allows, generated from the schema itself. */
  const fitting = (schema: PolicySchema): fc.Arbitrary<unknown> => {
    switch (schema.type) {
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return fc.integer();
      case 'number':
        return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
      case 'string':
        return fc.string();
      case 'array':
        return fc.array(schema.items ? fitting(schema.items) : fc.constant('x'), { maxLength: 3 });
      case 'object':
        return fc.record(Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, fitting(s)])), {
          requiredKeys: [],
        });
    }
  };
  const wrongFor: Record<PolicySchema['type'], unknown> = {
    boolean: 'true',
    integer: '14',
    number: '1.5',
    string: 7,
    array: '[]',
    object: [],
  };

  it('finds nothing in any value that fits, and exactly the one leaf made wrong (fuzzed over the whole schema)', () => {
    fc.assert(
      fc.property(fitting(SCHEMA), fc.nat(), (policy, pick) => {
        const values = policy as Record<string, unknown>;
        expect(chromeDrops(values, SCHEMA)).toEqual([]);
        // Every leaf path of the generated value, with its schema; make one of them wrong.
        const leaves: { set: (v: unknown) => void; path: string; schema: PolicySchema; key: string }[] = [];
        const collect = (value: unknown, schema: PolicySchema, path: string, key: string, set: (v: unknown) => void) => {
          leaves.push({ set, path, schema, key });
          if (schema.type === 'array' && schema.items)
            (value as unknown[]).forEach((item, i) =>
              collect(item, schema.items!, `${path}[${i}]`, key, (v) => ((value as unknown[])[i] = v)),
            );
          if (schema.type === 'object' && schema.properties)
            for (const [field, inner] of Object.entries(value as Record<string, unknown>))
              collect(inner, schema.properties[field]!, `${path}.${field}`, key, (v) => ((value as Record<string, unknown>)[field] = v));
        };
        for (const [key, value] of Object.entries(values)) collect(value, SCHEMA.properties![key]!, key, key, (v) => (values[key] = v));
        if (leaves.length === 0) return;
        const leaf = leaves[pick % leaves.length]!;
        leaf.set(wrongFor[leaf.schema.type]);
        expect(chromeDrops(values, SCHEMA)).toEqual([expect.objectContaining({ path: leaf.path, key: leaf.key, effect: 'dropped' })]);
      }),
      { numRuns: 300 },
    );
  });
});
