// The messages between the options page and its import worker (one file, so neither imports the other).
import type { HealthReport } from '@/utils/catalogue/health';
import type { ImportProblem } from '@/utils/catalogue/import';
import type { ColumnMapping, ExportProfile } from '@/utils/catalogue/import-mapping';
import type { Table, TextEncodingChoice } from '@/utils/catalogue/import-table';
/** Rows the mapping screen shows as a preview. */
export const PREVIEW_ROWS = 3;

/** What the mapping screen needs of a table: its header, the first rows and how it was read. */
export type TablePreview = Pick<Table, 'header' | 'format' | 'firstRow' | 'delimiter' | 'encoding' | 'sheets' | 'sheet'> & {
  preview: string[][];
  rowCount: number;
};

export type WorkerRequest =
  | { id: number; op: 'read'; name: string; bytes: ArrayBuffer; options: { encoding?: TextEncodingChoice; sheet?: string } }
  | { id: number; op: 'import'; mapping: ColumnMapping; contract: boolean };

export type ReadReply =
  | { id: number; op: 'read'; ok: true; table: TablePreview; profile: ExportProfile; mapping: ColumnMapping }
  | { id: number; op: 'read'; ok: false; problems: ImportProblem[] };
export type MapReply =
  | {
      id: number;
      op: 'import';
      ok: true;
      /** The resources as JSON text, made here: a string crosses to the page in one copy, 50,000 objects would be rebuilt on its main thread. */
      json: string;
      count: number;
      derivedIds: boolean;
      ignoredColumns: string[];
      health: HealthReport;
    }
  | { id: number; op: 'import'; ok: false; problems: ImportProblem[]; problemCount: number };
export type WorkerReply = ReadReply | MapReply | { id: number; op: 'error'; message: string };
