import Papa from 'papaparse';
import { parseLdProfile, type LdProfile, type ProfileProblem } from '../profile/schema';
import {
  CATALOGUE_COLUMNS,
  MAX_TAXONOMY_SKILLS,
  ResourceSchema,
  SkillSchema,
  type CatalogueColumn,
  type Resource,
  type Skill,
} from './schema';

/**
 * One thing wrong with an imported catalogue, precise enough for a non-developer to fix it.
 * `row` counts like a spreadsheet does (the header is row 1) or, for JSON, the item number from 1.
 * `code` is an i18n message key (see `public/_locales`), so the UI and the CLI word it the same way.
 */
/** Problems the resource schema names itself, more precisely than "must be …" for the column. */
const SPECIFIC_PROBLEMS = [
  'problemLinkForm',
  'problemLinkHidden',
  'problemLinkUserInfo',
  'problemLinkPrivate',
  'problemHiddenCharacter',
  'problemImpossibleDate',
] as const;

export interface ImportProblem {
  code: ProblemCode;
  row?: number;
  column?: string;
  /** The offending value, shortened, so people can find it. */
  value?: string;
  /** For duplicates: the row where the value was first seen. */
  otherRow?: number;
  /** Set for problems in the JSON `taxonomy`: `row` then counts its skills from 1. */
  section?: 'taxonomy';
  /** For `problemProfile`: the refused field of the JSON's L&D profile. */
  profileProblem?: ProfileProblem;
}

export type ProblemCode =
  | 'problemEmptyFile'
  | 'problemFileTooLarge'
  | 'problemMalformedCsv'
  | 'problemMissingColumn'
  | 'problemUnmapped'
  | 'problemNotXlsx'
  | 'problemBrokenXlsx'
  | 'problemNoSheet'
  | 'problemNoHeader'
  | 'problemCellTooLarge'
  | 'problemInvalidJson'
  | 'problemJsonShape'
  | 'problemTooManyRows'
  | 'problemRequired'
  | 'problemDuplicateId'
  | 'problemUnknownField'
  | `problemField_${CatalogueColumn}`
  | 'problemProfile'
  | (typeof SPECIFIC_PROBLEMS)[number]
  | 'problemTaxonomyShape'
  | 'problemTaxonomyTooLarge'
  | 'problemSkillShape'
  | 'problemSkillDuplicate'
  | `problemSkill_${SkillField}`;

type SkillField = 'id' | 'labels' | 'synonyms';

/** A good import: the resources and, from JSON, the skills taxonomy when the file has one. */
export type ImportResult =
  | { ok: true; resources: Resource[]; ignoredColumns: string[]; taxonomy?: Skill[]; profile?: LdProfile }
  | { ok: false; problems: ImportProblem[]; problemCount: number };

/** More rows than this is not a catalogue but a mistake (or an attack on the device's storage). */
export const MAX_CATALOGUE_ROWS = 200_000;
/** The UI and CLI list at most this many problems; the count says how many there are in all. */
export const MAX_LISTED_PROBLEMS = 200;

/** The columns the contract requires; a row without one of them is refused. */
export const REQUIRED_COLUMNS: readonly CatalogueColumn[] = ['id', 'title', 'url', 'language'];
const LIST_COLUMNS = new Set<CatalogueColumn>(['skills', 'keywords', 'audience']);
/** "Active" in English and Dutch, as people and LMS exports write it. */
export const TRUE_WORDS: ReadonlySet<string> = new Set([
  'true',
  '1',
  'yes',
  'y',
  'ja',
  'j',
  'waar',
  'x',
  'active',
  'actief',
  'visible',
  'zichtbaar',
  'enabled',
  'on',
  'aan',
  'published',
  'gepubliceerd',
]);
/** "Retired" in English and Dutch. */
export const FALSE_WORDS: ReadonlySet<string> = new Set([
  'false',
  '0',
  'no',
  'n',
  'nee',
  'onwaar',
  'inactive',
  'inactief',
  'hidden',
  'verborgen',
  'disabled',
  'off',
  'uit',
  'retired',
  'archived',
  'gearchiveerd',
]);

