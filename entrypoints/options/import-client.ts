import type { HealthReport } from '@/utils/catalogue/health';
import type { ImportProblem } from '@/utils/catalogue/import';
import type { ColumnMapping, ExportProfile } from '@/utils/catalogue/import-mapping';
import type { Table, TextEncodingChoice } from '@/utils/catalogue/import-table';
import type { Resource } from '@/utils/catalogue/schema';
// Vite bundles the worker as its own file; this import is only its constructor.
import ImportWorker from './import-worker?worker';

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
      resources: Resource[];
      derivedIds: boolean;
      ignoredColumns: string[];
      health: HealthReport;
    }
  | { id: number; op: 'import'; ok: false; problems: ImportProblem[]; problemCount: number };
export type WorkerReply = ReadReply | MapReply | { id: number; op: 'error'; message: string };

/**
 * The options page's side of the import worker: one worker, started on the first import (so the
 * spreadsheet reader is downloaded and parsed only then), one answer per request.
 *
 * @example const read = await importWorker().read('export.xlsx', await file.arrayBuffer(), {});
 */
export function importWorker() {
  worker ??= new ImportWorker();
  const w = worker;
  const ask = <R extends WorkerReply>(request: WorkerRequest, transfer: Transferable[] = []) =>
    new Promise<R>((resolve, reject) => {
      const onMessage = (event: MessageEvent<WorkerReply>) => {
        if (event.data.id !== request.id) return;
        w.removeEventListener('message', onMessage);
        if (event.data.op === 'error') reject(new Error(event.data.message));
        else resolve(event.data as R);
      };
      w.addEventListener('message', onMessage);
      w.postMessage(request, transfer);
    });
  return {
    read: (name: string, bytes: ArrayBuffer, options: { encoding?: TextEncodingChoice; sheet?: string }) =>
      ask<ReadReply>({ id: ++lastId, op: 'read', name, bytes, options }, [bytes]),
    map: (mapping: ColumnMapping, contract: boolean) => ask<MapReply>({ id: ++lastId, op: 'import', mapping, contract }),
  };
}

let worker: Worker | undefined;
let lastId = 0;
