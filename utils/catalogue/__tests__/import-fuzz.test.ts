import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import { catalogueXlsx, generatedRows, rowsToCsv, rowsToXlsx } from '../../../test/fixtures/import/xlsx';
import { createCatalogueService, type CatalogueService } from '../../../entrypoints/background/catalogue-service';
import { createTranslator } from '../../i18n';
import { activateCatalogue, loadSearchIndex } from '../apply';
import { TrailmarkDB } from '../db';
import type { ImportProblem } from '../import';
import { importCatalogueFile } from '../import-file';
import { importTable, proposeMapping, type ColumnMapping } from '../import-mapping';
import { describeProblem } from '../problems';
import { CATALOGUE_COLUMNS, ResourceSchema } from '../schema';

/*
 * Property tests over the new parsers: CSV in every dialect (separator, encoding, BOM, quoting,
 * formulas, huge cells, wrong types), `.xlsx` (real workbooks, broken zips, other files named
 * .xlsx) and the mapping over any header. Every file is either imported, with every resource
 * valid by the contract, or refused with problems a person can act on (a message, and the row
 * and column where a row is at fault); a refusal leaves the active catalogue as it was.
 *
 * IMPORT_FUZZ_RUNS sets the runs per property (default 60); `npm run fuzz` runs 1,500 per
 * property, over 6,000 generated files in all, and prints the count.
 */
const RUNS = Number(process.env.IMPORT_FUZZ_RUNS ?? 60);
const TIMEOUT = 60_000 + RUNS * 150;
const t = createTranslator('en');
const ROW_CODES = /^problem(Field_|Required$|DuplicateId$|CellTooLarge$|MalformedCsv$)/;
let files = 0;
const endings = new Map<string, number>();
let db: TrailmarkDB;
let service: CatalogueService;
let before: string;

const dump = async () =>
  JSON.stringify(
    [
      await db.resourcePages.toArray(),
      await db.catalogueOverlay.toArray(),
      await db.pageIds.toArray(),
      await db.catalogueState.toArray(),
      await loadSearchIndex(db),
    ],
    (_, value) => (ArrayBuffer.isView(value) ? Array.from(value as Uint8Array) : value),
  );

beforeAll(async () => {
  db = new TrailmarkDB(`import-fuzz-${Math.random()}`);
  service = createCatalogueService(db);
  await activateCatalogue(
    db,
    [{ id: 'kept', title: 'Kept', url: 'https://x.org/kept', language: 'en' }].map((r) => ResourceSchema.parse(r)),
    { source: 'import', label: 'before.csv' },
  );
  before = await dump();
});
afterAll(async () => {
  db.close();
  await db.delete();
  const byEnding = [...endings]
    .sort((a, b) => b[1] - a[1])
    .map(([ending, n]) => `${ending} ${n}`)
    .join(', ');
  console.log(`import fuzzing: ${files.toLocaleString('en')} generated files (${RUNS} per property). Endings: ${byEnding}`);
});

/** The property every file must meet; `text` is also sent down the background's own import path when refused. */
async function expectImportedOrExplained(name: string, bytes: Uint8Array, options: { mapping?: ColumnMapping } = {}): Promise<void> {
  files++;
  const { result } = await importCatalogueFile(name, bytes, options);
  const ending = result.ok ? 'imported' : result.problems[0]!.code;
  endings.set(ending, (endings.get(ending) ?? 0) + 1);
  if (result.ok) {
    for (const resource of result.resources) expect(ResourceSchema.safeParse(resource).success).toBe(true);
    return;
  }
  expect(result.problemCount).toBeGreaterThanOrEqual(result.problems.length);
  for (const problem of result.problems) expectExplained(problem);
  // The background refuses a refused file too, and the active catalogue stays.
  const outcome = await service.importFile(name, new TextDecoder().decode(bytes));
  if (!outcome.ok) expect(await dump()).toBe(before);
  else {
    await activateCatalogue(db, [ResourceSchema.parse({ id: 'kept', title: 'Kept', url: 'https://x.org/kept', language: 'en' })], {
      source: 'import',
      label: 'before.csv',
    });
    before = await dump();
  }
}

function expectExplained(problem: ImportProblem): void {
  expect(Object.keys(en)).toContain(problem.code);
  const text = describeProblem(problem, t);
  // Every placeholder filled (the file's own values may hold anything, so they are set aside here).
  const shape = describeProblem(
    { ...problem, ...(problem.value === undefined ? {} : { value: 'V' }), ...(problem.column === undefined ? {} : { column: 'C' }) },
    t,
  );
  expect(shape).not.toMatch(/undefined|\$\d/);
  if (ROW_CODES.test(problem.code)) {
    expect(problem.row, text).toBeGreaterThanOrEqual(1);
    if (problem.code !== 'problemMalformedCsv') expect(problem.column, text).toBeTruthy();
  }
}