const snakeToCamel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** JSON field name per column, worked out once: validation looks them up for every cell. */
const FIELD_OF = Object.fromEntries(CATALOGUE_COLUMNS.map((column) => [column, snakeToCamel(column)])) as Record<CatalogueColumn, string>;
const camelToSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const shorten = (value: unknown) => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/**
 * Parses a catalogue file, CSV or JSON, picked by its name or, failing that, by its first character.
 *
 * @example
 * const result = parseCatalogueFile('catalogue.csv', text);
 * if (!result.ok) showProblems(result.problems);
 */
export function parseCatalogueFile(fileName: string, text: string): ImportResult {
  const isJson = /\.json$/i.test(fileName) || (!/\.csv$/i.test(fileName) && /^\s*[[{]/.test(text));
  return isJson ? parseCatalogueJson(text) : parseCatalogueCsv(text);
}

/** Parses CSV with the catalogue's header (see `CATALOGUE_COLUMNS`); list fields are split on `|`. */
export function parseCatalogueCsv(text: string): ImportResult {
  const source = text.replace(/^\uFEFF/, '');
  if (!source.trim()) return fail([{ code: 'problemEmptyFile' }]);
  const parsed = Papa.parse<string[]>(source, { skipEmptyLines: 'greedy' });
  const rows = parsed.data;
  const problems: ImportProblem[] = parsed.errors
    // Papa reports rows from 0 without the header line; spreadsheets count from 1 with it.
    .filter((error) => error.code !== 'UndetectableDelimiter')
    .map((error) => ({ code: 'problemMalformedCsv', row: (error.row ?? 0) + 1, value: error.message }));
  const header = (rows[0] ?? []).map((name) => name.trim().toLowerCase());
  const known = new Set<string>(CATALOGUE_COLUMNS);
  for (const column of REQUIRED_COLUMNS) {
    if (!header.includes(column)) problems.push({ code: 'problemMissingColumn', row: 1, column });
  }
  if (problems.length > 0) return fail(problems);
  if (rows.length - 1 > MAX_CATALOGUE_ROWS) return fail([{ code: 'problemTooManyRows', value: String(rows.length - 1) }]);

  const records = rows.slice(1).map((cells) => {
    const record: Record<string, string> = {};
    header.forEach((column, index) => {
      if (known.has(column)) record[column] = cells[index] ?? '';
    });
    return record;
  });
  return validateRecords(
    records,
    (record, column) => fromCsvCell(column, record[column]),
    2,
    header.filter((c) => !known.has(c)),
  );
}

/**
 * Parses JSON: an array of resources, or `{ "resources": [...], "taxonomy": [...] }`, with camelCased
 * field names. The optional taxonomy lists skills as `{ "id", "labels": { "en", "nl" }, "synonyms": { "en": [], "nl": [] } }`.
 */
export function parseCatalogueJson(text: string): ImportResult {
  if (!text.trim()) return fail([{ code: 'problemEmptyFile' }]);
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail([{ code: 'problemInvalidJson', value: shorten((error as Error).message) }]);
  }
  const items = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as { resources?: unknown }).resources)
      ? (data as { resources: unknown[] }).resources
      : undefined;
  if (!items) return fail([{ code: 'problemJsonShape' }]);
  const result = withProfile(parseCatalogueItems(items), data);
  const rawTaxonomy = Array.isArray(data) ? undefined : Object.getOwnPropertyDescriptor(data, 'taxonomy')?.value;
  if (rawTaxonomy === undefined) return result;
  const taxonomy = parseTaxonomy(rawTaxonomy);
  if (!result.ok || !taxonomy.ok) {
    const problems = [...(result.ok ? [] : result.problems), ...(taxonomy.ok ? [] : taxonomy.problems)];
    const count = (result.ok ? 0 : result.problemCount) + (taxonomy.ok ? 0 : taxonomy.problems.length);
    return { ok: false, problems: problems.slice(0, MAX_LISTED_PROBLEMS), problemCount: count };
  }
  return { ...result, taxonomy: taxonomy.skills };
}

