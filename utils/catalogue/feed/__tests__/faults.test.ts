import type { DBCoreMutateRequest, DBCoreMutateResponse } from 'dexie';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activateCatalogue, loadSearchIndex } from '../../apply';
import { TrailmarkDB } from '../../db';
import { readCatalogue } from '../../pages';
import type { Resource } from '../../schema';
import { snapshotText } from '../delta';
import { checkFeed } from '../sync';
import { MemoryHost, makeKey, makeResources, type TestKey } from './helpers';

/**
 * Fault injection: a Dexie middleware that fails the n-th value written (after really writing the
 * values before it in the same request, as a disk that fills up half way would), for every n a
 * feed check writes. Whatever n, the previous catalogue must stay whole and active, and the next
 * check without the fault must arrive exactly where a check without faults arrives.
 */
class Faults {
  /** Position of the value to fail; -1: none. */
  failAt = -1;
  /** Values written so far. */
  position = 0;
  // What IndexedDB raises for a failed disk write.
  makeError: () => Error = () => new DOMException('injected write failure', 'UnknownError');
  /** Whether the value at `failAt` was reached (else the check wrote fewer values). */
  triggered = false;
  /** Alternatively: fail every request this says yes to. */
  failOn?: (table: string, request: DBCoreMutateRequest) => boolean;

  install(db: TrailmarkDB): void {
    db.use({
      stack: 'dbcore',
      name: 'faults',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return {
            ...table,
            mutate: (request: DBCoreMutateRequest): Promise<DBCoreMutateResponse> => {
              const count = request.type === 'deleteRange' ? 1 : request.type === 'delete' ? request.keys.length : request.values.length;
              const first = this.position;
              this.position += count;
              if (this.failOn?.(name, request)) return Promise.reject(this.makeError());
              const at = this.failAt - first;
              if (this.failAt < 0 || at < 0 || at >= count) return table.mutate(request);
              this.triggered = true;
              const error = this.makeError();
              if (at === 0 || request.type === 'deleteRange') return Promise.reject(error);
              const partial =
                request.type === 'delete'
                  ? { ...request, keys: request.keys.slice(0, at) }
                  : { ...request, values: request.values.slice(0, at), ...(request.keys ? { keys: request.keys.slice(0, at) } : {}) };
              return table.mutate(partial as DBCoreMutateRequest).then(() => Promise.reject(error));
            },
          };
        },
      }),
    });
  }
}

