import { checkRecords, FALSE_WORDS, REQUIRED_COLUMNS, TRUE_WORDS, type ImportProblem } from './import';
import { columnLetter, type Table } from './import-table';
import { CATALOGUE_COLUMNS, type CatalogueColumn, type Resource } from './schema';

/**
 * Which column of the file fills each catalogue field: a header name, or a template such as
 * `https://lms.example.org/course/view.php?name={shortname}` that builds the value from columns.
 * Fields left out are empty; without an `id`, ids are derived from the URL.
 */
export type ColumnMapping = Partial<Record<CatalogueColumn, string>>;

/** The exports Trailmark recognises by their headers. */
export type ExportProfile = 'trailmark' | 'moodle' | 'cornerstone' | 'peoplefluent' | 'dutch' | 'unknown';

/** The fields a mapping can fill: the catalogue contract's, in its order, so new schema fields slot in. */
export const MAPPABLE_FIELDS: readonly CatalogueColumn[] = CATALOGUE_COLUMNS;

/** Header names seen in real exports, per field, compared without case, spaces or punctuation. */
const ALIASES: Partial<Record<CatalogueColumn, readonly string[]>> = {
  id: [
    'id',
    'shortname',
    'moduleid',
    'courseid',
    'code',
    'coursecode',
    'cursuscode',
    'idnumber',
    'identifier',
    'externalid',
    'loid',
    'sku',
  ],
  title: ['title', 'fullname', 'moduletitle', 'name', 'coursename', 'coursetitle', 'titel', 'naam', 'cursusnaam', 'cursustitel'],
  description: [
    'description',
    'summary',
    'moduledescription',
    'omschrijving',
    'beschrijving',
    'samenvatting',
    'abstract',
    'synopsis',
    'coursedescription',
  ],
  url: ['url', 'link', 'modulemoreinfohyperlink', 'hyperlink', 'courseurl', 'launchurl', 'deeplink', 'webaddress', 'adres', 'webadres'],
  type: ['type', 'moduletype', 'modulelearningtype', 'learningtype', 'contenttype', 'format', 'soort', 'vorm', 'leervorm', 'trainingtype'],
  language: ['language', 'lang', 'languages', 'locale', 'taal', 'talen', 'modulelanguage'],
  duration_minutes: [
    'durationminutes',
    'duration',
    'durationmin',
    'duur',
    'duurmin',
    'duurminuten',
    'duurinminuten',
    'moduleduration',
    'length',
    'minutes',
    'studielast',
    'estimatedduration',
  ],
  skills: ['skills', 'subjects', 'competencies', 'competences', 'vaardigheden', 'competenties', 'onderwerpen', 'modulesubjects', 'topics'],
  keywords: ['keywords', 'tags', 'category', 'trefwoorden', 'zoekwoorden', 'categorie', 'modulekeywords'],
  provider: ['provider', 'vendor', 'aanbieder', 'leverancier', 'publisher', 'source', 'moduleprovider', 'contentprovider'],
  audience: ['audience', 'targetaudience', 'doelgroep', 'doelgroepen', 'moduleaudience'],
  level: ['level', 'niveau', 'difficulty', 'modulelevel', 'proficiency'],
  updated_at: [
    'updatedat',
    'lastmodifiedutc',
    'lastmodified',
    'modified',
    'updated',
    'timemodified',
    'gewijzigd',
    'laatstgewijzigd',
    'bijgewerkt',
  ],
  active: ['active', 'isactive', 'visible', 'actief', 'zichtbaar', 'enabled', 'status', 'moduleactive', 'published'],
};

/** Headers that give an export away; the first profile whose every signature header is present wins. */
const SIGNATURES: readonly [ExportProfile, readonly string[], ColumnMapping?][] = [
  ['trailmark', ['id', 'title', 'url', 'language']],
  // Moodle's course upload: `shortname` is the key; `idnumber` is often empty.
  ['moodle', ['shortname', 'fullname'], { id: 'shortname' }],
  ['cornerstone', ['id', 'title', 'url', 'isactive']],
  ['peoplefluent', ['moduleid', 'moduletitle']],
  ['dutch', ['titel']],
];

