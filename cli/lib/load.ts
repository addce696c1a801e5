import { access, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { importCatalogueFile, type FileImport } from '../../utils/catalogue/import-file';
import { parseMappingJson, parseMappingOption, type ColumnMapping } from '../../utils/catalogue/import-mapping';
import type { TextEncodingChoice } from '../../utils/catalogue/import-table';
import { describeProblem } from '../../utils/catalogue/problems';
import type { Resource, Skill } from '../../utils/catalogue/schema';
import type { LdProfile } from '../../utils/profile/schema';
import { SiteRuleSchema, SiteRulesSchema, type SiteRule } from '../../utils/rules/schema';
import { createTranslator } from '../../utils/i18n';
import { extractSignals } from '../../utils/signals/extract';
import type { PageSignals } from '../../utils/signals/schema';

/** An error meant for the person at the terminal: printed as is, exit code 1, no stack trace. */
export class CliError extends Error {
  override name = 'CliError';
}

/** Wrong or missing arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new CliError(`Cannot read ${what} ${path}: ${reason}`);
  }
}

/** How to read a spreadsheet catalogue: the CLI's `--map`, `--mapping`, `--sheet` and `--encoding`. */
export interface CatalogueReadOptions {
  mapping?: ColumnMapping;
  sheet?: string;
  encoding?: TextEncodingChoice;
}

/** The options every command that reads a catalogue takes, for `parseArgs`. */
export const CATALOGUE_READ_ARGS = {
  map: { type: 'string' },
  mapping: { type: 'string' },
  sheet: { type: 'string' },
  encoding: { type: 'string' },
} as const;

/** Usage lines for `CATALOGUE_READ_ARGS`. */
export const CATALOGUE_READ_USAGE = `  --map <f=Column,…>   which column fills which field, e.g. --map title=ModuleTitle,url=ModuleMoreInfoHyperlink
                       (a value with {Column} is a template: url=https://lms.example.org/course/view.php?name={shortname});
                       without it, Trailmark proposes one from the header (Moodle, Cornerstone, PeopleFluent, Dutch names)
  --mapping <file>     the same as a JSON file: {"title": "ModuleTitle", …}
  --sheet <name>       for .xlsx: the sheet to read (default: the first)
  --encoding <name>    for CSV: utf-8 or windows-1252 (default: detected)`;

/** Turns the parsed `CATALOGUE_READ_ARGS` into read options; throws `UsageError` for bad values. */
export async function catalogueReadOptions(values: {
  map?: string | undefined;
  mapping?: string | undefined;
  sheet?: string | undefined;
  encoding?: string | undefined;
}): Promise<CatalogueReadOptions> {
  const options: CatalogueReadOptions = {};
  if (values.map && values.mapping) throw new UsageError('Give either --map or --mapping, not both');
  if (values.map) {
    try {
      options.mapping = parseMappingOption(values.map);
    } catch (error) {
      throw new UsageError(`--map: ${(error as Error).message}`);
    }
  }
  if (values.mapping) {
    const text = await readText(values.mapping, 'mapping file');
    try {
      options.mapping = parseMappingJson(JSON.parse(text.replace(/^\uFEFF/, '')));
    } catch (error) {
      throw new CliError(`Mapping file ${values.mapping} ${(error as Error).message}`);
    }
  }
  if (values.sheet) options.sheet = values.sheet;
  if (values.encoding) {
    const encoding = values.encoding
      .toLowerCase()
      .replace(/^cp-?1252$/, 'windows-1252')
      .replace(/^utf8$/, 'utf-8');
    if (encoding !== 'utf-8' && encoding !== 'windows-1252')
      throw new UsageError(`--encoding must be utf-8 or windows-1252, not "${values.encoding}"`);
    options.encoding = encoding;
  }
  return options;
}

/** A catalogue as read from disk, with what the reader noticed on the way (export recognised, ids derived). */
export interface LoadedCatalogue {
  resources: Resource[];
  taxonomy: Skill[];
  /** Spreadsheet row (or JSON item number) of each resource. */
  rows: number[];
  notes: string[];
  /** A JSON catalogue's L&D profile, when it carries one. */
  profile?: LdProfile;
}

/**
 * Reads a catalogue (CSV in any common dialect, `.xlsx`, or JSON with its skills taxonomy) with
 * the extension's own importer and mapping. Throws a `CliError` listing every problem when the
 * file does not import, worded as the options page words them (in English).
 */
export async function loadCatalogue(path: string, options: CatalogueReadOptions = {}): Promise<LoadedCatalogue> {
  const imported = await readCatalogue(path, options);
  const { result } = imported;
  if (result.ok) {
    return {
      resources: result.resources,
      taxonomy: result.taxonomy ?? [],
      rows: imported.kind === 'table' ? imported.outcome.rows : result.resources.map((_, i) => i + 1),
      notes: importNotes(imported),
      ...(result.profile ? { profile: result.profile } : {}),
    };
  }
  const t = createTranslator('en');
  const more = result.problemCount > result.problems.length ? [`… and ${result.problemCount - result.problems.length} more`] : [];
  throw new CliError(
    [
      ...importNotes(imported),
      `Catalogue ${path} has ${result.problemCount} problem(s):`,
      ...result.problems.map((p) => `  ${describeProblem(p, t)}`),
      ...more,
    ].join('\n'),
  );
}

/** Reads and imports a catalogue file without judging the outcome (the health check wants both halves). */
export async function readCatalogue(path: string, options: CatalogueReadOptions = {}): Promise<FileImport> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new CliError(`Cannot read catalogue ${path}: ${reason}`);
  }
  return importCatalogueFile(basename(path), bytes, options);
}