let key: TestKey;
const databases: TrailmarkDB[] = [];
beforeAll(async () => {
  key = await makeKey();
});
afterEach(async () => {
  for (const db of databases.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** One clock for publishing and checking, so two runs write identical bytes. */
const NOW = new Date('2026-05-12T09:00:00Z');
const v1 = makeResources(1_000);
/** Version 2: a tenth changed, some retired, some added — both as a snapshot and as a delta. */
const v2: Resource[] = [
  ...v1.filter((_, i) => i % 50 !== 7).map((r, i) => (i % 10 === 0 ? { ...r, title: `${r.title} (revised)` } : r)),
  ...makeResources(1_030).slice(1_000),
];

/** What the catalogue is made of, typed arrays included: a refusal or failure must not change one byte. */
async function dump(db: TrailmarkDB): Promise<string> {
  return JSON.stringify(
    [
      await db.resourcePages.toArray(),
      await db.catalogueOverlay.toArray(),
      await db.pageIds.toArray(),
      await db.catalogueState.toArray(),
      await loadSearchIndex(db),
    ],
    (_, value) => (ArrayBuffer.isView(value) ? Array.from(value as Uint8Array) : value),
  );
}

/** Version 2 as a small change (written as the overlay over the pages): five renamed, one retired, one added. */
const v2small: Resource[] = [
  ...v1.filter((r) => r.id !== 'r0500').map((r, i) => (i % 200 === 3 ? { ...r, title: `${r.title} (revised)` } : r)),
  ...makeResources(1_001).slice(1_000),
];

const CASES = [
  { via: 'snapshot', change: 'a tenth', next: v2, largest: 'resourcePages' },
  { via: 'delta', change: 'a tenth', next: v2, largest: 'resourcePages' },
  { via: 'snapshot', change: 'a few resources', next: v2small, largest: 'catalogueOverlay' },
  { via: 'delta', change: 'a few resources', next: v2small, largest: 'catalogueOverlay' },
] as const;

async function setUp(via: 'snapshot' | 'delta', next: readonly Resource[]) {
  const host = new MemoryHost();
  const db = new TrailmarkDB(`faults-${Math.random()}`);
  databases.push(db);
  const faults = new Faults();
  faults.install(db);
  const settings = { url: host.feedUrl, publicKey: key.publicKey };
  const check = () => checkFeed(settings, { db, fetch: host.fetch, random: () => 0.5, now: () => NOW });
  await activateCatalogue(db, makeResources(5, 2), { source: 'sample', label: 'sample' });
  await host.publish(v1, key, { maxDeltas: via === 'delta' ? 10 : 0, now: NOW });
  expect(await check()).toMatchObject({ outcome: 'updated', version: 1 });
  await host.publish([...next], key, { maxDeltas: via === 'delta' ? 10 : 0, now: NOW });
  return { db, faults, check };
}

describe.each(CASES)('a 1,000-resource $via apply changing $change, with a write failing', ({ via, change, next, largest }) => {
  it.each(['downloaded now', 'staged by an interrupted check'] as const)(
    'at every write position, the file %s: the previous version stays whole and active, and the next check converges',
    async (source) => {
      // Where a check without faults ends up.
      const reference = await setUp(via, next);
      expect(await reference.check()).toMatchObject({ outcome: 'updated', via, version: 2, count: next.length });
      const expected = await dump(reference.db);
      expect(snapshotText(await readCatalogue(reference.db))).toBe(snapshotText(next));

      const { db, faults, check } = await setUp(via, next);
      const before = await dump(db);
      /** Puts the staging table in the state this test is about, without counting those writes. */
      const prepare = async () => {
        faults.failAt = -1;
        if (source === 'downloaded now') await db.feedStaging.clear();
        else if ((await db.feedStaging.count()) === 0) {
          faults.failOn = (table) => table === largest;
          expect(await check()).toMatchObject({ outcome: 'failed' });
          delete faults.failOn;
        }
        faults.position = 0;
        faults.triggered = false;
      };
      let position = 0;
      for (; ; position++) {
        await prepare();
        faults.failAt = position;
        const result = await check();
        if (!faults.triggered) break; // the check writes fewer values than this: all were tried
        expect(result, `write ${position}`).toMatchObject({ outcome: 'failed', problem: { code: 'storageFailed' } });
        expect(await dump(db), `write ${position}`).toBe(before);
        expect(await db.catalogueState.get('active'), `write ${position}`).toMatchObject({ source: 'feed', label: '1', count: 1_000 });
      }
      console.log(
        `fault injection (${via} changing ${change}, file ${source}): failed each of the ${position} writes of a 1,000-resource apply in turn; the previous version stayed whole every time`,
      );
      expect(position).toBeGreaterThanOrEqual(5);
      // The run that reached no fault was the converging check.
      expect(await dump(db)).toBe(expected);
      expect((await db.feedState.get('feed'))?.lastOutcome).toBe('updated');
    },
  );

  it('with a full disk (QuotaExceededError): says the device is full, keeps the old version, converges once there is room', async () => {
    const { db, faults, check } = await setUp(via, next);
    const before = await dump(db);
    faults.makeError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    // The largest write of the apply: the catalogue's pages, or the overlay.
    faults.failOn = (table, request) => table === largest && request.type === 'put';
    const result = await check();
    expect(result).toMatchObject({ outcome: 'failed', problem: { code: 'storageFull' } });
    expect(await dump(db)).toBe(before);
    expect(await db.catalogueState.get('active')).toMatchObject({ label: '1', count: 1_000 });
    expect(await db.feedState.get('feed')).toMatchObject({ lastOutcome: 'failed', lastProblem: { code: 'storageFull' }, failures: 1 });
    delete faults.failOn;
    expect(await check()).toMatchObject({ outcome: 'updated', via, version: 2 });
  });
});