/** Compares headers as people mean them: `Duur (min)` = `duurmin`, `LastModifiedUTC` = `lastmodifiedutc`. */
export const headerKey = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The "shape" of a file's header, for reusing a saved mapping: the same columns in the same order.
 *
 * @example headerShape(['ModuleID', 'ModuleTitle']) // 'moduleid|moduletitle'
 */
export const headerShape = (header: readonly string[]) => header.map(headerKey).join('|');

/**
 * Proposes a mapping for a file's header: which known export it looks like and, per field, the
 * column whose name matches (our own names first, then the known exports' and Dutch names).
 *
 * @example proposeMapping(['ModuleID', 'ModuleTitle', 'ModuleMoreInfoHyperlink']).profile // 'peoplefluent'
 */
export function proposeMapping(header: readonly string[]): { profile: ExportProfile; mapping: ColumnMapping; missing: CatalogueColumn[] } {
  const keys = header.map(headerKey);
  const present = new Set(keys);
  const signature = SIGNATURES.find(([, names]) => names.every((n) => present.has(n)));
  const profile = signature?.[0] ?? 'unknown';
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  const take = (field: CatalogueColumn, index: number) => {
    mapping[field] = header[index]!;
    used.add(index);
  };
  for (const [field, name] of Object.entries(signature?.[2] ?? {}) as [CatalogueColumn, string][]) {
    const index = keys.indexOf(name);
    if (index >= 0) take(field, index);
  }
  for (const field of MAPPABLE_FIELDS) {
    if (mapping[field] !== undefined) continue;
    const names = [headerKey(field), ...(ALIASES[field] ?? [])];
    for (const name of names) {
      const index = keys.findIndex((key, i) => key === name && !used.has(i));
      if (index >= 0) {
        take(field, index);
        break;
      }
    }
  }
  return { profile, mapping, missing: missingFields(mapping) };
}

/** Required fields the mapping leaves empty. The id is never missing: it can come from the URL. */
export function missingFields(mapping: ColumnMapping): CatalogueColumn[] {
  return REQUIRED_COLUMNS.filter((field) => field !== 'id' && !mapping[field]);
}

/**
 * Reads `--map title=ModuleTitle,url=ModuleMoreInfoHyperlink` or a mapping file's JSON object.
 * Throws an `Error` whose message names the bad part.
 *
 * @example parseMappingOption('title=ModuleTitle,url=Link') // { title: 'ModuleTitle', url: 'Link' }
 */
export function parseMappingOption(text: string): ColumnMapping {
  const mapping: ColumnMapping = {};
  const known = new Set<string>(MAPPABLE_FIELDS);
  // Split only before `field=`, so a template's own commas (`?a=1,b={x}`) stay in it.
  const split = new RegExp(`,(?=\\s*(?:${MAPPABLE_FIELDS.join('|')})\\s*=)`);
  for (const part of text.split(split)) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    const field = part.slice(0, eq).trim();
    if (eq < 0 || !known.has(field)) {
      throw new Error(`“${part.trim()}” is not field=Column; fields are ${MAPPABLE_FIELDS.join(', ')}`);
    }
    // An empty value leaves the field out of the proposed mapping.
    mapping[field as CatalogueColumn] = part.slice(eq + 1).trim();
  }
  return mapping;
}

/** A mapping file: `{ "title": "ModuleTitle", … }` (what the options page saves). */
export function parseMappingJson(value: unknown): ColumnMapping {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('must be a JSON object like {"title": "ModuleTitle"}');
  const known = new Set<string>(MAPPABLE_FIELDS);
  const mapping: ColumnMapping = {};
  for (const [field, column] of Object.entries(value as Record<string, unknown>)) {
    if (!known.has(field)) throw new Error(`“${field}” is not a catalogue field; fields are ${MAPPABLE_FIELDS.join(', ')}`);
    if (typeof column !== 'string') throw new Error(`the column for “${field}” must be text`);
    mapping[field as CatalogueColumn] = column.trim();
  }
  return mapping;
}

