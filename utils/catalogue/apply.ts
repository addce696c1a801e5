import { buildSearchIndex, INDEX_FORMAT, updateSearchIndex, type IndexDelta, type SearchIndex } from '../relevance/search-index';
import type { CatalogueState, TrailmarkDB } from './db';
import type { CatalogueSource, Resource, Skill } from './schema';

/**
 * Makes a catalogue the active one. The index is built first, outside the transaction; then one
 * read-write transaction replaces resources, index and state together, so readers see either
 * the old catalogue or the new one, never a mix, and a failure leaves the old one whole.
 */
export async function activateCatalogue(
  db: TrailmarkDB,
  resources: readonly Resource[],
  origin: { source: CatalogueSource; label: string },
  now = new Date(),
  taxonomy: readonly Skill[] = [],
): Promise<CatalogueState> {
  const index = buildSearchIndex(resources, taxonomy);
  const state: CatalogueState = {
    key: 'active',
    source: origin.source,
    label: origin.label,
    count: index.docIds.length,
    activatedAt: now.toISOString(),
  };
  await db.transaction('rw', db.resources, db.searchIndex, db.catalogueState, async () => {
    await db.resources.clear();
    await db.resources.bulkPut(resources.filter((r) => r.active));
    await db.searchIndex.put({ key: 'catalogue', index });
    await db.catalogueState.put(state);
  });
  return state;
}

/**
 * Applies a delta to the active catalogue: resources added, changed or retired. The stored index
 * is updated incrementally (only the changed resources are tokenised, see `updateSearchIndex`)
 * and written in the same transaction as the resources and the state, so a failure leaves the
 * previous catalogue whole. Returns undefined when no catalogue is active (apply a full one first).
 *
 * @example await applyCatalogueDelta(db, { upserts: [changed], retiredIds: ['old'] }, { source: 'feed', label: '42' });
 */
export async function applyCatalogueDelta(
  db: TrailmarkDB,
  delta: IndexDelta,
  origin: { source: CatalogueSource; label: string },
  now = new Date(),
): Promise<CatalogueState | undefined> {
  const current = await loadSearchIndex(db);
  if (!current) return undefined;
  const index = updateSearchIndex(current, delta);
  const state: CatalogueState = { key: 'active', source: origin.source, label: origin.label, count: index.docIds.length, activatedAt: now.toISOString() };
  const retired = [...delta.retiredIds, ...delta.upserts.filter((r) => !r.active).map((r) => r.id)];
  await db.transaction('rw', db.resources, db.searchIndex, db.catalogueState, async () => {
    await db.resources.bulkDelete(retired);
    await db.resources.bulkPut(delta.upserts.filter((r) => r.active));
    await db.searchIndex.put({ key: 'catalogue', index });
    await db.catalogueState.put(state);
  });
  return state;
}

/**
 * The active index, or undefined before any catalogue was activated. An index stored by an older
 * version of Trailmark is rebuilt from the stored resources (and stored again) on first read.
 */
export async function loadSearchIndex(db: TrailmarkDB): Promise<SearchIndex | undefined> {
  const stored = (await db.searchIndex.get('catalogue'))?.index;
  if (!stored || stored.format === INDEX_FORMAT) return stored;
  const taxonomy = Array.isArray(stored.taxonomy) ? stored.taxonomy : [];
  const index = buildSearchIndex(await db.resources.toArray(), taxonomy);
  await db.searchIndex.put({ key: 'catalogue', index });
  return index;
}
