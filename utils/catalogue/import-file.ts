import { fail, MAX_LISTED_PROBLEMS, parseCatalogueJson, type ImportProblem, type ImportResult } from './import';
import { importTable, proposeMapping, type ColumnMapping, type ExportProfile, type MappedImport } from './import-mapping';
import { readCsvTable, type Table, type TextEncodingChoice } from './import-table';
import { readXlsxTable } from './import-xlsx';

/** Files larger than this are refused before they are read. */
export const MAX_IMPORT_FILE_BYTES = 50 * 1024 * 1024;

export interface ReadOptions {
  /** Force a text encoding for CSV (default: UTF-8, or Windows-1252 when the bytes are not UTF-8). */
  encoding?: TextEncodingChoice;
  /** For `.xlsx`: the sheet to read (default: the first). */
  sheet?: string;
}

/** What kind of file this is, by its name and then its first bytes. */
export function fileKind(name: string, bytes: Uint8Array): 'json' | 'xlsx' | 'csv' {
  if (/\.xlsx$/i.test(name) || (!/\.(csv|txt|tsv|json)$/i.test(name) && bytes[0] === 0x50 && bytes[1] === 0x4b)) return 'xlsx';
  if (/\.json$/i.test(name)) return 'json';
  if (/\.(csv|txt|tsv)$/i.test(name)) return 'csv';
  let i = bytes[0] === 0xef ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x5b || bytes[i] === 0x7b ? 'json' : 'csv';
}

/**
 * Reads a spreadsheet file (CSV in any common dialect, or `.xlsx`) into a table, ready for a
 * mapping. JSON catalogues are not tables: use `importCatalogueFile`.
 *
 * @example const read = await readCatalogueTable('export.csv', bytes);
 */
export async function readCatalogueTable(
  name: string,
  bytes: Uint8Array,
  options: ReadOptions = {},
): Promise<{ ok: true; table: Table } | { ok: false; problems: ImportProblem[] }> {
  if (bytes.length > MAX_IMPORT_FILE_BYTES) return { ok: false, problems: [{ code: 'problemFileTooLarge' }] };
  if (bytes.length === 0) return { ok: false, problems: [{ code: 'problemEmptyFile' }] };
  return fileKind(name, bytes) === 'xlsx'
    ? readXlsxTable(bytes, options.sheet === undefined ? {} : { sheet: options.sheet })
    : readCsvTable(bytes, options.encoding ? { encoding: options.encoding } : {});
}

/** A whole import: the table, the mapping used (proposed unless given) and the validated outcome. */
export type FileImport =
  | { kind: 'json'; result: ImportResult }
  | { kind: 'table'; table: Table; profile: ExportProfile; mapping: ColumnMapping; outcome: MappedImport; result: ImportResult }
  | { kind: 'unreadable'; result: ImportResult };

/**
 * Imports a catalogue file as the CLI and the options page do: JSON as it is; CSV or `.xlsx`
 * through the mapping given, or else the one proposed from its header. `result` is the same
 * `ImportResult` the rest of the extension knows: all rows, or refused with every problem.
 *
 * @example const { result } = await importCatalogueFile('export.xlsx', bytes, { mapping: { title: 'Naam' } });
 */
export async function importCatalogueFile(
  name: string,
  bytes: Uint8Array,
  options: ReadOptions & { mapping?: ColumnMapping } = {},
): Promise<FileImport> {
  if (bytes.length > MAX_IMPORT_FILE_BYTES) return { kind: 'unreadable', result: fail([{ code: 'problemFileTooLarge' }]) };
  if (fileKind(name, bytes) === 'json') {
    const text = new TextDecoder('utf-8').decode(bytes);
    return { kind: 'json', result: parseCatalogueJson(text) };
  }
  const read = await readCatalogueTable(name, bytes, options);
  if (!read.ok) return { kind: 'unreadable', result: fail(read.problems) };
  const proposal = proposeMapping(read.table.header);
  const mapping = mergeMapping(proposal.mapping, options.mapping);
  const outcome = importTable(read.table, mapping, { contract: !options.mapping && proposal.profile === 'trailmark' });
  return { kind: 'table', table: read.table, profile: proposal.profile, mapping, outcome, result: resultOf(outcome) };
}

/**
 * The proposal with the given fields put over it: `--map url=…` fills in what the proposal could
 * not, and `--map keywords=` (empty) leaves a field out.
 */
export function mergeMapping(proposed: ColumnMapping, given: ColumnMapping | undefined): ColumnMapping {
  if (!given) return proposed;
  const merged: ColumnMapping = { ...proposed, ...given };
  for (const [field, column] of Object.entries(merged) as [keyof ColumnMapping, string][]) if (!column) delete merged[field];
  return merged;
}

/** A mapped import as an `ImportResult`: refused when any row has a problem. */
export function resultOf(outcome: MappedImport): ImportResult {
  if (outcome.problems.length > 0) return fail(outcome.problems.slice(0, MAX_LISTED_PROBLEMS), outcome.problems.length);
  return { ok: true, resources: outcome.resources, ignoredColumns: outcome.ignoredColumns };
}