/** The outcome of importing a table with a mapping. `rows[i]` is the spreadsheet row of `resources[i]`. */
export interface MappedImport {
  resources: Resource[];
  rows: number[];
  problems: ImportProblem[];
  /** Ids were made from the URL because the mapping names no id column. */
  derivedIds: boolean;
  /** Columns of the file that no field uses. */
  ignoredColumns: string[];
}

/**
 * Imports a table through a mapping: normalises each value (durations to minutes, dates to
 * ISO, languages to BCP 47, active flags in en and nl, lists split on `|` or `;`), then validates
 * every row against the contract. Problems name the spreadsheet row and the file's own column.
 *
 * @example const { resources, problems } = importTable(table, proposeMapping(table.header).mapping);
 */
export function importTable(table: Table, mapping: ColumnMapping, options: { contract?: boolean } = {}): MappedImport {
  // A file in our own contract is read by the contract alone: lists split on `|` only, ids and types as written.
  const convert = options.contract ? contractValue : normalise;
  const problems: ImportProblem[] = [];
  const indexOf = new Map<string, number>();
  table.header.forEach((name, i) => {
    if (!indexOf.has(name)) indexOf.set(name, i);
    if (!indexOf.has(headerKey(name))) indexOf.set(headerKey(name), i);
  });
  const find = (name: string) => indexOf.get(name) ?? indexOf.get(headerKey(name));
  const readers: [CatalogueColumn, (cells: readonly string[]) => string][] = [];
  const used = new Set<number>();
  for (const field of MAPPABLE_FIELDS) {
    const source = mapping[field];
    if (!source) continue;
    if (source.includes('{')) {
      const parts = source.split(/(\{[^}]*\})/);
      const refs = parts.map((part) => (part.startsWith('{') && part.endsWith('}') ? find(part.slice(1, -1)) : undefined));
      parts.forEach((part, i) => {
        if (part.startsWith('{') && refs[i] === undefined)
          problems.push({ code: 'problemMissingColumn', row: 1, column: part.slice(1, -1) });
      });
      refs.forEach((ref) => ref !== undefined && used.add(ref));
      readers.push([
        field,
        (cells) => parts.map((part, i) => (refs[i] === undefined ? part : encodeURIComponent(cells[refs[i]]?.trim() ?? ''))).join(''),
      ]);
      continue;
    }
    const index = find(source);
    if (index === undefined) {
      problems.push({ code: 'problemMissingColumn', row: 1, column: source });
      continue;
    }
    used.add(index);
    readers.push([field, (cells) => cells[index] ?? '']);
  }
  for (const field of missingFields(mapping)) problems.push({ code: 'problemUnmapped', column: field });
  const ignoredColumns = table.header.filter((name, i) => name && !used.has(i));
  const derivedIds = !mapping.id;
  if (problems.length > 0) return { resources: [], rows: [], problems, derivedIds, ignoredColumns };

  const records: Record<string, unknown>[] = [];
  const rowNumbers: number[] = [];
  table.rows.forEach((cells, i) => {
    if (!cells.some((cell) => cell.trim() !== '')) return;
    const record: Record<string, unknown> = {};
    for (const [field, read] of readers) record[field] = convert(field, read(cells));
    if (derivedIds && typeof record.url === 'string') record.id = idFromUrl(record.url);
    records.push(record);
    rowNumbers.push(table.firstRow + i);
  });
  // checkRecords numbers rows from its first record; map them back to spreadsheet rows.
  const checked = checkRecords(records, (record, column) => record[column], 0);
  const columnName = (field: string | undefined) => {
    if (field === 'id' && derivedIds) return mapping.url;
    const source = field ? mapping[field as CatalogueColumn] : undefined;
    if (!source) return field;
    const index = find(source);
    return table.format === 'xlsx' && index !== undefined ? `${columnLetter(index)} “${source}”` : source;
  };
  const row = (index: number | undefined) => (index === undefined ? undefined : rowNumbers[index]);
  for (const problem of checked.problems) {
    const { otherRow, row: at, column, ...rest } = problem;
    problems.push({
      ...rest,
      ...(at !== undefined ? { row: row(at) } : {}),
      ...(column !== undefined ? { column: columnName(column) } : {}),
      ...(otherRow !== undefined ? { otherRow: row(otherRow) } : {}),
    });
  }
  return { resources: checked.resources, rows: checked.rows.map((r) => rowNumbers[r]!), problems, derivedIds, ignoredColumns };
}

