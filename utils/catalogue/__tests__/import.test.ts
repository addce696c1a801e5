import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_COLUMNS } from '../schema';
import { parseCatalogueCsv, parseCatalogueFile, parseCatalogueJson, type ImportProblem } from '../import';

const HEADER = CATALOGUE_COLUMNS.join(',');
const row = (overrides: Partial<Record<(typeof CATALOGUE_COLUMNS)[number], string>> = {}) => {
  const base = {
    id: 'r1',
    title: 'Pivot tables in practice',
    description: 'Summarise sales data',
    url: 'https://learn.example.com/pivot',
    type: 'video',
    language: 'en',
    duration_minutes: '15',
    skills: 'spreadsheets|data-analysis',
    keywords: 'pivot table|excel',
    provider: 'L&D',
    audience: 'sales|finance',
    level: 'beginner',
    updated_at: '2026-05-12',
    active: 'true',
    ...overrides,
  };
  return Papa.unparse([CATALOGUE_COLUMNS.map((c) => base[c])], { newline: '\n' });
};
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('parseCatalogueCsv', () => {
  it('reads a valid row into a typed resource', () => {
    const result = parseCatalogueCsv(csv(row()));
    expect(result).toEqual({
      ok: true,
      ignoredColumns: [],
      resources: [
        {
          id: 'r1',
          title: 'Pivot tables in practice',
          description: 'Summarise sales data',
          url: 'https://learn.example.com/pivot',
          type: 'video',
          language: 'en',
          durationMinutes: 15,
          skills: ['spreadsheets', 'data-analysis'],
          keywords: ['pivot table', 'excel'],
          provider: 'L&D',
          audience: ['sales', 'finance'],
          level: 'beginner',
          updatedAt: '2026-05-12',
          active: true,
        },
      ],
    });
  });

  it.each<[string, string, Partial<ImportProblem>]>([
    ['an http: link', row({ url: 'http://learn.example.com/x' }), { code: 'problemField_url', row: 2, column: 'url' }],
    ['a javascript: link', row({ url: 'javascript:alert(1)' }), { code: 'problemField_url', row: 2, column: 'url' }],
    ['an empty title', row({ title: ' ' }), { code: 'problemRequired', row: 2, column: 'title' }],
    ['a missing language', row({ language: '' }), { code: 'problemRequired', row: 2, column: 'language' }],
    ['a made-up language', row({ language: 'english!' }), { code: 'problemField_language', row: 2, column: 'language' }],
    ['a fractional duration', row({ duration_minutes: '1.5' }), { code: 'problemField_duration_minutes', row: 2 }],
    ['a negative duration', row({ duration_minutes: '-3' }), { code: 'problemField_duration_minutes', row: 2 }],
    ['a bad date', row({ updated_at: '12/05/2026' }), { code: 'problemField_updated_at', row: 2 }],
    ['a bad active flag', row({ active: 'maybe' }), { code: 'problemField_active', row: 2 }],
    ['an id with spaces', row({ id: 'a b' }), { code: 'problemField_id', row: 2, column: 'id' }],
  ])('refuses %s, naming row and column', (_, bad, expected) => {
    const result = parseCatalogueCsv(csv(row({ id: 'fine' }), bad));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ ...expected, row: 3 });
  });

  it('lists every problem of every row, not just the first', () => {
    const result = parseCatalogueCsv(
      csv(row({ id: 'a', url: 'ftp://x' }), row({ id: 'b', language: '' }), row({ id: 'c', url: 'nope', active: 'perhaps' })),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'url'],
      [3, 'language'],
      [4, 'url'],
      [4, 'active'],
    ]);
  });

  it('refuses duplicate ids, naming both rows', () => {
    const result = parseCatalogueCsv(csv(row({ id: 'x' }), row({ id: 'y' }), row({ id: 'x' })));
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'problemDuplicateId', row: 4, value: 'x', otherRow: 2 }] });
  });

  it('refuses a header without a required column', () => {
    const result = parseCatalogueCsv('id,title,language\nx,Y,en');
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'problemMissingColumn', column: 'url', row: 1 }] });
  });

  it.each([
    ['WAAR', true],
    ['nee', false],
    ['0', false],
    ['', true],
  ])('reads active=%s as %s (Dutch spreadsheets export WAAR/ONWAAR)', (word, active) => {
    const result = parseCatalogueCsv(csv(row({ active: word })));
    expect(result.ok && result.resources[0]?.active).toBe(active);
  });

  it('accepts a BOM, CRLF line ends, quoted newlines, header case and extra columns', () => {
    const text = `\uFEFF${HEADER.toUpperCase()},internal_code\r\n${row({ description: 'two\nlines, "quoted"' })},X1\r\n`;
    const result = parseCatalogueCsv(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.resources[0]?.description).toBe('two\nlines, "quoted"');
    expect(result.ignoredColumns).toEqual(['internal_code']);
  });

  it('refuses an empty file', () => {
    expect(parseCatalogueCsv('  \n')).toMatchObject({ ok: false, problems: [{ code: 'problemEmptyFile' }] });
  });

  it('never throws, whatever the bytes, and answers ok or problems', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const result = parseCatalogueCsv(`${HEADER}\n${text}`);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
        else for (const r of result.resources) expect(new URL(r.url).protocol).toBe('https:');
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips any valid catalogue written as CSV', () => {
    const word = fc.stringMatching(/^[a-z][a-z ]{0,20}[a-z]$/);
    const resource = fc.record({
      id: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
      title: word,
      language: fc.constantFrom('en', 'nl'),
      skills: fc.array(word, { maxLength: 3 }),
      duration: fc.option(fc.nat(600), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(resource, { selector: (r) => r.id, maxLength: 8 }), (resources) => {
        const text = csv(
          ...resources.map((r) =>
            row({
              id: r.id,
              title: r.title,
              language: r.language,
              skills: r.skills.join('|'),
              duration_minutes: r.duration?.toString() ?? '',
            }),
          ),
        );
        const result = parseCatalogueCsv(text);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.resources.map((r) => [r.id, r.title, r.language, r.skills, r.durationMinutes])).toEqual(
          resources.map((r) => [r.id, r.title.trim(), r.language, r.skills.map((s) => s.trim()), r.duration]),
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe('parseCatalogueJson', () => {
  const valid = {
    id: 'j1',
    title: 'Feedback',
    url: 'https://learn.example.com/f',
    language: 'nl',
    durationMinutes: 30,
    skills: ['feedback'],
  };

  it('reads an array or { resources } with camelCased names', () => {
    for (const text of [JSON.stringify([valid]), JSON.stringify({ resources: [valid] })]) {
      const result = parseCatalogueJson(text);
      expect(result.ok && result.resources[0]).toMatchObject({ id: 'j1', durationMinutes: 30, skills: ['feedback'], active: true });
    }
  });

  it.each([
    ['not JSON', '{nope', 'problemInvalidJson'],
    ['a bare object', '{"id":"x"}', 'problemJsonShape'],
    ['an item that is not an object', '[1]', 'problemJsonShape'],
    ['a string duration', JSON.stringify([{ ...valid, durationMinutes: '30' }]), 'problemField_duration_minutes'],
  ])('refuses %s', (_, text, code) => {
    expect(parseCatalogueJson(text)).toMatchObject({ ok: false, problems: [{ code }] });
  });

  it('ignores __proto__ and other keys it does not know', () => {
    const result = parseCatalogueJson(`[{"__proto__":{"polluted":true},"constructor":1,${JSON.stringify(valid).slice(1)}]`);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseCatalogueJson(JSON.stringify(value) ?? 'null');
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseCatalogueFile', () => {
  it('picks the parser by extension, or by content when the name says nothing', () => {
    expect(parseCatalogueFile('x.json', '[]')).toEqual({ ok: true, resources: [], ignoredColumns: [] });
    expect(parseCatalogueFile('export', csv(row())).ok).toBe(true);
    expect(parseCatalogueFile('export', '[]').ok).toBe(true);
  });
});