/**
 * Validates already-parsed JSON items, each a resource object with camelCased field names; item
 * numbers count from 1. With `strict`, a field the catalogue does not know is a problem rather
 * than ignored: the feed is written by our own tool, so an unknown field means a mistake.
 *
 * @example parseCatalogueItems(JSON.parse(snapshotText), { strict: true })
 */
export function parseCatalogueItems(items: readonly unknown[], options: { strict?: boolean } = {}): ImportResult {
  if (items.length > MAX_CATALOGUE_ROWS) return fail([{ code: 'problemTooManyRows', value: String(items.length) }]);
  const objects = items.map((item) => (item && typeof item === 'object' && !Array.isArray(item) ? (item as object) : undefined));
  const result = validateRecords(
    objects,
    (record, column) => (record ? Object.getOwnPropertyDescriptor(record, FIELD_OF[column])?.value : undefined),
    1,
    [],
  );
  if (!options.strict) return result;
  const unknown: ImportProblem[] = [];
  objects.forEach((record, index) => {
    for (const key of record ? Object.keys(record) : []) {
      if (!KNOWN_JSON_FIELDS.has(key)) unknown.push({ code: 'problemUnknownField', row: index + 1, column: key });
    }
  });
  if (unknown.length === 0) return result;
  const problems = [...(result.ok ? [] : result.problems), ...unknown].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return fail(problems, (result.ok ? 0 : result.problemCount - result.problems.length) + problems.length);
}

/** A JSON catalogue's optional `profile` (see `utils/profile`): any bad field refuses the file, named. */
function withProfile(result: ImportResult, data: unknown): ImportResult {
  const raw = Array.isArray(data) ? undefined : Object.getOwnPropertyDescriptor(data, 'profile')?.value;
  if (raw === undefined) return result;
  const parsed = parseLdProfile(raw, { strict: true });
  if (parsed.problems.length === 0 && parsed.profile) return result.ok ? { ...result, profile: parsed.profile } : result;
  const problems: ImportProblem[] = parsed.problems.map((profileProblem) => ({ code: 'problemProfile', profileProblem }));
  return result.ok ? fail(problems) : fail([...problems, ...result.problems], result.problemCount + problems.length);
}

const KNOWN_JSON_FIELDS: ReadonlySet<string> = new Set(Object.values(FIELD_OF));

/**
 * Validates the optional skills taxonomy of a JSON catalogue: a list of skills with unique ids.
 *
 * @example parseTaxonomy([{ id: 'negotiation', labels: { en: 'Negotiation', nl: 'Onderhandelen' } }]).ok // true
 */
export function parseTaxonomy(value: unknown): { ok: true; skills: Skill[] } | { ok: false; problems: ImportProblem[] } {
  const section = 'taxonomy' as const;
  if (!Array.isArray(value)) return { ok: false, problems: [{ code: 'problemTaxonomyShape', section }] };
  if (value.length > MAX_TAXONOMY_SKILLS)
    return { ok: false, problems: [{ code: 'problemTaxonomyTooLarge', section, value: String(value.length) }] };
  const problems: ImportProblem[] = [];
  const skills: Skill[] = [];
  const rowOfId = new Map<string, number>();
  value.forEach((item: unknown, index) => {
    const row = index + 1;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push({ code: 'problemSkillShape', section, row });
      return;
    }
    const parsed = SkillSchema.safeParse(item);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'id') as SkillField;
        const column = issue.path.map(String).join('.');
        if (seen.has(field)) continue;
        seen.add(field);
        const found = issue.path.reduce<unknown>(
          (at, key) => (at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined),
          item,
        );
        problems.push({ code: `problemSkill_${field}`, section, row, column, ...(found === undefined ? {} : { value: shorten(found) }) });
      }
      return;
    }
    const key = parsed.data.id.toLowerCase();
    const firstSeen = rowOfId.get(key);
    if (firstSeen !== undefined) {
      problems.push({ code: 'problemSkillDuplicate', section, row, column: 'id', value: parsed.data.id, otherRow: firstSeen });
      return;
    }
    rowOfId.set(key, row);
    skills.push(parsed.data);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, skills };
}