/** Turns a cell into what the contract expects; leaves it as text when it cannot, so validation names it. */
export function normalise(field: CatalogueColumn, raw: string): unknown {
  const cell = raw.trim();
  switch (field) {
    case 'skills':
    case 'keywords':
    case 'audience':
      return splitList(cell);
    case 'duration_minutes':
      return cell === '' ? undefined : (parseDuration(cell) ?? cell);
    case 'updated_at':
      return cell === '' ? undefined : (parseDate(cell) ?? cell);
    case 'language':
      return normaliseLanguage(cell);
    case 'active': {
      if (cell === '') return undefined;
      const word = cell.toLowerCase();
      return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : cell;
    }
    case 'type':
      // "E-Learning", "Online Course" → "e-learning", "online-course": a word the contract accepts.
      return cell
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/[^a-z]+/g, '-')
        .replace(/^-+|-+$/g, '');
    case 'id':
      // LMS short names often hold spaces ("Sales 101"): the same name always gives the same id.
      return cell.replace(/\s+/g, '-');
    default:
      return cell === '' ? undefined : cell;
  }
}

/** A cell read by the contract's own rules (see `parseCatalogueCsv`), plus the dialects' dates, durations and languages. */
function contractValue(field: CatalogueColumn, raw: string): unknown {
  if (field === 'skills' || field === 'keywords' || field === 'audience')
    return raw
      .split('|')
      .map((part) => part.trim())
      .filter(Boolean);
  if (field === 'id' || field === 'type') return raw.trim() === '' ? undefined : raw.trim();
  return normalise(field, raw);
}

/** `a|b`, else `a; b`, else `a, b`. */
export function splitList(cell: string): string[] {
  if (!cell) return [];
  const separator = cell.includes('|') ? '|' : cell.includes(';') ? ';' : ',';
  return cell
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * Minutes from the ways people write a duration: `90`, `90 min`, `1:30`, `1h30`, `1 u 30 min`,
 * `1,5 uur`, `PT1H30M`. Undefined when it is none of these.
 *
 * @example parseDuration('1h30') // 90
 */
export function parseDuration(text: string): number | undefined {
  const cell = text.trim().toLowerCase().replace(',', '.');
  if (/^\d+(\.\d+)?$/.test(cell)) return Math.round(Number(cell));
  let m = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(cell);
  if (m) return Number(m[1]) * 60 + Number(m[2]) + Math.round(Number(m[3] ?? 0) / 60);
  m = /^p(?:(\d+)d)?(?:t(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?)?$/.exec(cell);
  if (m && cell !== 'p' && cell !== 'pt')
    return Math.round(Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) + Number(m[4] ?? 0) / 60);
  m = /^(?:(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?|u|uur|uren)\.?)?\s*(?:(\d+)\s*(?:m|min|mins|minutes?|minuten|minuut)?\.?)?$/.exec(cell);
  if (m && (m[1] !== undefined || m[2] !== undefined) && /[a-z]/.test(cell)) return Math.round(Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0));
  return undefined;
}

/**
 * An ISO date (`YYYY-MM-DD`, with the time when there is one) from `2026-05-12`, `12-05-2026`,
 * `12/05/2026` (day first, as in Dutch and most of Europe, unless the middle number is above 12),
 * `20260512`, or an Excel serial day number (`46154`). Undefined when it is none of these.
 *
 * @example parseDate('12-05-2026') // '2026-05-12'
 */
