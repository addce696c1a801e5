import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueXlsx } from '../../../test/fixtures/import/xlsx';
import { createTranslator } from '../../i18n';
import { checkHealth, guessLanguage } from '../health';
import { parseCatalogueCsv } from '../import';
import { fileKind, importCatalogueFile, mergeMapping } from '../import-file';
import {
  headerShape,
  idFromUrl,
  importTable,
  MAPPABLE_FIELDS,
  normaliseLanguage,
  parseDate,
  parseDuration,
  parseMappingOption,
  proposeMapping,
} from '../import-mapping';
import { decodeText, detectDelimiter, readCsvText } from '../import-table';
import { readXlsxTable } from '../import-xlsx';
import { describeProblem, describeWarning } from '../problems';
import { CATALOGUE_COLUMNS } from '../schema';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/import');
const fixture = async (name: string) => new Uint8Array(await readFile(join(FIXTURES, name)));
const t = createTranslator('en');
const utf8 = new TextEncoder();

describe('CSV dialects', () => {
  it.each([
    ['a,b,c\n1,2,3', ','],
    ['a;b;c\n1;2;3', ';'],
    ['a\tb\tc\n1\t2\t3', '\t'],
    // A comma inside a quoted cell does not make it comma-separated.
    ['id;title;description\n1;A;"one, two, three, four"\n2;B;"x, y"', ';'],
  ])('detects the separator of %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('reads UTF-8 with and without a BOM, and Windows-1252 when the bytes are not UTF-8 (or when asked)', () => {
    expect(decodeText(utf8.encode('\uFEFFcafé')).text).toBe('café');
    expect(decodeText(utf8.encode('café'))).toEqual({ text: 'café', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0x80, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x93, 0x94]))).toEqual({
      text: '€ café“”',
      encoding: 'windows-1252',
    });
    expect(decodeText(utf8.encode('café'), 'windows-1252').text).toBe('cafÃ©');
  });

  it('keeps quoted newlines in one cell, and formula-looking cells as the text they are', () => {
    const read = readCsvText('id,title,note\n1,"two\nlines",=HYPERLINK("https://x.example")\n2,@SUM(A1),+31 20\n3,-5,x');
    expect(read.ok && read.table.rows).toEqual([
      ['1', 'two\nlines', '=HYPERLINK("https://x.example")'],
      ['2', '@SUM(A1)', '+31 20'],
      ['3', '-5', 'x'],
    ]);
  });

  it('keeps spreadsheet row numbers across blank lines', async () => {
    const { result } = await importCatalogueFile(
      'c.csv',
      utf8.encode('id,title,url,language\n\na,A,https://x.org/a,en\n\nb,B,http://x.org/b,en\n'),
    );
    expect(!result.ok && result.problems.map((p) => describeProblem(p, t))).toEqual([
      'Row 5, column “url”: must be a full web address starting with https:// (found “http://x.org/b”)',
    ]);
  });
});

