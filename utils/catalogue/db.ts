import Dexie, { type EntityTable } from 'dexie';
import type { SearchIndex } from '../relevance/search-index';
import type { CatalogueSource, Resource } from './schema';

/** What is active now and where it came from; one row, key `active`. */
export interface CatalogueState {
  key: 'active';
  source: CatalogueSource;
  /** File name for imports, feed version for feeds, `sample` for the built-in sample. */
  label: string;
  count: number;
  /** ISO time the catalogue became active. */
  activatedAt: string;
}

export interface StoredIndex {
  key: 'catalogue';
  index: SearchIndex;
}

/**
 * Trailmark's IndexedDB. Only the background opens it. Never edit a shipped `version(n)`: add
 * `version(n + 1)` with an upgrade.
 */
export class TrailmarkDB extends Dexie {
  resources!: EntityTable<Resource, 'id'>;
  searchIndex!: EntityTable<StoredIndex, 'key'>;
  catalogueState!: EntityTable<CatalogueState, 'key'>;

  constructor(name = 'trailmark') {
    super(name);
    this.version(1).stores({
      resources: '&id',
      searchIndex: '&key',
      catalogueState: '&key',
    });
  }
}