export function parseDate(text: string): string | undefined {
  const cell = text.trim();
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(cell)) return cell;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(cell);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(cell);
  if (m) {
    let [day, month] = [+m[1]!, +m[2]!];
    if (month > 12 && day <= 12) [day, month] = [month, day];
    const date = isoDate(+m[3]!, month, day);
    if (!date || m[4] === undefined) return date;
    return `${date}T${m[4]!.padStart(2, '0')}:${m[5]}:${m[6] ?? '00'}`;
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(cell);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  // Excel's serial day numbers (day 1 = 1 January 1900), from 1990 to 2100.
  if (/^\d{5}(\.\d+)?$/.test(cell) && +cell >= 32874 && +cell <= 73051) {
    return new Date(Date.UTC(1899, 11, 30) + Math.floor(+cell) * 86_400_000).toISOString().slice(0, 10);
  }
  return undefined;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Language names in English and Dutch (and the language's own), lower case, to their code. */
const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en',
  engels: 'en',
  dutch: 'nl',
  nederlands: 'nl',
  flemish: 'nl-BE',
  vlaams: 'nl-BE',
  french: 'fr',
  frans: 'fr',
  français: 'fr',
  francais: 'fr',
  german: 'de',
  duits: 'de',
  deutsch: 'de',
  spanish: 'es',
  spaans: 'es',
  español: 'es',
  italian: 'it',
  italiaans: 'it',
  italiano: 'it',
  portuguese: 'pt',
  portugees: 'pt',
  português: 'pt',
  polish: 'pl',
  pools: 'pl',
  polski: 'pl',
  danish: 'da',
  deens: 'da',
  swedish: 'sv',
  zweeds: 'sv',
  norwegian: 'no',
  noors: 'no',
  finnish: 'fi',
  fins: 'fi',
  turkish: 'tr',
  turks: 'tr',
  arabic: 'ar',
  arabisch: 'ar',
  chinese: 'zh',
  chinees: 'zh',
  japanese: 'ja',
  japans: 'ja',
};

/**
 * A BCP 47 tag from a language name or code: `Nederlands`, `Dutch` → `nl`; `nl_BE`, `NL-be` →
 * `nl-BE`. Of a list (`en-US, fr-FR`), the first. Unknown text is returned as it is, so
 * validation names it.
 *
 * @example normaliseLanguage('Nederlands') // 'nl'
 */
export function normaliseLanguage(text: string): string {
  const first = (text.split(/[|;,/]/)[0] ?? '').trim();
  const named = LANGUAGE_NAMES[first.toLowerCase().replace(/\s*\(.*\)$/, '')];
  if (named) return named;
  const m = /^([a-z]{2,3})(?:[-_]([a-z0-9]{2,8}))?$/i.exec(first);
  if (!m) return first;
  const region = m[2]
    ? m[2].length === 2
      ? m[2].toUpperCase()
      : m[2].length === 4
        ? m[2][0]!.toUpperCase() + m[2].slice(1).toLowerCase()
        : m[2]
    : '';
  return region ? `${m[1]!.toLowerCase()}-${region}` : m[1]!.toLowerCase();
}

/**
 * An id made from a URL, for exports without a stable key: host and path (and query), with
 * every other character a `-`; long addresses end in a short hash so two never share an id.
 * The id changes when the URL changes: a moved course then counts as a new resource (and the
 * old one is retired), so saved items and dismissals do not follow it.
 *
 * @example idFromUrl('https://learn.example.org/courses/excel-101?lang=nl') // 'learn.example.org/courses/excel-101-lang-nl'
 */
export function idFromUrl(url: string): string {
  let text = url.trim();
  try {
    const parsed = new URL(text);
    text = `${parsed.host}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
  } catch {
    // Not a URL: the URL's own validation will name it; the id is still made from the text.
  }
  const id = text.replace(/[^\p{L}\p{N}._:/-]+/gu, '-').replace(/^-+|-+$/g, '') || 'resource';
  if (id.length <= 180) return id;
  return `${id.slice(0, 170)}-${fnv1a(text)}`;
}

/** 32-bit FNV-1a as 8 hex digits: short, stable, and enough to keep long ids apart. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
