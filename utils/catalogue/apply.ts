import { buildSearchIndex, INDEX_FORMAT, updateSearchIndex, type SearchIndex } from '../relevance/search-index';
import type { CatalogueOverlay, CatalogueState, FeedState, ResourcePage, TrailmarkDB } from './db';
import { isEmptyOverlay, withOverlay } from './overlay';
import { readPages, sortById, toPages } from './pages';
import { featuredAfter, featuredEntries, type FeaturedEntry } from '../campaigns/featured';
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
  /**
   * The stored pages' resources (sorted by id, without the overlay) as read with `state`. Pages
   * that come out the same are then left alone: IndexedDB pays per byte written, and a snapshot
   * that changes a few resources rewrites a few pages instead of all of them.
   */
  previous?: { resources: readonly Resource[]; state: CatalogueState | undefined };
}

/** The catalogue changed between preparing a change and writing it; nothing was written. */
export class CatalogueMovedOn extends Error {
  override name = 'CatalogueMovedOn';
}

const CATALOGUE_TABLES = (db: TrailmarkDB) => [
  db.resourcePages,
  db.searchIndex,
  db.catalogueOverlay,
  db.pageIds,
  db.catalogueState,
  db.feedState,
  db.feedStaging,
];

/**
 * Writes a prepared change in one read-write transaction: pages, their ids, index and state
 * together, and the overlay emptied, so readers see the old catalogue or the new one, never a mix,
 * and a failure anywhere leaves the old one whole. Nothing inside awaits anything but the database.
 */
export async function commitCatalogue(db: TrailmarkDB, change: CatalogueChange): Promise<void> {
  const pages = toPages(change.resources);
  const before = change.previous ? toPages(change.previous.resources) : undefined;
  const changed = before ? pages.filter((page, i) => !samePage(page, before[i])) : pages;
  const state = withFeatured(change.state, featuredEntries(change.resources, new Date(change.state.activatedAt)));
  await db.transaction('rw', CATALOGUE_TABLES(db), async () => {
    const active = await db.catalogueState.get('active');
    if (change.precondition && !change.precondition(active)) throw new CatalogueMovedOn();
    if (before) {
      // Only while the stored pages are still the ones `previous` was read from.
      if (!sameJson(active, change.previous!.state)) throw new CatalogueMovedOn();
      if (before.length > pages.length) await db.resourcePages.bulkDelete(before.slice(pages.length).map((page) => page.page));
    } else await db.resourcePages.clear();
    await db.resourcePages.bulkPut(changed);
    await db.pageIds.put({ key: 'active', ids: change.resources.map((r) => r.id) });
    await db.catalogueOverlay.delete('active');
    await db.searchIndex.put({ key: 'catalogue', index: change.index });
    await db.catalogueState.put(state);
    if (change.feedState) await db.feedState.put(change.feedState);
    if (change.clearStaging) await db.feedStaging.clear();
  });
}

/** A delta, prepared as the overlay it leaves (see `overlay.ts`). */
export interface OverlayChange {
  overlay: CatalogueOverlay;
  /** The state afterwards; its featured entries are worked out here, from `featuredFrom`. */
  state: CatalogueState;
  /**
   * A delta's changes (ids it replaced or removed, and the resources it brought), laid over the
   * active state's featured entries; or a whole snapshot's resources.
   */
  featuredFrom: { changed: { ids: ReadonlySet<string>; upserts: readonly Resource[] } } | { catalogue: readonly Resource[] };
  /** As for `CatalogueChange`, checked inside the transaction. */
  precondition: (active: CatalogueState | undefined) => boolean;
  feedState?: FeedState;
  clearStaging?: boolean;
}

/**
 * Writes a delta as the overlay over the pages, with the state, in one read-write transaction: the
 * pages and the index are left as they are (the index takes the overlay in when it is loaded).
 */
export async function commitOverlay(db: TrailmarkDB, change: OverlayChange): Promise<void> {
  const { featuredFrom } = change;
  const now = new Date(change.state.activatedAt);
  // The whole catalogue's entries are worked out before the transaction; a delta's need the active ones.
  const whole = 'catalogue' in featuredFrom ? featuredEntries(featuredFrom.catalogue, now) : undefined;
  await db.transaction('rw', CATALOGUE_TABLES(db), async () => {
    const active = await db.catalogueState.get('active');
    if (!change.precondition(active)) throw new CatalogueMovedOn();
    const featured =
      'changed' in featuredFrom
        ? featuredAfter(active?.featured ?? [], featuredFrom.changed.ids, featuredFrom.changed.upserts, now)
        : (whole ?? []);
    await db.catalogueOverlay.put(change.overlay);
    await db.catalogueState.put(withFeatured(change.state, featured));
    if (change.feedState) await db.feedState.put(change.feedState);
    if (change.clearStaging) await db.feedStaging.clear();
  });
}

/** The state with these featured entries (and no `featured` field when there are none). */
function withFeatured(state: CatalogueState, featured: FeaturedEntry[]): CatalogueState {
  const { featured: _, ...rest } = state;
  return featured.length ? { ...rest, featured } : rest;
}

