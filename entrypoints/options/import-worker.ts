/**
 * Reads and maps a spreadsheet off the options page's main thread, so a 50,000-row workbook
 * never freezes the page. Holds the last table read, so choosing another mapping does not
 * read the file again. Only the options page starts it, and only when someone imports a file.
 */
import { checkHealth } from '@/utils/catalogue/health';
import { mergeMapping, readCatalogueTable, resultOf } from '@/utils/catalogue/import-file';
import { importTable, proposeMapping } from '@/utils/catalogue/import-mapping';
import type { Table } from '@/utils/catalogue/import-table';
import { PREVIEW_ROWS, type WorkerReply, type WorkerRequest } from './import-protocol';

let current: Table | undefined;

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  const reply = (message: WorkerReply) => self.postMessage(message);
  try {
    if (request.op === 'read') {
      const read = await readCatalogueTable(request.name, new Uint8Array(request.bytes), request.options);
      if (!read.ok) {
        current = undefined;
        return reply({ id: request.id, op: 'read', ok: false, problems: read.problems });
      }
      current = read.table;
      const { header, rows, format, delimiter, encoding, sheets, sheet, firstRow } = read.table;
      const preview = rows.filter((row) => row.some((cell) => cell.trim())).slice(0, PREVIEW_ROWS);
      const rowCount = rows.reduce((n, row) => n + (row.some((cell) => cell.trim()) ? 1 : 0), 0);
      const proposal = proposeMapping(header);
      return reply({
        id: request.id,
        op: 'read',
        ok: true,
        table: {
          header,
          preview,
          rowCount,
          format,
          firstRow,
          ...(delimiter ? { delimiter } : {}),
          ...(encoding ? { encoding } : {}),
          ...(sheets ? { sheets } : {}),
          ...(sheet ? { sheet } : {}),
        },
        profile: proposal.profile,
        mapping: proposal.mapping,
      });
    }
    if (!current) throw new Error('No file has been read');
    const mapping = mergeMapping({}, request.mapping);
    const outcome = importTable(current, mapping, { contract: request.contract });
    const result = resultOf(outcome);
    if (!result.ok) return reply({ id: request.id, op: 'import', ok: false, problems: result.problems, problemCount: result.problemCount });
    return reply({
      id: request.id,
      op: 'import',
      ok: true,
      json: JSON.stringify(outcome.resources),
      count: outcome.resources.length,
      derivedIds: outcome.derivedIds,
      ignoredColumns: outcome.ignoredColumns,
      health: checkHealth(outcome.resources, outcome.rows),
    });
  } catch (error) {
    reply({ id: request.id, op: 'error', message: (error as Error).message });
  }
};