/** "Read as a PeopleFluent export (tab-separated, UTF-8): title ← ModuleTitle, …" and what derived ids mean. */
export function importNotes(imported: FileImport): string[] {
  if (imported.kind !== 'table') return [];
  const { table, profile, mapping, outcome } = imported;
  const how =
    table.format === 'xlsx'
      ? `sheet “${table.sheet}”`
      : `${table.delimiter === '\t' ? 'tab' : table.delimiter === ';' ? 'semicolon' : 'comma'}-separated, ${table.encoding === 'windows-1252' ? 'Windows-1252' : 'UTF-8'}`;
  const what =
    profile === 'unknown' ? 'a spreadsheet' : profile === 'trailmark' ? 'Trailmark’s own columns' : `a ${PROFILE_NAMES[profile]} export`;
  const fields = Object.entries(mapping)
    .map(([field, column]) => `${field} ← ${column}`)
    .join(', ');
  const notes = [`Read as ${what} (${how}). Columns: ${fields || 'none'}.`];
  if (outcome.derivedIds)
    notes.push(
      'No id column: ids are made from the URLs. When a URL changes, that resource counts as new (saved items and dismissals do not follow it); add a stable id column, or --map id=<column>, to avoid this.',
    );
  if (outcome.ignoredColumns.length > 0) notes.push(`Not used: ${outcome.ignoredColumns.join(', ')}.`);
  return notes;
}

const PROFILE_NAMES = { moodle: 'Moodle', cornerstone: 'Cornerstone', peoplefluent: 'PeopleFluent', dutch: 'Dutch-language' } as const;

/** The rule in force when no rules file is given: suggest everywhere, boost nothing. */
export const CATCH_ALL_RULE: SiteRule = SiteRuleSchema.parse({
  id: 'all-pages',
  name: 'All pages',
  patterns: ['<all_urls>'],
  action: 'suggest',
});

