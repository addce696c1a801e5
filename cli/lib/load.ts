import { access, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { parseCatalogueFile } from '../../utils/catalogue/import';
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

/**
 * Reads a catalogue (CSV or JSON, with its skills taxonomy if it has one) with the extension's own
 * importer. Throws a `CliError` listing every problem when the file does not import, worded as the
 * options page words them (in English).
 */
export async function loadCatalogue(path: string): Promise<{ resources: Resource[]; taxonomy: Skill[]; profile?: LdProfile }> {
  const text = await readText(path, 'catalogue');
  const result = parseCatalogueFile(basename(path), text);
  const t = createTranslator('en');
  if (result.ok)
    return { resources: result.resources, taxonomy: result.taxonomy ?? [], ...(result.profile ? { profile: result.profile } : {}) };
  const more = result.problemCount > result.problems.length ? [`… and ${result.problemCount - result.problems.length} more`] : [];
  throw new CliError(
    [`Catalogue ${path} has ${result.problemCount} problem(s):`, ...result.problems.map((p) => `  ${describeProblem(p, t)}`), ...more].join(
      '\n',
    ),
  );
}

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