/** Turns a CSV cell into the value the schema expects; returns the raw text when it cannot. */
function fromCsvCell(column: CatalogueColumn, raw: string | undefined): unknown {
  const cell = (raw ?? '').trim();
  if (LIST_COLUMNS.has(column))
    return cell
      .split('|')
      .map((part) => part.trim())
      .filter(Boolean);
  if (cell === '') return undefined;
  if (column === 'duration_minutes') return /^\d+$/.test(cell) ? Number(cell) : cell;
  if (column === 'active' || column === 'announce') {
    const word = cell.toLowerCase();
    return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : cell;
  }
  return cell;
}

function validateRecords<T>(
  records: T[],
  read: (record: T, column: CatalogueColumn) => unknown,
  firstRow: number,
  ignoredColumns: string[],
): ImportResult {
  const { problems, resources } = checkRecords(records, read, firstRow);
  return problems.length > 0 ? fail(problems) : { ok: true, resources, ignoredColumns };
}

/**
 * Validates every record against the contract and keeps going after a bad one: the good
 * resources (with the row each came from) and every problem. The import refuses the file when
 * there is any problem; the health check (`catalogue check`) also looks at the good rows.
 *
 * @example checkRecords([{ id: 'a', title: 'A', url: 'https://x.org', language: 'en' }], (r, c) => r[c], 2)
 */
export function checkRecords<T>(
  records: readonly T[],
  read: (record: T, column: CatalogueColumn) => unknown,
  firstRow: number,
): { problems: ImportProblem[]; resources: Resource[]; rows: number[] } {
  const problems: ImportProblem[] = [];
  const resources: Resource[] = [];
  const rows: number[] = [];
  const rowOfId = new Map<string, number>();
  records.forEach((record, index) => {
    const row = index + firstRow;
    if (record === undefined) {
      problems.push({ code: 'problemJsonShape', row });
      return;
    }
    const candidate: Record<string, unknown> = {};
    for (const column of CATALOGUE_COLUMNS) {
      const value = read(record, column);
      if (value !== undefined && value !== null) candidate[FIELD_OF[column]] = value;
    }
    const parsed = ResourceSchema.safeParse(candidate);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const column = camelToSnake(String(issue.path[0] ?? 'id')) as CatalogueColumn;
        if (seen.has(column)) continue;
        seen.add(column);
        const value = candidate[snakeToCamel(column)];
        const missing = value === undefined || value === '';
        // The schema's own checks (a hidden character, a misleading link, a date that does not exist) say more.
        const specific = SPECIFIC_PROBLEMS.find((code) => code === issue.message);
        const found = (issue as { params?: { found?: string } }).params?.found;
        problems.push(
          missing && REQUIRED_COLUMNS.includes(column)
            ? { code: 'problemRequired', row, column }
            : specific
              ? { code: specific, row, column, value: found ?? shorten(value) }
              : { code: `problemField_${column}`, row, column, value: shorten(value) },
        );
      }
      return;
    }
    const firstSeen = rowOfId.get(parsed.data.id);
    if (firstSeen !== undefined) {
      problems.push({ code: 'problemDuplicateId', row, column: 'id', value: parsed.data.id, otherRow: firstSeen });
      return;
    }
    rowOfId.set(parsed.data.id, row);
    resources.push(parsed.data);
    rows.push(row);
  });
  return { problems, resources, rows };
}

/** A refused import: at most `MAX_LISTED_PROBLEMS` problems listed, all of them counted. */
export function fail(problems: ImportProblem[], problemCount = problems.length): ImportResult {
  return { ok: false, problems: problems.slice(0, MAX_LISTED_PROBLEMS), problemCount };
}
