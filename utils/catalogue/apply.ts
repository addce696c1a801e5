import { buildSearchIndex, type SearchIndex } from '../relevance/search-index';
import type { CatalogueState, TrailmarkDB } from './db';
import type { CatalogueSource, Resource } from './schema';

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
): Promise<CatalogueState> {
  const index = buildSearchIndex(resources);
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

/** The active index, or undefined before any catalogue was activated. */
export async function loadSearchIndex(db: TrailmarkDB): Promise<SearchIndex | undefined> {
  return (await db.searchIndex.get('catalogue'))?.index;
}
