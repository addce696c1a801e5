import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { activateCatalogue, loadSearchIndex } from '../../apply';
import { TrailmarkDB } from '../../db';
import { readCatalogue, readResources, sortById } from '../../pages';
import { buildSearchIndex, search } from '../../../relevance/search-index';
import { tokenise } from '../../../relevance/tokenise';
import type { Resource } from '../../schema';
import { snapshotText } from '../delta';
import { sha256Hex, sign } from '../crypto';
import { gzip } from '../gzip';
import { FEED_FILE_NAME } from '../schema';
import { checkFeed, overlayLimit, type FeedSettings } from '../sync';
import { MemoryHost, makeKey, makeResources, type TestKey } from './helpers';

let key: TestKey;
let db: TrailmarkDB;
let host: MemoryHost;
let settings: FeedSettings;
let clock: Date;

beforeAll(async () => {
  key = await makeKey();
});
beforeEach(async () => {
  db = new TrailmarkDB(`sync-${Math.random()}`);
  host = new MemoryHost();
  settings = { url: host.feedUrl, publicKey: key.publicKey };
  clock = new Date('2026-05-12T09:00:00Z');
  await activateCatalogue(db, makeResources(3, 9), { source: 'sample', label: 'sample' }, clock);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const check = (overrides: Partial<FeedSettings> = {}) =>
  checkFeed({ ...settings, ...overrides }, { db, fetch: host.fetch, now: () => clock, random: () => 0.5 });
const activeText = async () => snapshotText(await readCatalogue(db));
/** Everything the catalogue is made of, to prove a refusal changed nothing. */
const dump = async () =>
  JSON.stringify(
    [
      await db.resourcePages.toArray(),
      await db.catalogueOverlay.toArray(),
      await db.pageIds.toArray(),
      await db.catalogueState.toArray(),
      await loadSearchIndex(db),
    ],
    (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v),
  );
const later = (days: number) => new Date(clock.getTime() + days * 86_400_000);

describe('checkFeed', () => {
  it('takes version 1 as a snapshot, then version 2 as a delta, then answers 304 with one request', async () => {
    const v1 = makeResources(20);
    await host.publish(v1, key, { now: clock });
    const first = await check();
    expect(first).toMatchObject({ outcome: 'updated', via: 'snapshot', version: 1, count: 20, requests: 2 });
    expect(await activeText()).toBe(snapshotText(v1));
    expect(await db.catalogueState.get('active')).toMatchObject({
      source: 'feed',
      label: '1',
      count: 20,
      feed: { version: 1, url: host.feedUrl, keyId: key.keyId },
    });
    expect((await loadSearchIndex(db))?.docIds).toHaveLength(20);

    const v2: Resource[] = [...v1.slice(1), ...makeResources(22).slice(20)].map((r) => (r.id === 'r0005' ? { ...r, title: 'Renamed' } : r));
    await host.publish(v2, key, { now: clock });
    host.requests.length = 0;
    const second = await check();
    expect(second).toMatchObject({ outcome: 'updated', via: 'delta', version: 2, count: 21, requests: 2 });
    expect(host.requests.map((r) => r.path)).toEqual([FEED_FILE_NAME, expect.stringMatching(/^delta-v1-v2-/)]);
    expect(await activeText()).toBe(snapshotText(v2));
    expect((await loadSearchIndex(db))?.docIds.slice().sort()).toEqual(v2.map((r) => r.id).sort());

    host.requests.length = 0;
    const third = await check();
    expect(third).toMatchObject({ outcome: 'notModified', version: 2, requests: 1 });
    expect(host.requests).toEqual([{ path: FEED_FILE_NAME, status: 304 }]);
    expect(await db.feedState.get('feed')).toMatchObject({ lastOutcome: 'notModified', failures: 0, lastSuccessAt: clock.toISOString() });
  });

  it('takes the snapshot when no delta starts from the active version', async () => {
    await host.publish(makeResources(10), key, { maxDeltas: 0 });
    await check();
    await host.publish(makeResources(12), key, { maxDeltas: 0 });
    expect(await check()).toMatchObject({ outcome: 'updated', via: 'snapshot', version: 2 });
  });

  it('falls back to the snapshot when a delta does not lead to the snapshot’s content', async () => {
    await host.publish(makeResources(10), key);
    await check();
    // The delta is genuine (signed, hashed) but the active catalogue drifted from version 1 (its
    // pages and their ids, which are always written together).
    await db.resourcePages.update(0, (page) => {
      page.resources = page.resources.filter((r) => r.id !== 'r0003');
    });
    await db.pageIds.update('active', (row) => {
      row.ids = row.ids.filter((id) => id !== 'r0003');
    });
    await host.publish(makeResources(11), key);
    const result = await check();
    expect(result).toMatchObject({ outcome: 'updated', via: 'snapshot', version: 2 });
    expect(await activeText()).toBe(snapshotText(makeResources(11)));
  });

  it('writes a snapshot that changes little as the overlay, with featured entries and news from the whole snapshot', async () => {
    const v1 = makeResources(1200);
    await host.publish(v1, key, { maxDeltas: 0 });
    await check();
    const pagesWritten = vi.spyOn(db.resourcePages, 'bulkPut');
    const indexWritten = vi.spyOn(db.searchIndex, 'put');
    const until = later(20).toISOString().slice(0, 10);
    const v2 = [
      ...v1
        .filter((r) => r.id !== 'r0100')
        .map((r) => (r.id === 'r0600' ? { ...r, title: 'Negotiation basics', featuredUntil: until } : r)),
      ...makeResources(1201).slice(1200),
    ];
    await host.publish(v2, key, { maxDeltas: 0 });
    expect(await check()).toMatchObject({ outcome: 'updated', via: 'snapshot', version: 2, count: 1200 });
    expect(pagesWritten).not.toHaveBeenCalled();
    expect(indexWritten).not.toHaveBeenCalled();
    expect(await db.catalogueOverlay.get('active')).toMatchObject({ upserts: [{ id: 'r0600' }, { id: 'r1200' }], retired: ['r0100'] });
    expect(await activeText()).toBe(snapshotText(v2));
    expect(await db.catalogueState.get('active')).toMatchObject({
      count: 1200,
      news: [{ id: 'r1200' }],
      featured: [{ id: 'r0600', until }],
    });
    const index = (await loadSearchIndex(db))!;
    const query = tokenise('Negotiation basics', 'en').map(({ term }) => ({ term, weight: 1 }));
    expect(search(index, query, 3).map((hit) => index.docIds[hit.doc])).toEqual(['r0600']);

    // The next snapshot's overlay replaces this one: it is measured against the pages, not the overlay.
    const v3 = v1.map((r) => (r.id === 'r0001' ? { ...r, title: 'Feedback that lands' } : r));
    await host.publish(v3, key, { maxDeltas: 0 });
    expect(await check()).toMatchObject({ outcome: 'updated', via: 'snapshot', version: 3, count: 1200 });
    expect(await db.catalogueOverlay.get('active')).toMatchObject({ upserts: [{ id: 'r0001' }], retired: [] });
    expect(await activeText()).toBe(snapshotText(v3));
    expect((await db.catalogueState.get('active'))?.featured).toBeUndefined();
    expect(pagesWritten).not.toHaveBeenCalled();
    pagesWritten.mockRestore();
    indexWritten.mockRestore();
  });

  it('indexes only what changed when a snapshot mostly is the active catalogue, and finds the same as a full build', async () => {
    const v1 = makeResources(2400);
    await host.publish(v1, key, { maxDeltas: 0 });
    await check();
    // More changes than the overlay holds (5 %), fewer than a full build is worth (10 %).
    const v2 = [
      ...v1
        .slice(1)
        .map((r, i) => (r.id === 'r0007' ? { ...r, title: 'Negotiation basics' } : i % 16 === 0 ? { ...r, title: `${r.title}!` } : r)),
      ...makeResources(2401).slice(2400),
    ];
    await host.publish(v2, key, { maxDeltas: 0 });
    const result = await check();
    expect(result).toMatchObject({ outcome: 'updated', via: 'snapshot', version: 2 });
    expect(result.timings.indexLongestSlice).toBeUndefined(); // set only by a full build
    expect(await db.catalogueOverlay.get('active')).toBeUndefined();
    const index = (await loadSearchIndex(db))!;
    expect(index.docIds.slice().sort()).toEqual(v2.map((r) => r.id).sort());
    const full = buildSearchIndex(sortById([...v2]));
    const query = [
      { term: 'negoti', weight: 1 },
      { term: 'pivot', weight: 1 },
    ];
    const ids = (i: typeof index) => search(i, query, 5).map((hit) => i.docIds[hit.doc]);
    expect(ids(index)).toEqual(ids(full));
  });

  it('writes a delta as an overlay (no page, no index rewritten) and folds it into the pages once it outgrows its limit', async () => {
    const v1 = makeResources(1200);
    await host.publish(v1, key);
    await check();
    const pagesWritten = vi.spyOn(db.resourcePages, 'bulkPut');
    const indexWritten = vi.spyOn(db.searchIndex, 'put');
    // Version 2: one renamed, one retired, one added.
    const v2 = [
      ...v1.filter((r) => r.id !== 'r0100').map((r) => (r.id === 'r0600' ? { ...r, title: 'Negotiation basics' } : r)),
      ...makeResources(1201).slice(1200),
    ];
    await host.publish(v2, key);
    expect(await check()).toMatchObject({ outcome: 'updated', via: 'delta', version: 2, count: 1200 });
    expect(pagesWritten).not.toHaveBeenCalled();
    expect(indexWritten).not.toHaveBeenCalled();
    expect(await db.catalogueOverlay.get('active')).toMatchObject({ upserts: [{ id: 'r0600' }, { id: 'r1200' }], retired: ['r0100'] });
    expect(await activeText()).toBe(snapshotText(v2));
    expect((await readResources(db, ['r0600', 'r0100', 'r1200', 'r0001'])).map((r) => r?.title)).toEqual([
      'Negotiation basics',
      undefined,
      v2.at(-1)!.title,
      v1[1]!.title,
    ]);
    const index = (await loadSearchIndex(db))!;
    expect(index.docIds.slice().sort()).toEqual(v2.map((r) => r.id).sort());
    const query = tokenise('Negotiation basics', 'en').map(({ term }) => ({ term, weight: 1 }));
    const hits = search(index, query, 3).map((hit) => index.docIds[hit.doc]);
    expect(hits).toEqual(['r0600']);
    expect(await db.catalogueState.get('active')).toMatchObject({ count: 1200, news: [{ id: 'r1200' }] });

    // Version 3 changes more than the overlay may hold: pages and index take it all in.
    const many = overlayLimit(1200) + 1;
    const v3 = v2.map((r, i) => (i < many ? { ...r, title: `${r.title} (edition 3)` } : r));
    await host.publish(v3, key);
    expect(await check()).toMatchObject({ outcome: 'updated', via: 'delta', version: 3, count: 1200 });
    expect(pagesWritten).toHaveBeenCalledTimes(1);
    expect(indexWritten).toHaveBeenCalledTimes(1);
    expect(await db.catalogueOverlay.get('active')).toBeUndefined();
    expect(await activeText()).toBe(snapshotText(v3));
    expect((await db.pageIds.get('active'))?.ids).toEqual(sortById([...v3]).map((r) => r.id));
    expect((await loadSearchIndex(db))?.docIds.slice().sort()).toEqual(v3.map((r) => r.id).sort());
    pagesWritten.mockRestore();
    indexWritten.mockRestore();
  });

  it('rewrites only the pages a snapshot changed', async () => {
    const v1 = makeResources(1200);
    await host.publish(v1, key, { maxDeltas: 0 });
    await check();
    // More than the overlay holds (see above), all on page 2 (resources 500 to 749).
    const v2 = v1.map((r, i) => (i >= 500 && i <= overlayLimit(1200) + 500 ? { ...r, title: `${r.title} (edition 2)` } : r));
    await host.publish(v2, key, { maxDeltas: 0 });
    const bulkPut = vi.spyOn(db.resourcePages, 'bulkPut');
    expect(await check()).toMatchObject({ outcome: 'updated', via: 'snapshot', version: 2 });
    expect(bulkPut.mock.calls.map(([pages]) => pages.map((page) => page.page))).toEqual([[2]]);
    expect(await activeText()).toBe(snapshotText(v2));
    bulkPut.mockRestore();
  });

  it('takes a delta by the hash chain without rehashing, and the snapshot when the chain starts elsewhere', async () => {
    await host.publish(makeResources(10), key);
    await check();
    await host.publish(makeResources(11), key);
    const chained = host.manifest()!.deltas[0]!;
    expect(chained.fromSha256).toBe((await db.catalogueState.get('active'))?.feed?.snapshotSha256);
    expect(await check()).toMatchObject({ outcome: 'updated', via: 'delta', version: 2 });
    expect(await activeText()).toBe(snapshotText(makeResources(11)));

    // Same version numbers, but the delta was made from other content than the one active here.
    const other = new MemoryHost();
    await other.publish(makeResources(10, 1), key);
    await other.publish(makeResources(11, 1), key);
    await other.publish(makeResources(12, 1), key);
    for (const [name, bytes] of other.files) host.put(name, bytes);
    expect(await check()).toMatchObject({ outcome: 'updated', via: 'snapshot', version: 3 });
    expect(await activeText()).toBe(snapshotText(makeResources(12, 1)));
  });

  it('downloads the gzipped copy, takes the JSON when the host unpacked it, and the plain file without DecompressionStream', async () => {
    await host.publish(makeResources(40), key);
    const manifest = host.manifest()!;
    expect(manifest.snapshot.gzip!.bytes).toBeLessThan(manifest.snapshot.bytes / 3);
    host.requests.length = 0;
    expect(await check()).toMatchObject({ outcome: 'updated', via: 'snapshot', version: 1 });
    expect(host.requests.map((r) => r.path)).toEqual([FEED_FILE_NAME, manifest.snapshot.gzip!.path]);

    // A host that serves the .gz with Content-Encoding: gzip hands over the JSON itself.
    await host.publish(makeResources(41), key, { maxDeltas: 0 });
    const next = host.manifest()!;
    host.put(next.snapshot.gzip!.path, host.files.get(next.snapshot.path)!);
    expect(await check()).toMatchObject({ outcome: 'updated', via: 'snapshot', version: 2 });
    expect(await activeText()).toBe(snapshotText(makeResources(41)));

    const original = globalThis.DecompressionStream;
    try {
      // @ts-expect-error: a browser without the Compression Streams API
      delete globalThis.DecompressionStream;
      await host.publish(makeResources(42), key, { maxDeltas: 0 });
      host.requests.length = 0;
      expect(await check()).toMatchObject({ outcome: 'updated', via: 'snapshot', version: 3 });
      expect(host.requests.map((r) => r.path)).toEqual([FEED_FILE_NAME, host.manifest()!.snapshot.path]);
    } finally {
      globalThis.DecompressionStream = original;
    }
  });

  it('refuses a gzipped file that unpacks larger than the file it stands for, keeping the catalogue', async () => {
    await host.publish(makeResources(12), key, { maxDeltas: 0 });
    const before = await dump();
    const { snapshot } = host.manifest()!;
    // Signed and hashed as the .gz, but it unpacks to more than the manifest's size: a gzip bomb.
    const bomb = await gzip(new Uint8Array(snapshot.bytes + 1000).fill(0x20));
    const forged = {
      ...host.manifest()!,
      snapshot: { ...snapshot, gzip: { path: snapshot.gzip!.path, bytes: bomb.length, sha256: await sha256Hex(bomb) } },
    };
    host.put(snapshot.gzip!.path, bomb);
    const manifestText = JSON.stringify(forged);
    host.put(
      FEED_FILE_NAME,
      JSON.stringify({ format: 2, manifest: manifestText, signature: await sign(key.privateKey, manifestText), keyId: key.keyId }),
    );
    expect(await check()).toMatchObject({ outcome: 'refused', problem: { code: 'hashMismatch', file: snapshot.gzip!.path } });
    expect(await dump()).toBe(before);
  });

  describe('refusals leave the active catalogue exactly as it was', () => {
    beforeEach(async () => {
      await host.publish(makeResources(10), key, { now: clock });
      await check();
    });

    it('refuses a replayed older feed (rollback)', async () => {
      const oldFeed = host.files.get(FEED_FILE_NAME)!;
      await host.publish(makeResources(11), key);
      expect(await check()).toMatchObject({ outcome: 'updated', version: 2 });
      const before = await dump();
      host.put(FEED_FILE_NAME, oldFeed);
      const result = await check();
      expect(result).toMatchObject({ outcome: 'refused', problem: { code: 'olderVersion', version: 1, activeVersion: 2 } });
      expect(await dump()).toBe(before);
      expect(await db.feedState.get('feed')).toMatchObject({ lastOutcome: 'refused', failures: 1, lastProblem: { code: 'olderVersion' } });
    });

    it('refuses the same version with other content (freeze)', async () => {
      const before = await dump();
      const other = new MemoryHost();
      await other.publish(makeResources(10, 3), key);
      host.put(FEED_FILE_NAME, other.files.get(FEED_FILE_NAME)!);
      for (const [name, bytes] of other.files) if (name !== FEED_FILE_NAME) host.put(name, bytes);
      expect(await check()).toMatchObject({ outcome: 'refused', problem: { code: 'sameVersionChanged', version: 1 } });
      expect(await dump()).toBe(before);
    });

    it('refuses an expired manifest, keeps the catalogue, and takes it again once re-published', async () => {
      await host.publish(makeResources(12), key, { now: clock, expiresDays: 1 });
      const before = await dump();
      const expiry = later(1).toISOString();
      clock = later(2);
      expect(await check()).toMatchObject({ outcome: 'refused', problem: { code: 'expired', date: expiry } });
      expect(await dump()).toBe(before);
      await host.publish(makeResources(12), key, { now: clock });
      expect(await check()).toMatchObject({ outcome: 'updated', version: 2 });
    });

    it('takes a re-signed unchanged feed as up to date and records its later expiry', async () => {
      await host.publish(makeResources(10), key, { now: later(10) });
      clock = later(10);
      expect(await check()).toMatchObject({ outcome: 'upToDate', version: 1 });
      expect((await db.catalogueState.get('active'))?.feed?.expiresAt).toBe(new Date(later(30).getTime()).toISOString());
    });

    it('refuses a tampered snapshot or feed.json, and a feed signed with another key', async () => {
      await host.publish(makeResources(12), key, { maxDeltas: 0 });
      const before = await dump();
      const manifest = host.manifest()!;
      // The gzipped copy is what is downloaded.
      const gzipPath = manifest.snapshot.gzip!.path;
      const good = host.files.get(gzipPath)!;
      const tampered = good.slice();
      tampered[100] = tampered[100]! ^ 1;
      host.put(gzipPath, tampered);
      expect(await check()).toMatchObject({ outcome: 'refused', problem: { code: 'hashMismatch', file: gzipPath } });
      host.put(gzipPath, good);

      const feed = host.text(FEED_FILE_NAME);
      host.put(FEED_FILE_NAME, feed.replace('"version\\":2', '"version\\":3'));
      expect(await check()).toMatchObject({ outcome: 'refused', problem: { code: 'badSignature' } });

      const stranger = await makeKey();
      const forged = new MemoryHost();
      await forged.publish(makeResources(12), stranger);
      await forged.publish(makeResources(13), stranger);
      for (const [name, bytes] of forged.files) host.put(name, bytes);
      expect(await check()).toMatchObject({
        outcome: 'refused',
        problem: { code: 'otherKey', feedKeyId: stranger.keyId, keyId: key.keyId },
      });
      expect(await dump()).toBe(before);
      expect((await db.feedState.get('feed'))?.failures).toBe(3);
    });

    it('follows a key rotation once the new public key is set', async () => {
      const rotated = await makeKey();
      await host.publish(makeResources(11), rotated);
      const before = await dump();
      expect(await check()).toMatchObject({ outcome: 'refused', problem: { code: 'otherKey' } });
      expect(await dump()).toBe(before);
      expect(await check({ publicKey: rotated.publicKey })).toMatchObject({ outcome: 'updated', via: 'delta', version: 2 });
      // The old key no longer opens the feed, even though feed.json has not changed since.
      expect(await check()).toMatchObject({ outcome: 'refused', problem: { code: 'otherKey' } });
    });

    it('reports an unreachable feed as a failure, backs off, and converges when it is back', async () => {
      await host.publish(makeResources(12), key);
      host.offline = true;
      const failures = [];
      for (let i = 0; i < 3; i++) {
        const result = await check();
        const state = await db.feedState.get('feed');
        failures.push([result.outcome, result.problem?.code, state?.failures, Date.parse(state!.nextCheckAt!) - clock.getTime()]);
      }
      expect(failures).toEqual([
        ['failed', 'unreachable', 1, 60_000],
        ['failed', 'unreachable', 2, 120_000],
        ['failed', 'unreachable', 3, 240_000],
      ]);
      host.offline = false;
      expect(await check()).toMatchObject({ outcome: 'updated', version: 2 });
      const state = await db.feedState.get('feed');
      expect(state).toMatchObject({ failures: 0, lastOutcome: 'updated' });
      expect(state?.lastProblem).toBeUndefined();
    });
  });

  it('refuses a URL that is not https (or loopback) and a malformed key, before any request', async () => {
    expect(await check({ url: 'http://feed.example.com/feed.json' })).toMatchObject({
      outcome: 'refused',
      problem: { code: 'urlNotAllowed' },
      requests: 0,
    });
    expect(await check({ publicKey: 'nonsense' })).toMatchObject({ outcome: 'refused', problem: { code: 'keyInvalid' }, requests: 0 });
    expect(host.requests).toEqual([]);
  });

  it('resumes an interrupted check from the staged download without downloading again', async () => {
    await host.publish(makeResources(30), key);
    // Simulate a worker stopped after the snapshot was downloaded and staged: fail the commit once.
    const original = db.transaction.bind(db);
    let failOnce = true;
    (db as unknown as { transaction: unknown }).transaction = (...args: unknown[]) => {
      const tables = args.slice(1, -1).flat() as { name: string }[];
      if (failOnce && tables.some((t) => t.name === 'resourcePages')) {
        failOnce = false;
        return Promise.reject(new DOMException('The worker went away', 'AbortError'));
      }
      return (original as (...a: unknown[]) => unknown)(...args);
    };
    expect(await check()).toMatchObject({ outcome: 'failed', problem: { code: 'storageFailed' } });
    expect(await db.feedStaging.count()).toBe(1);
    host.requests.length = 0;
    expect(await check()).toMatchObject({ outcome: 'updated', version: 1, requests: 1 });
    expect(host.requests.map((r) => r.path)).toEqual([FEED_FILE_NAME]);
    expect(await db.feedStaging.count()).toBe(0);
  });
});
