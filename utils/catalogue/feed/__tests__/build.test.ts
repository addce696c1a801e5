import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ResourceSchema, type Resource } from '../../schema';
import { parsePublicKey, sha256Hex } from '../crypto';
import { gunzip } from '../gzip';
import { applyDelta, composeDeltas, diffCatalogues, snapshotText } from '../delta';
import { FEED_FILE_NAME } from '../schema';
import { checkContent, openFeed, parseDelta, parseSnapshot } from '../verify';
import { MemoryHost, makeKey, makeResources, type TestKey } from './helpers';

let key: TestKey;
beforeAll(async () => {
  key = await makeKey();
});

const edit = (resources: Resource[], id: string, title: string) => resources.map((r) => (r.id === id ? { ...r, title } : r));

describe('buildFeed', () => {
  it('publishes version 1 as a signed manifest and a canonical snapshot that verify', async () => {
    const host = new MemoryHost();
    const built = await host.publish(makeResources(5), key, { now: new Date('2026-05-12T08:00:00Z') });
    expect(built.manifest).toMatchObject({
      format: 2,
      version: 1,
      publishedAt: '2026-05-12T08:00:00.000Z',
      expiresAt: '2026-06-11T08:00:00.000Z',
      deltas: [],
    });
    expect(built.manifest.snapshot).toMatchObject({ version: 1, count: 5, path: expect.stringMatching(/^snapshot-v1-[0-9a-f]{8}\.json$/) });
    const { manifest } = await openFeed(host.files.get(FEED_FILE_NAME)!, parsePublicKey(key.publicKey));
    expect(manifest).toEqual(built.manifest);
    const text = await checkContent(host.files.get(manifest.snapshot.path)!, manifest.snapshot);
    expect(text).toBe(snapshotText(makeResources(5)));
    expect(parseSnapshot(text, manifest.snapshot)).toEqual(makeResources(5));
    // The gzipped copy: named and hashed as itself, and unpacking to exactly the snapshot's bytes.
    const packed = host.files.get(manifest.snapshot.gzip!.path)!;
    expect(manifest.snapshot.gzip).toEqual({ path: `${manifest.snapshot.path}.gz`, bytes: packed.length, sha256: await sha256Hex(packed) });
    expect(await gunzip(packed, manifest.snapshot.bytes, 'x')).toEqual(host.files.get(manifest.snapshot.path));
  });

  it('publishes an edit as a new version with a delta holding only what was added, changed or retired', async () => {
    const host = new MemoryHost();
    const v1 = makeResources(6);
    await host.publish(v1, key);
    const v2 = [...edit(v1, 'r0002', 'Pivot tables, revised').filter((r) => r.id !== 'r0004'), ...makeResources(8).slice(6)];
    const built = await host.publish(v2, key);
    expect(built.manifest.version).toBe(2);
    expect(built.changes).toEqual({ added: 2, changed: 1, retired: 1 });
    expect(built.manifest.deltas).toHaveLength(1);
    const entry = built.manifest.deltas[0]!;
    expect(entry).toMatchObject({ fromVersion: 1, toVersion: 2 });
    const delta = parseDelta(await checkContent(host.files.get(entry.path)!, entry), entry);
    expect(delta.upserts.map((r) => r.id)).toEqual(['r0002', 'r0006', 'r0007']);
    expect(delta.retire).toEqual(['r0004']);
    expect(snapshotText(applyDelta(v1, delta))).toBe(snapshotText(v2));
  });

  it('keeps deltas from earlier versions, composed, up to the limit', async () => {
    const host = new MemoryHost();
    let resources = makeResources(40);
    await host.publish(resources, key, { maxDeltas: 3 });
    for (let v = 2; v <= 6; v++) {
      resources = edit(resources, `r000${v}`, `Changed in ${v}`);
      await host.publish(resources, key, { maxDeltas: 3 });
    }
    const manifest = host.manifest()!;
    expect(manifest.version).toBe(6);
    expect(manifest.deltas.map((d) => d.fromVersion)).toEqual([5, 4, 3]);
    const fromV3 = manifest.deltas.find((d) => d.fromVersion === 3)!;
    const delta = parseDelta(await checkContent(host.files.get(fromV3.path)!, fromV3), fromV3);
    expect(delta.upserts.map((r) => r.id)).toEqual(['r0004', 'r0005', 'r0006']);
  });

  it('re-signs an unchanged catalogue under the same version with a later expiry', async () => {
    const host = new MemoryHost();
    const first = await host.publish(makeResources(3), key, { now: new Date('2026-05-01T00:00:00Z') });
    const again = await host.publish(makeResources(3), key, { now: new Date('2026-05-20T00:00:00Z') });
    expect(again.unchanged).toBe(true);
    expect(again.files.size).toBe(0);
    expect(again.manifest).toEqual({ ...first.manifest, expiresAt: '2026-06-19T00:00:00.000Z' });
  });

  it('leaves out a delta that would be as large as the snapshot', async () => {
    const host = new MemoryHost();
    await host.publish(makeResources(5), key);
    const built = await host.publish(makeResources(5, 1), key);
    expect(built.changes).toEqual({ added: 0, changed: 5, retired: 0 });
    expect(built.manifest.deltas).toEqual([]);
  });

  it('warns and publishes without deltas when the previous snapshot is gone', async () => {
    const host = new MemoryHost();
    const v1 = await host.publish(makeResources(5), key);
    host.files.delete(v1.manifest.snapshot.path);
    const built = await host.publish(makeResources(6), key);
    expect(built.manifest.deltas).toEqual([]);
    expect(built.warnings.join(' ')).toMatch(/cannot be read/);
  });
});

describe('deltas', () => {
  const word = fc.constantFrom('pivot', 'feedback', 'planning', 'excel', 'writing', 'coaching');
  const resource = fc
    .record({
      id: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `id-${i}`)),
      title: word,
      language: fc.constantFrom('en', 'nl'),
      active: fc.boolean(),
    })
    .map((r) => ResourceSchema.parse({ ...r, url: `https://learn.example.com/${r.id}` }));
  const catalogue = fc.uniqueArray(resource, { selector: (r) => r.id, maxLength: 12 });

  it('diff then apply gives the new catalogue, and composed deltas equal the chain', () => {
    fc.assert(
      fc.property(catalogue, catalogue, catalogue, (a, b, c) => {
        const ab = diffCatalogues(a, b, 1, 2);
        const bc = diffCatalogues(b, c, 2, 3);
        const activeA = a.filter((r) => r.active);
        expect(snapshotText(applyDelta(activeA, ab))).toBe(snapshotText(b));
        expect(snapshotText(applyDelta(applyDelta(activeA, ab), bc))).toBe(snapshotText(c));
        expect(snapshotText(applyDelta(activeA, composeDeltas(ab, bc)))).toBe(snapshotText(c));
      }),
      { numRuns: 300 },
    );
  });
});
