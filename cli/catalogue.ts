/**
 * `trailmark catalogue check <file>`: the health check before publishing. Reads the file exactly
 * as `feed build` and the options page do, lists the rows the import would refuse (and why) and,
 * per row, what imports but works less well, with totals per type, language and skill.
 */
import { parseArgs } from 'node:util';
import { checkHealth, type HealthReport } from '../utils/catalogue/health';
import { describeProblem, describeWarning } from '../utils/catalogue/problems';
import { createTranslator } from '../utils/i18n';
import { buildSearchIndex } from '../utils/relevance/search-index';
import { decidePage } from '../utils/relevance/page';
import {
  CATALOGUE_READ_ARGS,
  CATALOGUE_READ_USAGE,
  catalogueReadOptions,
  CATCH_ALL_RULE,
  importNotes,
  loadPageSignals,
  loadPages,
  readCatalogue,
  UsageError,
} from './lib/load';
import { CliError } from './lib/load';
import type { ImportProblem } from '../utils/catalogue/import';

export const CATALOGUE_USAGE = `Usage: trailmark catalogue check <file.csv|file.xlsx|file.json> [--pages <pages.tsv>] [--json]

  Reads the catalogue as the extension imports it and lists, per row: what the import refuses
  (missing or bad required values, duplicate ids, http: links), and what it accepts but works
  less well: duplicate URLs, missing or very short descriptions, a language that does not match
  the text, titles in capitals, http: links in the text, and (with --pages) resources that no
  sample page would show in a tip. Then totals per type, language and skill.
  Exits with 1 when the import would refuse the file, 0 otherwise (warnings included).

  --pages <file>       pages.tsv (page_id, url, file), as for trailmark preview
  --json               the report as one JSON object
${CATALOGUE_READ_USAGE}`;

const t = createTranslator('en');

/** The whole check, as data (the `--json` output). */
export interface CheckReport {
  file: string;
  notes: string[];
  rows: number;
  refused: ImportProblem[];
  refusedCount: number;
  health: HealthReport;
}

/**
 * Runs `trailmark catalogue <command>`; throws `CliError` (exit 1) when the file would be refused.
 *
 * @example await runCatalogue(['check', 'export.xlsx', '--pages', 'pages.tsv'])
 */
export async function runCatalogue(argv: string[]): Promise<string> {
  const [command, ...args] = argv;
  if (command === '--help' || command === '-h') return CATALOGUE_USAGE;
  if (command !== 'check') throw new UsageError(command ? `Unknown catalogue command "${command}"` : 'Missing a catalogue command: check');
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { pages: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...CATALOGUE_READ_ARGS },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return CATALOGUE_USAGE;
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'Give one catalogue file' : 'Missing <file>');
  const report = await checkCatalogueFile(positionals[0]!, {
    ...(values.pages ? { pages: values.pages } : {}),
    read: await catalogueReadOptions(values),
  });
  const text = values.json ? JSON.stringify(report, null, 2) : formatCheck(report);
  if (report.refusedCount > 0) throw new CliError(text);
  return text;
}

/** Reads, imports and checks one file; `pages` adds "no sample page shows it". */
export async function checkCatalogueFile(
  file: string,
  options: { pages?: string; read?: Parameters<typeof readCatalogue>[1] } = {},
): Promise<CheckReport> {
  const imported = await readCatalogue(file, options.read);
  const notes = importNotes(imported);
  const { result } = imported;
  // The good rows are checked even when others are refused: one pass shows everything to fix.
  const resources = imported.kind === 'table' ? imported.outcome.resources : result.ok ? result.resources : [];
  const rows = imported.kind === 'table' ? imported.outcome.rows : resources.map((_, i) => i + 1);
  let shown: Set<string> | undefined;
  if (options.pages && resources.length > 0) {
    const index = buildSearchIndex(resources, result.ok ? (result.taxonomy ?? []) : []);
    shown = new Set();
    for (const page of await loadPages(options.pages)) {
      const outcome = decidePage(index, [CATCH_ALL_RULE], await loadPageSignals(page), 10);
      if (outcome.tip) for (const match of outcome.matches.slice(0, outcome.tipCount)) shown.add(match.id);
    }
  }
  return {
    file,
    notes,
    rows: imported.kind === 'table' ? imported.table.rows.filter((r) => r.some((c) => c.trim())).length : resources.length,
    refused: result.ok ? [] : result.problems,
    refusedCount: result.ok ? 0 : result.problemCount,
    health: checkHealth(resources, rows, shown ? { shown } : {}),
  };
}

/** The report for people: notes, refusals, warnings, totals. */
export function formatCheck(report: CheckReport): string {
  const { health } = report;
  const out = [...report.notes, `${report.file}: ${report.rows} rows.`];
  if (report.refusedCount > 0) {
    out.push('', `The import refuses this file: ${report.refusedCount} problem(s). Nothing is published until they are fixed.`);
    for (const problem of report.refused) out.push(`  ${describeProblem(problem, t)}`);
    if (report.refusedCount > report.refused.length) out.push(`  … and ${report.refusedCount - report.refused.length} more`);
  } else {
    out.push('The import accepts every row.');
  }
  out.push(
    '',
    health.warnings.length ? `${health.warnings.length} warning(s) (imported, but worth fixing at the source):` : 'No warnings.',
  );
  for (const warning of health.warnings.slice(0, 500)) out.push(`  ${describeWarning(warning, t)}`);
  if (health.warnings.length > 500) out.push(`  … and ${health.warnings.length - 500} more (see --json)`);
  const list = (pairs: [string, number][], limit = 20) =>
    pairs
      .slice(0, limit)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ') + (pairs.length > limit ? `, … (${pairs.length} in all)` : '') || '—';
  out.push(
    '',
    `Totals: ${health.totals.active} active of ${health.totals.resources} resources.`,
    `  per type:     ${list(health.totals.type)}`,
    `  per language: ${list(health.totals.language)}`,
    `  per skill:    ${list(health.totals.skill)}`,
  );
  return out.join('\n');
}
