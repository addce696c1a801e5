import { afterEach, describe, expect, it } from 'vitest';
import { activateCatalogue } from '../apply';
import { TrailmarkDB } from '../db';
import { PAGE_SIZE, readCatalogue, readResources, sortById, toPages } from '../pages';
import { ResourceSchema } from '../schema';

const resource = (id: string) => ResourceSchema.parse({ id, title: `Title ${id}`, url: `https://learn.example.com/${id}`, language: 'en' });

let db: TrailmarkDB;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

describe('catalogue pages', () => {
  it('cuts sorted resources into pages that each name their first id', () => {
    const sorted = Array.from({ length: PAGE_SIZE * 2 + 3 }, (_, i) => resource(`r${String(i).padStart(5, '0')}`));
    const pages = toPages(sorted);
    expect(pages.map((p) => [p.page, p.firstId, p.resources.length])).toEqual([
      [0, 'r00000', PAGE_SIZE],
      [1, `r${String(PAGE_SIZE).padStart(5, '0')}`, PAGE_SIZE],
      [2, `r${String(PAGE_SIZE * 2).padStart(5, '0')}`, 3],
    ]);
  });

  it('finds any id on any page, and none that is not there, after an activation in any order', async () => {
    db = new TrailmarkDB(`pages-${Math.random()}`);
    const ids = Array.from({ length: PAGE_SIZE * 3 + 7 }, (_, i) => `id-${(i * 7919) % 100_000}`);
    await activateCatalogue(db, ids.map(resource), { source: 'import', label: 'x.csv' });
    expect((await readCatalogue(db)).map((r) => r.id)).toEqual([...ids].sort());
    const asked = ['id-0', ids[PAGE_SIZE]!, ids.at(-1)!, 'a-before-everything', 'id-999999', 'zzz-after-everything'];
    expect((await readResources(db, asked)).map((r) => r?.id)).toEqual([asked[0], asked[1], asked[2], undefined, undefined, undefined]);
  });

  it('sorts by code unit, as IndexedDB orders keys', () => {
    expect(sortById([resource('b'), resource('B'), resource('a-1'), resource('a')]).map((r) => r.id)).toEqual(['B', 'a', 'a-1', 'b']);
  });
});
