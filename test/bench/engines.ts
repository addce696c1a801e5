import { deserialize, serialize } from 'node:v8';
import { create, insertMultiple, load as loadOrama, save, search as searchOrama } from '@orama/orama';
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import type { Resource } from '../../utils/catalogue/schema';
import { matchPage } from '../../utils/relevance/rank';
import { buildSearchIndex, type SearchIndex } from '../../utils/relevance/search-index';
import type { PageSignals } from '../../utils/signals/schema';
import { pageSignals } from '../../utils/signals/__tests__/blank';
import { MINISEARCH_BOOSTS } from '../../cli/lib/minisearch-baseline';

/**
 * One search engine as the benchmark drives it. `store` gives the bytes an extension would keep in
 * IndexedDB: V8's serializer is the structured clone Chromium's IndexedDB writes values with, so
 * `load(store(x))` is what a service worker does when it wakes (minus the disk read).
 */
export interface Engine<T> {
  name: string;
  build(resources: readonly Resource[]): T | Promise<T>;
  store(index: T): Buffer | Promise<Buffer>;
  load(bytes: Buffer): T | Promise<T>;
  /** Top 10 for a page-derived query of distinct words; returns how many came back. */
  query(index: T, words: readonly string[]): number | Promise<number>;
}

const wordsPage = (words: readonly string[]): PageSignals => pageSignals({ text: words.join(' ') });

/** Trailmark as the background runs it: the index from storage, `matchPage` on the page's words. */
export const trailmark: Engine<SearchIndex> = {
  name: 'Trailmark',
  build: (resources) => buildSearchIndex(resources),
  store: (index) => serialize(index),
  load: (bytes) => deserialize(bytes) as SearchIndex,
  query: (index, words) => matchPage(index, wordsPage(words), { limit: 10 }).matches.length,
};

const fields = Object.keys(MINISEARCH_BOOSTS);
const miniOptions = {
  fields,
  idField: 'id',
  extractField: (resource: Record<string, unknown>, field: string) => {
    const value = resource[field];
    return Array.isArray(value) ? value.join(' ') : String(value ?? '');
  },
};

/** MiniSearch with the same fields and boosts as `npm run eval`; stored as its `toJSON()` string. */
export const minisearch: Engine<MiniSearch> = {
  name: 'MiniSearch',
  build(resources) {
    const index = new MiniSearch(miniOptions);
    index.addAll(resources as unknown as Record<string, unknown>[]);
    return index;
  },
  store: (index) => serialize(JSON.stringify(index)),
  load: (bytes) => MiniSearch.loadJSON(deserialize(bytes) as string, miniOptions),
  query: (index, words) => index.search(words.join(' '), { boost: { ...MINISEARCH_BOOSTS }, combineWith: 'OR' }).slice(0, 10).length,
};

const oramaSchema = { title: 'string', keywords: 'string', skills: 'string', description: 'string' } as const;
type OramaDb = ReturnType<typeof create<typeof oramaSchema>>;

/** Orama (BM25) with the same fields and boosts; stored as its `save()` data. */
export const orama: Engine<OramaDb> = {
  name: 'Orama',
  async build(resources) {
    const db = create({ schema: oramaSchema });
    await insertMultiple(
      db,
      resources.map((r) => ({
        id: r.id,
        title: r.title,
        keywords: r.keywords.join(' '),
        skills: r.skills.join(' '),
        description: r.description,
      })),
      5000,
    );
    return db;
  },
  store: (db) => serialize(save(db)),
  load(bytes) {
    const db = create({ schema: oramaSchema });
    loadOrama(db, deserialize(bytes) as ReturnType<typeof save>);
    return db;
  },
  async query(db, words) {
    const result = await searchOrama(db, {
      term: words.join(' '),
      properties: [...fields] as never,
      boost: { ...MINISEARCH_BOOSTS },
      limit: 10,
    });
    return result.hits.length;
  },
};

const flexOptions = { document: { id: 'id', index: fields }, tokenize: 'strict' as const };
type FlexDocument = InstanceType<typeof FlexSearch.Document>;

/** FlexSearch's document index (its own contextual scoring, not BM25), with `suggest` for OR-like matching. */
export const flexsearch: Engine<FlexDocument> = {
  name: 'FlexSearch',
  build(resources) {
    const index = new FlexSearch.Document(flexOptions as never);
    for (const r of resources)
      index.add({ id: r.id, title: r.title, keywords: r.keywords.join(' '), skills: r.skills.join(' '), description: r.description });
    return index;
  },
  async store(index) {
    const chunks: Record<string, string> = {};
    await index.export((key: string, data: string) => {
      chunks[key] = data;
    });
    return serialize(chunks);
  },
  load(bytes) {
    const index = new FlexSearch.Document(flexOptions as never);
    for (const [key, data] of Object.entries(deserialize(bytes) as Record<string, string>)) index.import(key, data);
    return index;
  },
  query(index, words) {
    const results = index.search(words.join(' '), { limit: 10, suggest: true, merge: true } as never) as unknown[];
    return results.length;
  },
};

export const ENGINES: Record<string, Engine<unknown>> = Object.fromEntries(
  [trailmark, minisearch, orama, flexsearch].map((engine) => [engine.name, engine as Engine<unknown>]),
);