const HEADERS = [
  ...CATALOGUE_COLUMNS,
  'shortname',
  'fullname',
  'summary',
  'visible',
  'lang',
  'ID',
  'Title',
  'URL',
  'IsActive',
  'Languages',
  'Duration',
  'ModuleID',
  'ModuleTitle',
  'ModuleMoreInfoHyperlink',
  'Titel',
  'Omschrijving',
  'Duur (min)',
  'Taal',
];
const cell = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'https://x.org/a',
      'https://x.org/b',
      'http://x.org/c',
      'en',
      'Nederlands',
      'nl-BE',
      '1:30',
      'PT1H',
      '1h30',
      '12-05-2026',
      '46154',
      'ja',
      'nee',
      'TRUE',
      'x y',
      '',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom('=HYPERLINK("https://evil.example","x")', '@SUM(A1:A9)', '+31 20 1234', '-1', '=1+1') },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('"', ',', ';', '\t', '\n', '\r', 'é', '€', '\u0000', 'a') }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(25_000)) },
);
/** Rows for a header a real export has, with values that mostly fit, so cases also reach the row checks. */
const plausible = fc
  .constantFrom(
    ['id', 'title', 'url', 'language', 'duration_minutes', 'active'],
    ['ID', 'Title', 'URL', 'IsActive', 'Languages', 'Duration', 'LastModifiedUTC'],
    ['Code', 'Titel', 'Link', 'Taal', 'Duur (min)', 'Gewijzigd', 'Actief'],
    ['Title', 'URL', 'Language'],
  )
  .chain((header) =>
    fc.tuple(
      fc.constant([...header] as string[]),
      fc.array(
        fc
          .tuple(fc.nat(99), fc.constantFrom('Course', 'VIDEO', 'x'), fc.constantFrom('en', 'Dutch', 'nl-BE', 'xx-', ''), cell)
          .map(([n, title, language, extra]) => [
            `id-${n}`,
            `${title} ${n}`,
            n % 17 === 0 ? 'http://x.org/old' : `https://x.org/${n}`,
            language,
            n % 5 === 0 ? extra : '1:30',
            n % 7 === 0 ? extra : '12-05-2026',
            n % 3 === 0 ? 'nee' : 'ja',
          ]),
        { maxLength: 15 },
      ),
    ),
  );
const anyTable = fc
  .tuple(fc.uniqueArray(fc.oneof(fc.constantFrom(...HEADERS), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 10 }), fc.nat(12))
  .chain(([header, rows]) =>
    fc.tuple(fc.constant(header), fc.array(fc.array(cell, { minLength: 0, maxLength: header.length + 2 }), { maxLength: rows })),
  );
const table = fc.oneof(anyTable, plausible);

/** Text to bytes as a person's tools write it: UTF-8, UTF-8 with a BOM, or Windows-1252 (unencodable characters as `?`). */
function encode(text: string, encoding: 'utf-8' | 'bom' | '1252'): Uint8Array {
  if (encoding !== '1252') return new TextEncoder().encode(encoding === 'bom' ? `\uFEFF${text}` : text);
  const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
  return Uint8Array.from(
    [...text].map((c) => (high.includes(c) ? 0x80 + high.indexOf(c) : c.charCodeAt(0) <= 0xff ? c.charCodeAt(0) : 0x3f)),
  );
}

describe('import fuzzing', () => {
  it(
    'CSV in any dialect: imported, or refused with a row and column',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          table,
          fc.constantFrom(',', ';', '\t'),
          fc.constantFrom('utf-8', 'bom', '1252'),
          fc.boolean(),
          async ([header, rows], delimiter, encoding, quoted) => {
            const text = quoted
              ? Papa.unparse([header, ...rows], { delimiter, newline: '\r\n' })
              : [header, ...rows].map((r) => r.join(delimiter)).join('\n');
            await expectImportedOrExplained('export.csv', encode(text, encoding as 'utf-8'));
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'any mapping over any header: imported, or refused with what to choose',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          table,
          fc.dictionary(
            fc.constantFrom(...CATALOGUE_COLUMNS),
            fc.oneof(fc.constantFrom(...HEADERS), fc.constant('https://x.org/{id}'), fc.string()),
          ),
          async ([header, rows], mapping) => {
            files++;
            const outcome = importTable({ header, rows, firstRow: 2, format: 'csv' }, { ...proposeMapping(header).mapping, ...mapping });
            for (const problem of outcome.problems) expectExplained(problem);
            for (const resource of outcome.resources) expect(ResourceSchema.safeParse(resource).success).toBe(true);
            expect(outcome.rows).toHaveLength(outcome.resources.length);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'broken workbooks (truncated, bytes changed) and other files named .xlsx are refused in words, never thrown',
    async () => {
      const good = await catalogueXlsx();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.nat(good.length - 1).map((n) => good.slice(0, n)),
            fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
              const copy = good.slice();
              for (const [at, byte] of edits) copy[at] = byte;
              return copy;
            }),
            fc.uint8Array({ maxLength: 2000 }),
            fc.uint8Array({ maxLength: 2000 }).map((bytes) => Uint8Array.from([0x50, 0x4b, 3, 4, ...bytes])),
          ),
          async (bytes) => expectImportedOrExplained('catalogue.xlsx', bytes),
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'real workbooks with generated cells of every type',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          table,
          fc.array(fc.oneof(fc.double({ noNaN: true }), fc.integer(), fc.boolean(), fc.date({ noInvalidDate: true })), { maxLength: 6 }),
          async ([header, rows], typed) => {
            const workbook = [header, ...rows.map((row, i) => (i === 0 ? [...row, ...typed] : row))] as (string | number)[][];
            await expectImportedOrExplained('catalogue.xlsx', await rowsToXlsx(workbook));
          },
        ),
        { numRuns: Math.ceil(RUNS / 3) },
      );
    },
    TIMEOUT,
  );

  it('100,000 rows import (CSV always; .xlsx under npm run fuzz)', async () => {
    const rows = generatedRows(100_000);
    files++;
    const csv = await importCatalogueFile('big.csv', new TextEncoder().encode(rowsToCsv(rows)));
    expect(csv.result.ok && csv.result.resources.length).toBe(100_000);
    if (RUNS >= 1000) {
      files++;
      const xlsx = await importCatalogueFile('big.xlsx', await rowsToXlsx(rows));
      expect(xlsx.result.ok && xlsx.result.resources.length).toBe(100_000);
    }
  }, 240_000);
});