/** Same page number, same resources (the very objects, or equal ones). */
function samePage(page: ResourcePage, before: ResourcePage | undefined): boolean {
  if (!before || before.page !== page.page || before.resources.length !== page.resources.length) return false;
  return page.resources.every((resource, i) => resource === before.resources[i] || sameJson(resource, before.resources[i]));
}

/** Deep equality of plain JSON data (what resources are). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
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

/** What a delta needs to know of the active catalogue, without reading its pages or index. */
export interface OverlayBasis {
  state: CatalogueState | undefined;
  overlay: CatalogueOverlay | undefined;
  /** Undefined when the pages were written by a Trailmark before overlays. */
  pageIds: string[] | undefined;
}

/** State, overlay and the pages' ids in one read transaction. */
export async function readOverlayBasis(db: TrailmarkDB): Promise<OverlayBasis> {
  return db.transaction('r', [db.catalogueState, db.catalogueOverlay, db.pageIds], async () => {
    const [state, overlay, pageIds] = await Promise.all([
      db.catalogueState.get('active'),
      db.catalogueOverlay.get('active'),
      db.pageIds.get('active'),
    ]);
    return { state, overlay, pageIds: pageIds?.ids };
  });
}

/** The active catalogue as one consistent read: what a feed update is measured against. */
export interface ActiveCatalogue {
  state: CatalogueState | undefined;
  /** The whole catalogue, pages and overlay, sorted by id. */
  resources: Resource[];
  /** What the pages hold, sorted by id (the same as `resources` when the overlay is empty). */
  pages: Resource[];
  /** What feed deltas changed since the pages were written. */
  overlay: CatalogueOverlay | undefined;
  /** The index over `pages`. Undefined before any catalogue was activated, or when it was stored by an older Trailmark. */
  index: SearchIndex | undefined;
}

/**
 * State, pages, overlay and index in one read transaction, so they always belong to the same
 * catalogue (read one by one, a commit in between could pair an index with another catalogue's resources).
 */
export async function readActiveCatalogue(db: TrailmarkDB): Promise<ActiveCatalogue> {
  return db.transaction('r', [db.catalogueState, db.resourcePages, db.catalogueOverlay, db.searchIndex], async () => {
    const [content, stored] = await Promise.all([readContent(db), db.searchIndex.get('catalogue')]);
    const index = stored?.index.format === INDEX_FORMAT ? stored.index : undefined;
    return { ...content, index };
  });
}

/**
 * `readActiveCatalogue` without the index (about 23 MB for 50,000 resources): what a snapshot
 * needs to find out whether it is a small change to the pages.
 */
export async function readActiveContent(db: TrailmarkDB): Promise<Omit<ActiveCatalogue, 'index'>> {
  return db.transaction('r', [db.catalogueState, db.resourcePages, db.catalogueOverlay], () => readContent(db));
}

async function readContent(db: TrailmarkDB): Promise<Omit<ActiveCatalogue, 'index'>> {
  const [state, pages, overlay] = await Promise.all([db.catalogueState.get('active'), readPages(db), db.catalogueOverlay.get('active')]);
  return { state, resources: withOverlay(pages, overlay), pages, overlay };
}

/**
 * The active index, or undefined before any catalogue was activated: the stored index over the
 * pages, with the overlay's resources tokenised and laid over it (so a delta never rewrites the
 * index). An index stored by an older version of Trailmark is rebuilt from the pages (and stored
 * again) on first read.
 */
export async function loadSearchIndex(db: TrailmarkDB): Promise<SearchIndex | undefined> {
  const read = await db.transaction('r', [db.searchIndex, db.catalogueOverlay, db.resourcePages], async () => {
    const [stored, overlay] = await Promise.all([db.searchIndex.get('catalogue'), db.catalogueOverlay.get('active')]);
    const outdated = stored && stored.index.format !== INDEX_FORMAT;
    return { index: stored?.index, overlay, pages: outdated ? await readPages(db) : undefined };
  });
  let { index, overlay } = read;
  if (!index) return undefined;
  if (read.pages) {
    const rebuilt = buildSearchIndex(read.pages, Array.isArray(index.taxonomy) ? index.taxonomy : []);
    // Stored only if the old index is still there: a catalogue committed while this one was built
    // wrote its own index (and overlay), and those are the truth now.
    ({ index, overlay } = await db.transaction('rw', [db.searchIndex, db.catalogueOverlay], async () => {
      const [current, currentOverlay] = await Promise.all([db.searchIndex.get('catalogue'), db.catalogueOverlay.get('active')]);
      if (!current || current.index.format === INDEX_FORMAT) return { index: current?.index, overlay: currentOverlay };
      await db.searchIndex.put({ key: 'catalogue', index: rebuilt });
      return { index: rebuilt, overlay: currentOverlay };
    }));
    if (!index) return undefined;
  }
  return overlay && !isEmptyOverlay(overlay) ? updateSearchIndex(index, { upserts: overlay.upserts, retiredIds: overlay.retired }) : index;
}