/** Reads a JSON array of site rules, validated as the options page and policy are. */
export async function loadRules(path: string): Promise<SiteRule[]> {
  const text = await readText(path, 'rules file');
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(`Rules file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = SiteRulesSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const [ruleIndex, ...field] = issue.path;
    if (typeof ruleIndex !== 'number') return `  ${issue.message}`;
    const id = Array.isArray(data) ? (data[ruleIndex] as { id?: unknown } | null)?.id : undefined;
    const rule = `rule ${ruleIndex + 1}${typeof id === 'string' ? ` (id "${id}")` : ''}`;
    const fieldPath = field
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    return `  ${rule}${fieldPath ? `, field ${fieldPath}` : ''}: ${issue.message}`;
  });
  throw new CliError([`Rules file ${path} has ${lines.length} problem(s):`, ...lines].join('\n'));
}

/** Tab-separated rows with a header; every row becomes a record keyed by the header names. */
export function parseTsv(text: string, required: readonly string[], source: string): Record<string, string>[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t').map((h) => h.trim());
  const missing = required.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new CliError(`${source}: the header must have the column(s) ${missing.join(', ')} (found: ${header.join(', ') || 'nothing'})`);
  }
  const rows: Record<string, string>[] = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const cells = line.split('\t');
    const row: Record<string, string> = {};
    header.forEach((column, c) => (row[column] = (cells[c] ?? '').trim()));
    for (const column of required) {
      if (!row[column]) throw new CliError(`${source}, line ${i + 2}: column ${column} is empty`);
    }
    rows.push(row);
  });
  return rows;
}

/** One page of a set: its id, address, the HTML file and, in evaluation sets, its kind. */
export interface PageEntry {
  id: string;
  url: string;
  /** Absolute path of the HTML file. */
  file: string;
  kind?: 'positive' | 'negative';
}

/** Reads `pages.tsv` (`page_id`, `url`, `file` relative to the TSV, optional `kind`, more columns ignored). */
export async function loadPages(path: string): Promise<PageEntry[]> {
  const rows = parseTsv(await readText(path, 'pages list'), ['page_id', 'url', 'file'], path);
  const seen = new Set<string>();
  return rows.map((row, i) => {
    const id = row.page_id!;
    if (seen.has(id)) throw new CliError(`${path}, line ${i + 2}: page_id ${id} is used twice`);
    seen.add(id);
    const kind = row.kind;
    if (kind !== undefined && kind !== '' && kind !== 'positive' && kind !== 'negative') {
      throw new CliError(`${path}, line ${i + 2}: kind must be positive or negative, not ${JSON.stringify(kind)}`);
    }
    return { id, url: row.url!, file: resolve(dirname(path), row.file!), ...(kind ? { kind } : {}) };
  });
}

/** Reads `qrels.tsv` (`page_id`, `resource_id`, `grade`): page id → resource id → grade. */
export async function loadQrels(path: string): Promise<Map<string, Map<string, number>>> {
  const rows = parseTsv(await readText(path, 'relevance labels'), ['page_id', 'resource_id', 'grade'], path);
  const qrels = new Map<string, Map<string, number>>();
  rows.forEach((row, i) => {
    const grade = Number(row.grade);
    if (!Number.isFinite(grade)) throw new CliError(`${path}, line ${i + 2}: grade must be a number, not ${JSON.stringify(row.grade)}`);
    let page = qrels.get(row.page_id!);
    if (!page) qrels.set(row.page_id!, (page = new Map()));
    page.set(row.resource_id!, grade);
  });
  return qrels;
}

/** Page signals from HTML, exactly as the content script reads them from the live DOM. */
export function signalsFromHtml(html: string, url: string): PageSignals {
  const { document } = parseHTML(html);
  return extractSignals(document as unknown as Document, url);
}

/** Reads a page's HTML file and extracts its signals. */
export async function loadPageSignals(page: PageEntry): Promise<PageSignals> {
  return signalsFromHtml(await readText(page.file, `HTML of page ${page.id}`), page.url);
}

/** An evaluation set: catalogue, pages with their signals and kind, and graded labels. */
export interface EvalSet {
  dir: string;
  resources: Resource[];
  taxonomy: Skill[];
  pages: (PageEntry & { kind: 'positive' | 'negative'; signals: PageSignals })[];
  qrels: Map<string, Map<string, number>>;
}

/**
 * Reads a set directory laid out like `eval/dev`: `catalogue.csv` (or `.json`), `pages.tsv` with
 * a `kind` column, `pages/*.html` and `qrels.tsv`.
 */
export async function loadEvalSet(dir: string): Promise<EvalSet> {
  const exists = (path: string) =>
    access(path).then(
      () => true,
      () => false,
    );
  if (
    !(await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new CliError(`${dir} is not a directory`);
  const candidates = [join(dir, 'catalogue.csv'), join(dir, 'catalogue.json')];
  const cataloguePath = (await exists(candidates[0]!)) ? candidates[0]! : candidates[1]!;
  if (!(await exists(cataloguePath))) throw new CliError(`${dir} has no catalogue.csv or catalogue.json`);
  const { resources, taxonomy } = await loadCatalogue(cataloguePath);
  const entries = await loadPages(join(dir, 'pages.tsv'));
  const qrels = await loadQrels(join(dir, 'qrels.tsv'));
  const pages = await Promise.all(
    entries.map(async (entry) => {
      if (!entry.kind) throw new CliError(`${join(dir, 'pages.tsv')}: page ${entry.id} has no kind (positive or negative)`);
      return { ...entry, kind: entry.kind, signals: await loadPageSignals(entry) };
    }),
  );
  const ids = new Set(resources.map((r) => r.id));
  const pageIds = new Set(pages.map((p) => p.id));
  for (const [pageId, grades] of qrels) {
    if (!pageIds.has(pageId)) throw new CliError(`qrels.tsv names page ${pageId}, which pages.tsv does not list`);
    for (const resourceId of grades.keys()) {
      if (!ids.has(resourceId)) throw new CliError(`qrels.tsv names resource ${resourceId}, which the catalogue does not hold`);
    }
  }
  return { dir, resources, taxonomy, pages, qrels };
}
