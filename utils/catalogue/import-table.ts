import Papa from 'papaparse';
import { MAX_CATALOGUE_ROWS, type ImportProblem } from './import';

/**
 * A spreadsheet as people hand it over, before any mapping: the header row and the data rows as
 * text, exactly as written. Cells are never evaluated: `=HYPERLINK(…)` stays those characters.
 */
export interface Table {
  header: string[];
  rows: string[][];
  /** The spreadsheet row number of `rows[0]` (the header is row 1, or lower when blank rows precede it). */
  firstRow: number;
  /** How the file was read, so the UI can say it and offer the other choice. */
  format: 'csv' | 'xlsx';
  delimiter?: ',' | ';' | '\t';
  encoding?: TextEncodingChoice;
  /** For `.xlsx`: every sheet's name and the one read. */
  sheets?: string[];
  sheet?: string;
}

export type TextEncodingChoice = 'utf-8' | 'windows-1252';
export type TableResult = { ok: true; table: Table } | { ok: false; problems: ImportProblem[] };

/** A cell longer than this is not catalogue text but a mistake; the row and column are named. */
export const MAX_CELL_CHARS = 20_000;

/**
 * Decodes a text file: UTF-8 (a BOM is dropped) unless the bytes are not valid UTF-8, then
 * Windows-1252 (what Excel writes for "CSV" on Western European Windows). A caller can force one.
 *
 * @example decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9])).text // 'café' (Windows-1252)
 */
export function decodeText(bytes: Uint8Array, choice?: TextEncodingChoice): { text: string; encoding: TextEncodingChoice } {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (choice !== 'windows-1252') {
    try {
      const text = new TextDecoder('utf-8', { fatal: choice !== 'utf-8', ignoreBOM: false }).decode(bytes);
      return { text, encoding: 'utf-8' };
    } catch {
      // Not UTF-8: fall through to Windows-1252, which decodes any byte.
    }
  }
  return { text: decodeWindows1252(hasBom ? bytes.subarray(3) : bytes), encoding: 'windows-1252' };
}

/** Windows-1252's characters for the bytes 0x80–0x9F (the rest is Latin-1). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Windows-1252 by hand: Node's `TextDecoder('windows-1252')` decodes Latin-1 instead (so `€`
 * would be lost in the CLI), and the browser and the CLI must read a file the same way.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const chunk = bytes.subarray(start, start + 8192);
    const codes = new Array<number>(chunk.length);
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      codes[i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b;
    }
    text += String.fromCharCode(...codes);
  }
  return text;
}

/**
 * Reads CSV as people really write it: `,` `;` or tab as separator (the one that splits the
 * first lines most consistently), quoted cells with newlines, blank lines skipped.
 *
 * @example readCsvTable(bytes).ok && readCsvTable(bytes).table.delimiter // ';'
 */
export function readCsvTable(bytes: Uint8Array, options: { encoding?: TextEncodingChoice } = {}): TableResult {
  const { text, encoding } = decodeText(bytes, options.encoding);
  return readCsvText(text.replace(/^\uFEFF/, ''), encoding);
}

/** `readCsvTable` for text that is already decoded. */
export function readCsvText(text: string, encoding: TextEncodingChoice = 'utf-8'): TableResult {
  if (!text.trim()) return { ok: false, problems: [{ code: 'problemEmptyFile' }] };
  const delimiter = detectDelimiter(text);
  // Blank lines stay (as empty rows), so row numbers match what a spreadsheet shows.
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const problems: ImportProblem[] = parsed.errors
    .filter((error) => error.code !== 'UndetectableDelimiter' && error.code !== 'TooFewFields' && error.code !== 'TooManyFields')
    // Papa counts data rows from 0; a spreadsheet counts lines from 1 with the header.
    .map((error) => ({ code: 'problemMalformedCsv' as const, row: (error.row ?? 0) + 1, value: error.message }));
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, 20) };
  return tableFrom(parsed.data, { format: 'csv', delimiter, encoding });
}

/**
 * The separator that gives the first lines the same, largest number of cells. Quotes are
 * honoured, so a `;` inside a quoted description does not count.
 */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const sample = text.slice(0, 64 * 1024);
  let best: { delimiter: ',' | ';' | '\t'; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of [',', ';', '\t'] as const) {
    const rows = Papa.parse<string[]>(sample, { delimiter, preview: 10, skipEmptyLines: 'greedy' }).data;
    if (rows.length === 0) continue;
    const widths = rows.map((row) => row.length);
    const first = widths[0]!;
    if (first < 2) continue;
    const consistent = widths.filter((w) => w === first).length / widths.length;
    const score = consistent * 1000 + first;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/**
 * Turns parsed rows into a table: the first non-empty row is the header (trailing empty header
 * cells dropped); empty rows stay, so `rows[i]` is spreadsheet row `firstRow + i`; a row count or
 * cell size past the limits is refused.
 */
export function tableFrom(cells: readonly (readonly string[])[], meta: Omit<Table, 'header' | 'rows' | 'firstRow'>): TableResult {
  let headerIndex = cells.findIndex((row) => row.some((cell) => cell.trim() !== ''));
  if (headerIndex < 0) return { ok: false, problems: [{ code: 'problemEmptyFile' }] };
  const header = cells[headerIndex]!.map((name) => name.trim());
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  if (header.filter(Boolean).length < 2) return { ok: false, problems: [{ code: 'problemNoHeader', row: headerIndex + 1 }] };
  const rows: string[][] = [];
  const problems: ImportProblem[] = [];
  const firstRow = headerIndex + 2;
  headerIndex += 1;
  if (cells.length - headerIndex > MAX_CATALOGUE_ROWS) {
    return { ok: false, problems: [{ code: 'problemTooManyRows', value: String(cells.length - headerIndex) }] };
  }
  for (let i = headerIndex; i < cells.length; i++) {
    const row = cells[i]!;
    row.forEach((cell, c) => {
      if (cell.length > MAX_CELL_CHARS && problems.length < 20)
        problems.push({ code: 'problemCellTooLarge', row: i + 1, column: header[c] || columnLetter(c), value: String(cell.length) });
    });
    rows.push(row as string[]);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, table: { header, rows, firstRow, ...meta } };
}

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
