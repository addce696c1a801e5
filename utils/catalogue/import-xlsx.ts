import type { ImportProblem } from './import';
import { tableFrom, type TableResult } from './import-table';

/** A cell as the xlsx reader gives it: text, a number, a boolean, a date, or nothing. */
type XlsxCell = string | number | boolean | Date | null | undefined;

/**
 * Reads an `.xlsx` workbook (the first sheet, or the one named) into a table of text. The reader
 * (read-excel-file) is loaded here, on first use, so only the code that imports a file pays for it.
 * Numbers stay numbers written as text (`90`); cells formatted as dates become ISO dates
 * (`2026-05-12`) and cells formatted as times become hours and minutes (`1:30`), which the mapping
 * reads as a duration. Formulas are never evaluated: the reader gives the value Excel saved.
 *
 * @example const result = await readXlsxTable(bytes); if (result.ok) console.log(result.table.header);
 */
export async function readXlsxTable(bytes: Uint8Array, options: { sheet?: string } = {}): Promise<TableResult> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) return refuse({ code: 'problemNotXlsx' });
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  let sheets: { sheet: string; data: XlsxCell[][] }[];
  try {
    // A copy: the reader may keep or detach the buffer it is given.
    sheets = (await readXlsxFile(bytes.slice().buffer)) as unknown as { sheet: string; data: XlsxCell[][] }[];
  } catch (error) {
    return refuse({ code: 'problemBrokenXlsx', value: String((error as Error)?.message ?? error).slice(0, 120) });
  }
  if (sheets.length === 0) return refuse({ code: 'problemNoSheet', value: options.sheet ?? '' });
  const chosen = options.sheet === undefined ? sheets[0] : sheets.find((s) => s.sheet === options.sheet);
  if (!chosen) return refuse({ code: 'problemNoSheet', value: options.sheet ?? '' });
  const cells = chosen.data.map((row) => (Array.isArray(row) ? row.map(cellText) : []));
  return tableFrom(cells, { format: 'xlsx', sheets: sheets.map((s) => s.sheet), sheet: chosen.sheet });
}

const refuse = (problem: ImportProblem): TableResult => ({ ok: false, problems: [problem] });

/**
 * One cell as text. Excel stores times of day as dates on 30 December 1899 (day 0): those are
 * durations and come out as `h:mm`; other dates come out as `YYYY-MM-DD` (with the time when it
 * is not midnight).
 */
export function cellText(cell: XlsxCell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) {
    const time = cell.getTime();
    if (Number.isNaN(time)) return '';
    const iso = cell.toISOString();
    if (cell.getUTCFullYear() < 1900) {
      const minutes = Math.round((time - Date.UTC(1899, 11, 30)) / 60_000);
      return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
    }
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return String(cell);
}
