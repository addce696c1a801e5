// Vite bundles the worker as its own file; this import is only its constructor.
import ImportWorker from './import-worker?worker';
import type { ColumnMapping } from '@/utils/catalogue/import-mapping';
import type { TextEncodingChoice } from '@/utils/catalogue/import-table';
import type { MapReply, ReadReply, WorkerReply, WorkerRequest } from './import-protocol';

export type { TablePreview } from './import-protocol';

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
