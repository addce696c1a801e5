import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResourceSchema, SkillSchema, type ResourceInput } from '../../catalogue/schema';
import { buildSearchIndex, search, termNumber, updateSearchIndex, type SearchIndex } from '../search-index';
import { stem } from '../tokenise';

const resource = (id: string, fields: Partial<ResourceInput> = {}) =>
  ResourceSchema.parse({ id, title: id, url: `https://learn.example.com/${id}`, language: 'en', ...fields });

const CATALOGUE = [
  resource('pivot', {
    title: 'Pivot tables in Excel',
    keywords: ['pivot table'],
    skills: ['spreadsheets'],
    description: 'Summarise sales data.',
  }),
  resource('feedback', {
    title: 'Giving feedback',
    keywords: ['feedback'],
    skills: ['feedback'],
    description: 'Kind and useful feedback.',
  }),
  resource('crm', {
    title: 'Opportunities in the CRM',
    keywords: ['pipeline', 'forecast'],
    skills: ['crm'],
    description: 'Sales pipeline.',
  }),
  resource('gesprek', {
    title: 'Het klantgesprek',
    language: 'nl',
    keywords: ['gesprek', 'klant'],
    description: 'Een goed gesprek met een klant.',
  }),
];

/** Everything a query can observe of an index, with documents named by id. */
function observable(index: SearchIndex) {
  const postings = index.terms.map((term, t) => {
    const list: [string, number][] = [];
    for (let p = index.postingStart[t]!; p < index.postingStart[t + 1]!; p++)
      list.push([index.docIds[index.postingDocs[p]!]!, index.postingImpacts[p]!]);
    return [term, list.sort((a, b) => (a[0] < b[0] ? -1 : 1)), index.idf[t]] as const;
  });
  return { docs: [...index.docIds].sort(), postings };
}

describe('buildSearchIndex', () => {
  it('keeps postings sorted by document and impacts between 0 and 1', () => {
    const index = buildSearchIndex(CATALOGUE);
    for (let t = 0; t < index.terms.length; t++) {
      for (let p = index.postingStart[t]! + 1; p < index.postingStart[t + 1]!; p++)
        expect(index.postingDocs[p]!).toBeGreaterThan(index.postingDocs[p - 1]!);
    }
    for (const impact of index.postingImpacts) expect(impact > 0 && impact < 1).toBe(true);
    expect([...index.terms]).toEqual([...index.terms].sort());
  });

  it('links page words to a resource through the skills taxonomy, in either language', () => {
    const taxonomy = [
      SkillSchema.parse({
        id: 'crm',
        labels: { en: 'Customer relationship management', nl: 'Klantrelatiebeheer' },
        synonyms: { en: ['sales funnel'] },
      }),
    ];
    const index = buildSearchIndex(CATALOGUE, taxonomy);
    for (const [word, lang] of [
      ['funnel', 'en'],
      ['relationship', 'en'],
      ['klantrelatiebeheer', 'nl'],
    ] as const) {
      const [best] = search(index, [{ term: stem(word, lang), weight: 1 }]);
      expect(best && index.docIds[best.doc]).toBe('crm');
    }
    expect(termNumber(buildSearchIndex(CATALOGUE), 'funnel')).toBe(-1);
  });

  it('indexes the parts of Dutch compounds that the catalogue knows', () => {
    const index = buildSearchIndex(CATALOGUE);
    const results = search(index, [{ term: 'klant', weight: 1 }]);
    expect(results.map((r) => index.docIds[r.doc])).toEqual(['gesprek']);
  });
});

describe('updateSearchIndex', () => {
  const changed = resource('crm', {
    title: 'Forecasting in the CRM',
    keywords: ['forecast', 'quota'],
    skills: ['crm'],
    description: 'Quarterly forecast.',
  });
  const added = resource('excel-basics', {
    title: 'Excel basics',
    keywords: ['excel', 'formulas'],
    description: 'Cells, formulas and pivot tables.',
  });

  it.each([
    ['add one', { upserts: [added], retiredIds: [] }],
    ['change one', { upserts: [changed], retiredIds: [] }],
    ['retire one', { upserts: [], retiredIds: ['feedback'] }],
    ['retire by active=false', { upserts: [{ ...CATALOGUE[0]!, active: false }], retiredIds: [] }],
    ['all at once', { upserts: [added, changed], retiredIds: ['feedback', 'not-there'] }],
    ['nothing', { upserts: [], retiredIds: [] }],
  ])('%s: same postings and idf as a full build with the same field averages', (_, delta) => {
    const before = buildSearchIndex(CATALOGUE);
    const after = updateSearchIndex(before, delta);
    const upserted = new Map(delta.upserts.map((r) => [r.id, r]));
    const gone = new Set([...delta.retiredIds, ...upserted.keys()]);
    const expected = [...CATALOGUE.filter((r) => !gone.has(r.id)), ...upserted.values()];
    const full = buildSearchIndex(expected, [], { averageFieldLengths: before.averageFieldLengths });
    expect(observable(after)).toEqual(observable(full));
    expect(after.docIds).toEqual(full.docIds);
  });

  it('does not change the index it was given', () => {
    const before = buildSearchIndex(CATALOGUE);
    const copy = structuredClone(before);
    updateSearchIndex(before, { upserts: [added], retiredIds: ['pivot'] });
    expect(before).toEqual(copy);
  });

  it('drops terms that no resource uses any more', () => {
    const after = updateSearchIndex(buildSearchIndex(CATALOGUE), { upserts: [], retiredIds: ['feedback'] });
    expect(termNumber(after, 'feedback')).toBe(-1);
    expect(search(after, [{ term: 'feedback', weight: 1 }])).toEqual([]);
  });
});

describe('search', () => {
  /** The obvious way: add up every positive contribution in a Map, sort everything. */
  function bruteForce(index: SearchIndex, query: { term: string; weight: number }[], limit: number) {
    const scores = new Map<number, number>();
    for (const { term, weight } of query) {
      const t = termNumber(index, term);
      if (t < 0 || weight <= 0) continue;
      for (let p = index.postingStart[t]!; p < index.postingStart[t + 1]!; p++) {
        const doc = index.postingDocs[p]!;
        const contribution = weight * index.idf[t]! * index.postingImpacts[p]!;
        if (contribution > 0) scores.set(doc, (scores.get(doc) ?? 0) + contribution);
      }
    }
    return [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
  }

  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
  const catalogue = fc.array(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 40 });
  const query = fc.array(fc.record({ term: fc.constantFrom(...words, 'unknown'), weight: fc.double({ min: 0, max: 5, noNaN: true }) }), {
    maxLength: 8,
  });

  it('finds exactly the best documents that scoring every document would, in the same order', () => {
    fc.assert(
      fc.property(catalogue, query, fc.integer({ min: 1, max: 50 }), (docs, q, limit) => {
        const index = buildSearchIndex(docs.map((text, i) => resource(`r${i}`, { title: text.join(' ') })));
        const distinct = [...new Map(q.map((x) => [x.term, x])).values()];
        const got = search(index, distinct, limit);
        const want = bruteForce(index, distinct, limit);
        expect(got.map((r) => r.doc)).toEqual(want.map(([doc]) => doc));
        got.forEach((r, i) => {
          expect(r.score).toBeCloseTo(want[i]![1], 9);
          expect(r.contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(r.score, 9);
        });
        // The scratch space is clean for the next query.
        expect(search(index, distinct, limit)).toEqual(got);
      }),
      { numRuns: 200 },
    );
  });
});