describe('values as people write them', () => {
  it.each([
    ['90', 90],
    ['90 min', 90],
    ['1:30', 90],
    ['01:30:00', 90],
    ['1h30', 90],
    ['1h 30m', 90],
    ['1 u 30 min', 90],
    ['1,5 uur', 90],
    ['2 hours', 120],
    ['PT1H30M', 90],
    ['PT45M', 45],
    ['P1D', 1440],
    ['soon', undefined],
    ['', undefined],
  ])('duration %j is %j minutes', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it.each([
    ['2026-05-12', '2026-05-12'],
    ['2026-05-12T10:00:00Z', '2026-05-12T10:00:00Z'],
    ['12-05-2026', '2026-05-12'],
    ['12/05/2026', '2026-05-12'],
    ['05/13/2026', '2026-05-13'],
    ['12.05.2026 09:30', '2026-05-12T09:30:00'],
    ['20260512', '2026-05-12'],
    ['46154', '2026-05-12'],
    ['31-02-2026', undefined],
    ['next week', undefined],
  ])('date %j is %j', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each([
    ['Nederlands', 'nl'],
    ['Dutch', 'nl'],
    ['nl-BE', 'nl-BE'],
    ['NL_be', 'nl-BE'],
    ['English', 'en'],
    ['en-US, fr-FR', 'en-US'],
    ['zh-hant', 'zh-Hant'],
    ['Klingon', 'Klingon'],
  ])('language %j is %j', (text, tag) => {
    expect(normaliseLanguage(text)).toBe(tag);
  });

  it('makes stable, valid ids from URLs, short ones readable and long ones hashed', () => {
    expect(idFromUrl('https://learn.example.org/courses/excel-101?lang=nl')).toBe('learn.example.org/courses/excel-101-lang-nl');
    expect(idFromUrl('https://learn.example.org/courses/excel-101/')).toBe('learn.example.org/courses/excel-101');
    const long = `https://x.org/${'a'.repeat(300)}`;
    expect(idFromUrl(long)).toHaveLength(179);
    expect(idFromUrl(long)).not.toBe(idFromUrl(`${long}b`));
  });
});

describe('the column mapping', () => {
  it.each([
    [
      ['shortname', 'fullname', 'summary', 'category', 'idnumber', 'visible', 'lang'],
      'moodle',
      { id: 'shortname', title: 'fullname', active: 'visible' },
    ],
    [
      ['ID', 'Title', 'URL', 'IsActive', 'Description', 'Languages', 'LastModifiedUTC', 'Duration', 'Subjects'],
      'cornerstone',
      { updated_at: 'LastModifiedUTC', skills: 'Subjects' },
    ],
    [
      ['ModuleID', 'ModuleTitle', 'ModuleDescription', 'ModuleMoreInfoHyperlink', 'ModuleLearningType'],
      'peoplefluent',
      { url: 'ModuleMoreInfoHyperlink', type: 'ModuleLearningType' },
    ],
    [['Titel', 'Omschrijving', 'Duur (min)', 'Taal'], 'dutch', { title: 'Titel', duration_minutes: 'Duur (min)', language: 'Taal' }],
    [[...CATALOGUE_COLUMNS], 'trailmark', { id: 'id', duration_minutes: 'duration_minutes' }],
    [['Foo', 'Bar'], 'unknown', {}],
  ] as const)('recognises %j as %s', (header, profile, some) => {
    const proposal = proposeMapping(header);
    expect(proposal.profile).toBe(profile);
    expect(proposal.mapping).toMatchObject(some);
  });

  it('offers every field of the schema, so new catalogue fields slot into the mapping table', () => {
    expect(MAPPABLE_FIELDS).toEqual(CATALOGUE_COLUMNS);
  });

  it('reads --map with templates, and an empty value leaves a proposed field out', () => {
    expect(parseMappingOption('title=ModuleTitle,url=https://lms.example.org/view.php?a=1,b={x}')).toEqual({
      title: 'ModuleTitle',
      url: 'https://lms.example.org/view.php?a=1,b={x}',
    });
    expect(() => parseMappingOption('titel=Naam')).toThrow(/not field=Column/);
    expect(mergeMapping({ title: 'A', keywords: 'B' }, { keywords: '', url: 'C' })).toEqual({ title: 'A', url: 'C' });
  });

  it('names unmapped required fields and missing columns, and the file’s own column in problems', () => {
    const table = { header: ['Naam', 'Link', 'Taal'], rows: [['A', 'http://x.org', 'nl']], firstRow: 2, format: 'xlsx' as const };
    expect(importTable(table, { title: 'Naam', language: 'Taal' }).problems).toEqual([{ code: 'problemUnmapped', column: 'url' }]);
    expect(importTable(table, { title: 'Naam', url: 'Adres', language: 'Taal' }).problems[0]).toEqual({
      code: 'problemMissingColumn',
      row: 1,
      column: 'Adres',
    });
    const { problems } = importTable(table, { title: 'Naam', url: 'Link', language: 'Taal' });
    expect(problems.map((p) => describeProblem(p, t))).toEqual([
      'Row 2, column “B “Link””: must be a full web address starting with https:// (found “http://x.org”)',
    ]);
  });

  it('saved mappings are keyed by the header’s shape', () => {
    expect(headerShape(['Duur (min)', 'Titel'])).toBe(headerShape(['duur min', 'TITEL']));
    expect(headerShape(['Titel', 'Duur'])).not.toBe(headerShape(['Duur', 'Titel']));
  });

  it('reads a file in the contract exactly as the contract importer does', async () => {
    const csv = await readFile(resolve(import.meta.dirname, '../../../public/sample-catalogue.csv'));
    const { result } = await importCatalogueFile('sample-catalogue.csv', new Uint8Array(csv));
    const contract = parseCatalogueCsv(csv.toString('utf8'));
    expect(result.ok && contract.ok).toBe(true);
    if (result.ok && contract.ok) expect(result.resources).toEqual(contract.resources);
  });
});

describe('the hand-written exports', () => {
  it('Moodle (no URL column: a template makes it; short names with spaces become ids)', async () => {
    const { result } = await importCatalogueFile('moodle.csv', await fixture('moodle.csv'), {
      mapping: { url: 'https://lms.example.org/course/view.php?name={shortname}' },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.resources.map((r) => [r.id, r.url, r.language, r.active])).toEqual([
      ['excel-pivot', 'https://lms.example.org/course/view.php?name=excel-pivot', 'en', true],
      ['feedback-geven', 'https://lms.example.org/course/view.php?name=feedback-geven', 'nl', true],
      ['Negotiation-101', 'https://lms.example.org/course/view.php?name=Negotiation%20101', 'en-gb', true],
      ['old-course', 'https://lms.example.org/course/view.php?name=old-course', 'en', false],
    ]);
    expect(result.resources[2]!.description).toContain('=HYPERLINK("https://evil.example/","click")');
  });

  it('Cornerstone (quoted newlines, ISO 8601 durations, CRLF)', async () => {
    const { result } = await importCatalogueFile('cornerstone.csv', await fixture('cornerstone.csv'));
    expect(result.ok && result.resources.map((r) => [r.id, r.durationMinutes, r.language, r.skills, r.updatedAt])).toEqual([
      ['excel-pivot', 90, 'en-us', ['Excel', 'Data analysis'], '2026-05-12T10:00:00Z'],
      ['feedback-geven', 15, 'nl-nl', ['Feedback'], '2026-04-01T08:30:00Z'],
      ['negotiation-basics', 180, 'en', ['Negotiation', 'Sales'], '2026-03-15T00:00:00Z'],
      ['old-course', 60, 'en', [], '2019-01-01T00:00:00Z'],
    ]);
  });

  it('PeopleFluent (tab-separated, durations in words, types as words)', async () => {
    const { result } = await importCatalogueFile('peoplefluent.csv', await fixture('peoplefluent.csv'));
    expect(result.ok && result.resources.map((r) => [r.id, r.type, r.durationMinutes, r.language, r.keywords])).toEqual([
      ['PF-1001', 'e-learning', 90, 'en', ['excel', 'pivot']],
      ['PF-1002', 'video', 15, 'nl', ['feedback']],
      ['PF-1003', 'instructor-led-training', 180, 'en', ['negotiation', 'sales']],
    ]);
  });

  it('Dutch, semicolons, Windows-1252 (detected), dates day first, ja/nee', async () => {
    const read = await importCatalogueFile('dutch-1252.csv', await fixture('dutch-1252.csv'));
    expect(read.kind === 'table' && [read.table.delimiter, read.table.encoding, read.profile]).toEqual([';', 'windows-1252', 'dutch']);
    const { result } = read;
    expect(result.ok && result.resources.map((r) => [r.id, r.title, r.durationMinutes, r.updatedAt, r.language, r.active])).toEqual([
      ['vergaderen', 'Efficiënt vergaderen', 90, '2026-05-12', 'nl', true],
      ['excel-draaitabel', 'Draaitabellen in Excel', 45, '2026-04-01', 'nl', true],
      ['budget', 'Budget beheren (€)', 120, '2026-03-15', 'nl-be', false],
    ]);
  });

  it('.xlsx written by exceljs: dates and durations stored as numbers, the first sheet unless another is named', async () => {
    const bytes = await catalogueXlsx();
    expect(fileKind('catalogue.bin', bytes)).toBe('xlsx');
    const { result } = await importCatalogueFile('catalogue.xlsx', bytes);
    expect(result.ok && result.resources.map((r) => [r.id, r.type, r.durationMinutes, r.updatedAt, r.language, r.active])).toEqual([
      ['excel-pivot', 'course', 90, '2026-05-12', 'en', true],
      ['feedback-geven', 'video', 15, '2026-04-01', 'nl', true],
      ['negotiation-basics', 'workshop', 180, '2026-03-15', 'en-gb', false],
    ]);
    const other = await readXlsxTable(bytes, { sheet: 'Read me' });
    expect(other.ok && [other.table.header, other.table.sheets]).toEqual([
      ['Notes', 'This sheet is not the catalogue.'],
      ['Courses', 'Read me'],
    ]);
    expect((await readXlsxTable(bytes, { sheet: 'Nope' })).ok).toBe(false);
  });

  it('refuses what is not a workbook, in words', async () => {
    const notZip = await importCatalogueFile('x.xlsx', utf8.encode('id,title'));
    expect(!notZip.result.ok && describeProblem(notZip.result.problems[0]!, t)).toMatch(/^this is not an Excel workbook/);
    const broken = await importCatalogueFile('x.xlsx', new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]));
    expect(!broken.result.ok && describeProblem(broken.result.problems[0]!, t)).toMatch(/^the Excel file cannot be opened/);
  });
});

describe('messages', () => {
  it('every message name is one Chromium accepts (letters, digits, _ and @), or the extension does not load', async () => {
    for (const locale of ['en', 'nl']) {
      const messages = JSON.parse(
        await readFile(resolve(import.meta.dirname, `../../../public/_locales/${locale}/messages.json`), 'utf8'),
      ) as object;
      expect(Object.keys(messages).filter((key) => !/^[A-Za-z0-9_@]+$/.test(key))).toEqual([]);
    }
  });
});

describe('the health check', () => {
  it('guesses English and Dutch from function words, and stays quiet when it cannot tell', () => {
    expect(guessLanguage('Learn how to build a pivot table in Excel and what you can do with it')).toBe('en');
    expect(guessLanguage('Leer hoe je een draaitabel maakt in Excel en wat je ermee kunt doen')).toBe('nl');
    expect(guessLanguage('Excel pivot')).toBeUndefined();
  });

  it('warns per row and totals per type, language and skill', async () => {
    const csv = [
      'id,title,description,url,type,language,skills',
      'a,Pivot tables,Learn how to build a pivot table in Excel and what you can do with it afterwards.,https://x.org/a,course,en,excel',
      'b,PIVOT TABLES AGAIN,,https://X.org/a/#top,course,en,excel|data',
      'c,Feedback,Leer hoe je feedback geeft die de ander echt verder helpt in het werk en daarna,https://x.org/c,video,en,feedback',
      'd,Short,Too short. See http://old.example.org/d.,https://x.org/d,video,nl,',
    ].join('\n');
    const read = await importCatalogueFile('c.csv', utf8.encode(csv));
    if (read.kind !== 'table' || !read.result.ok) throw new Error('expected an import');
    const report = checkHealth(read.outcome.resources, read.outcome.rows, { shown: new Set(['a', 'b', 'c']) });
    expect(report.warnings.map((w) => describeWarning(w, t))).toEqual([
      'Row 3 (id “b”): the same web address as row 2 (https://x.org/a/#top). Two entries for one page split its suggestions.',
      'Row 3 (id “b”): no description. Tips match pages on the description, so this resource will rarely be suggested.',
      'Row 3 (id “b”): the title is in capitals; titles in normal case read faster in a tip.',
      'Row 4 (id “c”): the language is en, but the title and description read as nl.',
      'Row 5 (id “d”): the description has only 40 characters; a sentence or two (60 or more) helps pages find it.',
      'Row 5 (id “d”): the description holds an http: link (http://old.example.org/d); use https:.',
      'Row 5 (id “d”): none of the sample pages would show this resource in a tip.',
    ]);
    expect(report.totals).toEqual({
      resources: 4,
      active: 4,
      type: [
        ['course', 2],
        ['video', 2],
      ],
      language: [
        ['en', 3],
        ['nl', 1],
      ],
      skill: [
        ['excel', 2],
        ['data', 1],
        ['feedback', 1],
      ],
    });
  });
});
