import { afterEach, describe, expect, it } from 'vitest';
import { buildSearchIndex, search } from '../../relevance/search-index';
import { activateCatalogue, loadSearchIndex, readActiveCatalogue } from '../apply';
import { TrailmarkDB } from '../db';
import { readCatalogue } from '../pages';
import { ResourceSchema, type ResourceInput } from '../schema';

const resource = (id: string, title: string, extra: Partial<ResourceInput> = {}) =>
  ResourceSchema.parse({ id, title, url: `https://learn.example.com/${id}`, language: 'en', ...extra });

let db: TrailmarkDB;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

describe('activateCatalogue', () => {
  it('stores resources, index and state together, leaving out retired resources', async () => {
    db = new TrailmarkDB(`t-${Math.random()}`);
    const state = await activateCatalogue(db, [resource('a', 'Pivot tables'), resource('b', 'Old', { active: false })], {
      source: 'import',
      label: 'x.csv',
    });
    expect(state).toMatchObject({ source: 'import', label: 'x.csv', count: 1 });
    expect((await readCatalogue(db)).map((r) => r.id)).toEqual(['a']);
    expect((await loadSearchIndex(db))?.docIds).toEqual(['a']);
  });

  it('leaves the previous catalogue whole when a write fails half way', async () => {
    db = new TrailmarkDB(`t-${Math.random()}`);
    await activateCatalogue(db, [resource('old-1', 'Feedback geven'), resource('old-2', 'Time management')], {
      source: 'sample',
      label: 'sample',
    });
    // Fail when the new state is written, after resources and index were.
    db.catalogueState.hook('updating', () => {
      throw new Error('disk full');
    });
    const next = ['n1', 'n2', 'n3', 'n4'].map((id) => resource(id, `New ${id}`));
    await expect(activateCatalogue(db, next, { source: 'import', label: 'new.csv' })).rejects.toThrow('disk full');
    expect((await readCatalogue(db)).map((r) => r.id)).toEqual(['old-1', 'old-2']);
    expect((await loadSearchIndex(db))?.docIds).toEqual(['old-1', 'old-2']);
    expect(await db.catalogueState.get('active')).toMatchObject({ source: 'sample', count: 2 });
  });
});

describe('loadSearchIndex', () => {
  it('rebuilds an index stored in an older layout from the stored resources', async () => {
    db = new TrailmarkDB(`t-${Math.random()}`);
    await activateCatalogue(db, [resource('a', 'Pivot tables')], { source: 'sample', label: 'sample' });
    const old = { ...buildSearchIndex([resource('a', 'Pivot tables')]), format: 1 };
    await db.searchIndex.put({ key: 'catalogue', index: old as never });
    const index = (await loadSearchIndex(db))!;
    expect(index.format).toBe(buildSearchIndex([]).format);
    expect((await db.searchIndex.get('catalogue'))?.index.format).toBe(index.format);
    expect(search(index, [{ term: 'pivot', weight: 1 }]).map((r) => index.docIds[r.doc])).toEqual(['a']);
  });

  it('never stores its rebuilt index over one a new catalogue wrote meanwhile', async () => {
    db = new TrailmarkDB(`t-${Math.random()}`);
    await activateCatalogue(db, [resource('a', 'Pivot tables')], { source: 'sample', label: 'sample' });
    await db.searchIndex.put({ key: 'catalogue', index: { ...buildSearchIndex([resource('a', 'Pivot tables')]), format: 1 } as never });
    // The rebuild reads the pages, then builds; an import commits in between.
    const loading = loadSearchIndex(db);
    const importing = activateCatalogue(db, [resource('b', 'Budget planning')], { source: 'import', label: 'b.csv' });
    await Promise.all([loading, importing]);
    expect((await readCatalogue(db)).map((r) => r.id)).toEqual(['b']);
    expect((await db.searchIndex.get('catalogue'))?.index.docIds).toEqual(['b']);
    expect((await loadSearchIndex(db))?.docIds).toEqual(['b']);
  });
});

describe('readActiveCatalogue', () => {
  it('reads state, resources and index of one catalogue, also while others are committed', async () => {
    db = new TrailmarkDB(`t-${Math.random()}`);
    const version = (n: number) => Array.from({ length: n }, (_, i) => resource(`v${n}-${i}`, `Version ${n}`));
    await activateCatalogue(db, version(1), { source: 'import', label: '1' });
    const reads: ReturnType<typeof readActiveCatalogue>[] = [];
    const commits: Promise<unknown>[] = [];
    for (let n = 2; n <= 6; n++) {
      reads.push(readActiveCatalogue(db));
      commits.push(activateCatalogue(db, version(n), { source: 'import', label: String(n) }));
    }
    reads.push(readActiveCatalogue(db));
    await Promise.all(commits);
    const labels = new Set<string>();
    for (const read of await Promise.all(reads)) {
      const n = Number(read.state?.label);
      labels.add(String(n));
      expect(read.resources.map((r) => r.id)).toEqual(version(n).map((r) => r.id));
      expect(read.index?.docIds).toEqual(version(n).map((r) => r.id));
    }
    expect(labels.size).toBeGreaterThan(1);
  });

  it('leaves out an index stored in an older layout (the caller builds a new one)', async () => {
    db = new TrailmarkDB(`t-${Math.random()}`);
    await activateCatalogue(db, [resource('a', 'Pivot tables')], { source: 'sample', label: 'sample' });
    await db.searchIndex.put({ key: 'catalogue', index: { ...buildSearchIndex([]), format: 1 } as never });
    const read = await readActiveCatalogue(db);
    expect(read.index).toBeUndefined();
    expect(read.resources.map((r) => r.id)).toEqual(['a']);
  });
});
