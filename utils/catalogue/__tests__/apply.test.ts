import { afterEach, describe, expect, it } from 'vitest';
import { buildSearchIndex, search } from '../../relevance/search-index';
import { activateCatalogue, applyCatalogueDelta, loadSearchIndex } from '../apply';
import { TrailmarkDB } from '../db';
import { readCatalogue } from '../pages';
import { ResourceSchema, SkillSchema, type ResourceInput } from '../schema';

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

describe('applyCatalogueDelta', () => {
  const origin = { source: 'feed' as const, label: '2' };

  it('adds, replaces and retires resources and updates the stored index to match', async () => {
    db = new TrailmarkDB(`t-${Math.random()}`);
    await activateCatalogue(db, [resource('a', 'Pivot tables'), resource('b', 'Feedback'), resource('c', 'Negotiation')], {
      source: 'feed',
      label: '1',
    });
    const state = await applyCatalogueDelta(
      db,
      {
        upserts: [
          resource('b', 'Giving feedback that lands'),
          resource('d', 'Forecasting'),
          resource('c', 'Negotiation', { active: false }),
        ],
        retiredIds: ['a'],
      },
      origin,
    );
    expect(state).toMatchObject({ source: 'feed', label: '2', count: 2 });
    expect((await readCatalogue(db)).map((r) => r.id)).toEqual(['b', 'd']);
    const index = (await loadSearchIndex(db))!;
    expect(index.docIds).toEqual(['b', 'd']);
    expect(search(index, [{ term: 'land', weight: 1 }]).map((r) => index.docIds[r.doc])).toEqual(['b']);
    expect(search(index, [{ term: 'pivot', weight: 1 }])).toEqual([]);
  });

  it('keeps the taxonomy of the active catalogue for the resources it adds', async () => {
    db = new TrailmarkDB(`t-${Math.random()}`);
    const taxonomy = [SkillSchema.parse({ id: 'crm', synonyms: { en: ['funnel'] } })];
    await activateCatalogue(db, [resource('a', 'Pivot tables')], { source: 'feed', label: '1' }, new Date(), taxonomy);
    await applyCatalogueDelta(db, { upserts: [resource('b', 'Pipelines', { skills: ['crm'] })], retiredIds: [] }, origin);
    const index = (await loadSearchIndex(db))!;
    expect(search(index, [{ term: 'funnel', weight: 1 }]).map((r) => index.docIds[r.doc])).toEqual(['b']);
  });

  it('does nothing before a catalogue is active', async () => {
    db = new TrailmarkDB(`t-${Math.random()}`);
    expect(await applyCatalogueDelta(db, { upserts: [resource('a', 'x')], retiredIds: [] }, origin)).toBeUndefined();
    expect(await readCatalogue(db)).toEqual([]);
  });

  it('leaves the previous catalogue whole when a write fails half way', async () => {
    db = new TrailmarkDB(`t-${Math.random()}`);
    await activateCatalogue(db, [resource('a', 'Pivot tables'), resource('b', 'Feedback')], { source: 'feed', label: '1' });
    db.catalogueState.hook('updating', () => {
      throw new Error('disk full');
    });
    await expect(applyCatalogueDelta(db, { upserts: [resource('n', 'New')], retiredIds: ['a'] }, origin)).rejects.toThrow('disk full');
    expect((await readCatalogue(db)).map((r) => r.id)).toEqual(['a', 'b']);
    expect((await loadSearchIndex(db))?.docIds).toEqual(['a', 'b']);
    expect(await db.catalogueState.get('active')).toMatchObject({ label: '1' });
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
});
