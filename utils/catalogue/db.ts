import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { Bucket } from '../analytics/events';
import type { AnalyticsState, OutboxEntry } from '../analytics/model';
import { buildSearchIndex, type SearchIndex } from '../relevance/search-index';
import type { FeaturedEntry } from '../campaigns/featured';
import type { NewsEntry } from '../campaigns/news';
import type { LdProfile } from '../profile/schema';
import type { FeedProblem } from './feed/errors';
import type { CatalogueSource, Resource } from './schema';

/** Which feed version is active: enough to refuse replays and to say how old the catalogue is. */
export interface ActiveFeed {
  /** The feed.json URL it came from; versions only compare within one feed. */
  url: string;
  version: number;
  /** SHA-256 of the version's canonical snapshot, i.e. of the catalogue's content. */
  snapshotSha256: string;
  /** Fingerprint of the key that signed it. */
  keyId: string;
  publishedAt: string;
  /** After this the catalogue counts as out of date. */
  expiresAt: string;
}

/** What is active now and where it came from; one row, key `active`. */
export interface CatalogueState {
  key: 'active';
  source: CatalogueSource;
  /** File name for imports, feed version for feeds, `sample` for the built-in sample. */
  label: string;
  count: number;
  /** ISO time the catalogue became active. */
  activatedAt: string;
  /** Set when the source is a feed. */
  feed?: ActiveFeed;
  /** Who offers this catalogue: from the feed's signed manifest, a JSON import, or the sample. */
  profile?: LdProfile;
  /** Resources with a campaign that has not ended (worked out when the catalogue is written). */
  featured?: FeaturedEntry[];
  /** Resources that feed updates added recently, for "New from <L&D>". */
  news?: NewsEntry[];
}

/** A page of the active catalogue: `PAGE_SIZE` resources sorted by id (see `pages.ts`). */
export interface ResourcePage {
  page: number;
  /** The page's smallest id: finds the page that holds an id. */
  firstId: string;
  resources: Resource[];
}

/**
 * What feed deltas changed since the pages were last written whole (see `overlay.ts`): a delta
 * writes this small row instead of rewriting the pages and the index. One row, key `active`;
 * emptied whenever the pages are written.
 */
export interface CatalogueOverlay {
  key: 'active';
  /** Resources added or replaced since, sorted by id. */
  upserts: Resource[];
  /** Ids the pages hold that have left the catalogue since, sorted. */
  retired: string[];
}

/** The ids the pages hold, sorted: lets a delta know what is there without reading the pages. One row, key `active`. */
export interface PageIds {
  key: 'active';
  ids: string[];
}

export interface StoredIndex {
  key: 'catalogue';
  index: SearchIndex;
}

export type FeedOutcome = 'notModified' | 'upToDate' | 'updated' | 'refused' | 'failed';

/** The feed checks' bookkeeping; one row, key `feed`. Times are ISO strings. */
export interface FeedState {
  key: 'feed';
  lastCheckAt?: string;
  /** The last check that ended without a problem (also "nothing changed"). */
  lastSuccessAt?: string;
  nextCheckAt?: string;
  lastOutcome?: FeedOutcome;
  /** Why the last check did not succeed; absent after a success. */
  lastProblem?: FeedProblem;
  /** Failed checks in a row, for the back-off. */
  failures: number;
  /** Set while a check runs. Still set when the worker was stopped mid-check: the next start resumes. */
  runningSince?: string;
  /** Checks in a row that never finished (the worker was stopped). */
  interruptions: number;
  /** feed.json's ETag, valid only for this URL, key and active version. */
  etag?: { url: string; keyId: string; version: number; value: string };
}

/** A downloaded feed file whose size and SHA-256 were checked, kept until it is applied. */
export interface StagedFile {
  sha256: string;
  path: string;
  bytes: Uint8Array<ArrayBuffer>;
  storedAt: string;
}

/**
 * Trailmark's IndexedDB. Only the background opens it. Never edit a shipped `version(n)`: add
 * `version(n + 1)` with an upgrade.
 */
export class TrailmarkDB extends Dexie {
  resourcePages!: EntityTable<ResourcePage, 'page'>;
  searchIndex!: EntityTable<StoredIndex, 'key'>;
  catalogueState!: EntityTable<CatalogueState, 'key'>;
  feedState!: EntityTable<FeedState, 'key'>;
  feedStaging!: EntityTable<StagedFile, 'sha256'>;
  analyticsBuckets!: EntityTable<Bucket, 'key'>;
  analyticsOutbox!: EntityTable<OutboxEntry, 'id'>;
  analyticsState!: EntityTable<AnalyticsState, 'key'>;
  catalogueOverlay!: EntityTable<CatalogueOverlay, 'key'>;
  pageIds!: EntityTable<PageIds, 'key'>;

  constructor(name = 'trailmark') {
    super(name);
    this.version(1).stores({
      resources: '&id',
      searchIndex: '&key',
      catalogueState: '&key',
    });
    // 2: the catalogue feed's state and staged downloads, and resources in pages (one record per
    // resource made a 50,000-resource catalogue take seconds to write). The index is rebuilt so its
    // documents follow the pages' order.
    this.version(2)
      .stores({
        resourcePages: '&page, firstId',
        feedState: '&key',
        feedStaging: '&sha256',
      })
      .upgrade(movePagesFromResources);
    // 3: the per-resource table, emptied by 2.
    this.version(3).stores({ resources: null });
    // 4: analytics (only used when the organisation's policy turns it on): open days' counts, the
    // statements waiting for the LRS, and the outbox's bookkeeping. New tables, nothing to migrate.
    this.version(4).stores({
      analyticsBuckets: '&key, day',
      analyticsOutbox: '&id, day',
      analyticsState: '&key',
    });
    // 5: feed deltas as an overlay over the pages, and the pages' ids. New tables: until the pages
    // are next written (and their ids with them), a delta takes the path that rewrites them.
    this.version(5).stores({
      catalogueOverlay: '&key',
      pageIds: '&key',
    });
  }
}

async function movePagesFromResources(tx: Transaction): Promise<void> {
  // The page layout is inline rather than from pages.ts: a migration must keep writing what this
  // version's readers expect. The index is derived data, so it is built by today's code.
  const resources = ((await tx.table('resources').toArray()) as Resource[]).filter((r) => r.active);
  const sorted = resources.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const pages: ResourcePage[] = [];
  for (let start = 0; start < sorted.length; start += 250) {
    const chunk = sorted.slice(start, start + 250);
    pages.push({ page: pages.length, firstId: chunk[0]!.id, resources: chunk });
  }
  await tx.table('resourcePages').bulkPut(pages);
  if (await tx.table('searchIndex').get('catalogue'))
    await tx.table('searchIndex').put({ key: 'catalogue', index: buildSearchIndex(sorted) });
  await tx.table('resources').clear();
}
