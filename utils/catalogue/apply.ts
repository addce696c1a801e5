import { buildSearchIndex, INDEX_FORMAT, type SearchIndex } from '../relevance/search-index';
import type { CatalogueState, FeedState, TrailmarkDB } from './db';
import { readCatalogue, sortById, toPages } from './pages';
import { featuredEntries } from '../campaigns/featured';
import type { LdProfile } from '../profile/schema';
import type { CatalogueSource, Resource, Skill } from './schema';

/** A catalogue change, prepared in full before any write. */
export interface CatalogueChange {
  /** The whole new catalogue: active resources sorted by id. */
  resources: readonly Resource[];
  /** The index over exactly these resources. */
  index: SearchIndex;
  state: CatalogueState;
  /**
   * Checked inside the transaction against the catalogue active then. When false nothing is
   * written and `CatalogueMovedOn` is thrown (someone else changed the catalogue meanwhile).
   */
  precondition?: (active: CatalogueState | undefined) => boolean;
  /** The feed's bookkeeping, written in the same transaction. */
  feedState?: FeedState;
  /** Drops staged feed downloads in the same transaction (they have been applied). */
  clearStaging?: boolean;
}

/** The catalogue changed between preparing a change and writing it; nothing was written. */
export class CatalogueMovedOn extends Error {
  override name = 'CatalogueMovedOn';
}

/**
 * Writes a prepared change in one read-write transaction: resources, index and state together,
 * so readers see the old catalogue or the new one, never a mix, and a failure anywhere leaves
 * the old one whole. Nothing inside awaits anything but the database.
 */
export async function commitCatalogue(db: TrailmarkDB, change: CatalogueChange): Promise<void> {
  const pages = toPages(change.resources);
  const { featured: _, ...rest } = change.state;
  const featured = featuredEntries(change.resources, new Date(change.state.activatedAt));
  const state: CatalogueState = featured.length ? { ...rest, featured } : rest;
  await db.transaction('rw', [db.resourcePages, db.searchIndex, db.catalogueState, db.feedState, db.feedStaging], async () => {
    if (change.precondition && !change.precondition(await db.catalogueState.get('active'))) throw new CatalogueMovedOn();
    await db.resourcePages.clear();
    await db.resourcePages.bulkPut(pages);
    await db.searchIndex.put({ key: 'catalogue', index: change.index });
    await db.catalogueState.put(state);
    if (change.feedState) await db.feedState.put(change.feedState);
    if (change.clearStaging) await db.feedStaging.clear();
  });
}

/**
 * Makes a catalogue the active one: its active resources, sorted by id. The index is built first,
 * outside the transaction; then one read-write transaction replaces resources, index and state
 * together (see `commitCatalogue`).
 */
export async function activateCatalogue(
  db: TrailmarkDB,
  resources: readonly Resource[],
  origin: { source: CatalogueSource; label: string; profile?: LdProfile },
  now = new Date(),
  taxonomy: readonly Skill[] = [],
  precondition?: CatalogueChange['precondition'],
): Promise<CatalogueState> {
  const sorted = sortById(resources.filter((r) => r.active));
  const index = buildSearchIndex(sorted, taxonomy);
  const state: CatalogueState = {
    key: 'active',
    source: origin.source,
    label: origin.label,
    count: index.docIds.length,
    activatedAt: now.toISOString(),
    ...(origin.profile ? { profile: origin.profile } : {}),
  };
  await commitCatalogue(db, { resources: sorted, index, state, ...(precondition ? { precondition } : {}) });
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
  const index = buildSearchIndex(await readCatalogue(db), taxonomy);
  await db.searchIndex.put({ key: 'catalogue', index });
  return index;
}
