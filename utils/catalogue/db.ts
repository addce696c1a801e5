import Dexie, { type EntityTable } from 'dexie';
import type { SearchIndex } from '../relevance/search-index';
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
  resources!: EntityTable<Resource, 'id'>;
  searchIndex!: EntityTable<StoredIndex, 'key'>;
  catalogueState!: EntityTable<CatalogueState, 'key'>;
  feedState!: EntityTable<FeedState, 'key'>;
  feedStaging!: EntityTable<StagedFile, 'sha256'>;

  constructor(name = 'trailmark') {
    super(name);
    this.version(1).stores({
      resources: '&id',
      searchIndex: '&key',
      catalogueState: '&key',
    });
    // 2: the catalogue feed. New tables only; existing rows stay as they are.
    this.version(2).stores({
      feedState: '&key',
      feedStaging: '&sha256',
    });
  }
}
