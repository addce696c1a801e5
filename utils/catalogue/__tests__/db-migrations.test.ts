import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSearchIndex } from '../../relevance/search-index';
import { loadSearchIndex } from '../apply';
import { TrailmarkDB } from '../db';
import { readCatalogue, readResources } from '../pages';
import { ResourceSchema } from '../schema';

const resource = (id: string, title: string, active = true) =>
  ResourceSchema.parse({ id, title, url: `https://learn.example.com/${id}`, language: 'en', active });

/** Version 1 as it shipped: one record per resource, the index in file order. */
async function writeVersion1(name: string) {
  const v1 = new Dexie(name);
  v1.version(1).stores({ resources: '&id', searchIndex: '&key', catalogueState: '&key' });
  const resources = [resource('zeta', 'Pivot tables'), resource('alpha', 'Giving feedback'), resource('mid', 'Project planning')];
  await v1.table('resources').bulkPut(resources);
  await v1.table('searchIndex').put({ key: 'catalogue', index: buildSearchIndex(resources) });
  await v1
    .table('catalogueState')
    .put({ key: 'active', source: 'import', label: 'old.csv', count: 3, activatedAt: '2026-05-12T09:00:00.000Z' });
  v1.close();
}

let db: TrailmarkDB | undefined;
afterEach(async () => {
  db?.close();
  await db?.delete();
  db = undefined;
});

describe('database migrations', () => {
  it('version 1 → 5: resources move into pages sorted by id, the index follows them, state and data stay', async () => {
    const name = `migrate-${Math.random()}`;
    await writeVersion1(name);
    db = new TrailmarkDB(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'analyticsBuckets',
      'analyticsOutbox',
      'analyticsState',
      'catalogueOverlay',
      'catalogueState',
      'feedStaging',
      'feedState',
      'pageIds',
      'resourcePages',
      'searchIndex',
    ]);
    expect((await readCatalogue(db)).map((r) => r.id)).toEqual(['alpha', 'mid', 'zeta']);
    expect((await loadSearchIndex(db))?.docIds).toEqual(['alpha', 'mid', 'zeta']);
    expect((await readResources(db, ['zeta', 'nope', 'alpha'])).map((r) => r?.title)).toEqual([
      'Pivot tables',
      undefined,
      'Giving feedback',
    ]);
    expect(await db.catalogueState.get('active')).toMatchObject({ source: 'import', label: 'old.csv', count: 3 });
    expect(await db.feedState.count()).toBe(0);
  });

  it('version 3 → 5: the catalogue stays, the analytics tables start empty', async () => {
    const name = `migrate3-${Math.random()}`;
    // Version 3 as it shipped (the stores of 1–3 applied in order).
    const v3 = new Dexie(name);
    v3.version(1).stores({ resources: '&id', searchIndex: '&key', catalogueState: '&key' });
    v3.version(2).stores({ resourcePages: '&page, firstId', feedState: '&key', feedStaging: '&sha256' });
    v3.version(3).stores({ resources: null });
    await v3.table('resourcePages').put({ page: 0, firstId: 'alpha', resources: [resource('alpha', 'Giving feedback')] });
    await v3
      .table('catalogueState')
      .put({ key: 'active', source: 'import', label: 'x.csv', count: 1, activatedAt: '2026-05-12T09:00:00.000Z' });
    v3.close();
    db = new TrailmarkDB(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect((await readCatalogue(db)).map((r) => r.id)).toEqual(['alpha']);
    expect(await db.analyticsBuckets.count()).toBe(0);
    expect(await db.analyticsOutbox.count()).toBe(0);
    expect(await db.analyticsState.count()).toBe(0);
  });

  it('a fresh install opens at the latest version with empty tables', async () => {
    db = new TrailmarkDB(`fresh-${Math.random()}`);
    await db.open();
    expect(db.verno).toBe(5);
    expect(await readCatalogue(db)).toEqual([]);
    expect(await readResources(db, ['x'])).toEqual([undefined]);
  });
});
