import { afterEach, describe, expect, it } from 'vitest';
import { activateCatalogue, loadSearchIndex } from '../apply';
import { TrailmarkDB } from '../db';
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
    expect(await db.resources.toCollection().primaryKeys()).toEqual(['a']);
    expect((await loadSearchIndex(db))?.docIds).toEqual(['a']);
  });

  it('leaves the previous catalogue whole when a write fails half way', async () => {
    db = new TrailmarkDB(`t-${Math.random()}`);
    await activateCatalogue(db, [resource('old-1', 'Feedback geven'), resource('old-2', 'Time management')], {
      source: 'sample',
      label: 'sample',
    });
    // Fail on the 3rd resource write of the next activation.
    let writes = 0;
    db.resources.hook('creating', () => {
      writes += 1;
      if (writes === 3) throw new Error('disk full');
    });
    const next = ['n1', 'n2', 'n3', 'n4'].map((id) => resource(id, `New ${id}`));
    await expect(activateCatalogue(db, next, { source: 'import', label: 'new.csv' })).rejects.toThrow('disk full');
    expect((await db.resources.toCollection().primaryKeys()).sort()).toEqual(['old-1', 'old-2']);
    expect((await loadSearchIndex(db))?.docIds).toEqual(['old-1', 'old-2']);
    expect(await db.catalogueState.get('active')).toMatchObject({ source: 'sample', count: 2 });
  });
});
