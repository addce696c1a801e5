import MiniSearch from 'minisearch';
import type { Resource } from '../../utils/catalogue/schema';
import type { PageSignals } from '../../utils/signals/schema';

/**
 * The peer Trailmark is measured against: MiniSearch with its default BM25 parameters and default
 * tokenizer (no stemming, no stop words), over the same fields Trailmark indexes.
 */
export const MINISEARCH_BOOSTS = { title: 3, keywords: 2, skills: 2, description: 1 } as const;

type Field = keyof typeof MINISEARCH_BOOSTS;

export interface BaselineResult {
  ids: string[];
  /** MiniSearch's score of the best result, if any. */
  topScore?: number;
}

/** Builds the MiniSearch index over the active resources. */
export function buildMiniSearch(resources: readonly Resource[]): MiniSearch<Resource> {
  const fields = Object.keys(MINISEARCH_BOOSTS) as Field[];
  const search = new MiniSearch<Resource>({
    fields,
    idField: 'id',
    extractField: (resource, field) => {
      const value = resource[field as keyof Resource];
      return Array.isArray(value) ? value.join(' ') : String(value ?? '');
    },
  });
  search.addAll(resources.filter((r) => r.active));
  return search;
}

/** The page's title, headings, description and text sample, as one query string. */
export function baselineQuery(signals: PageSignals): string {
  return [signals.title, ...signals.h1, ...signals.h2, ...signals.h3, signals.description, signals.text].filter(Boolean).join('\n');
}

/**
 * Top `limit` resources for a page, OR-combined, with the field boosts above.
 *
 * A page repeats words hundreds of times and MiniSearch looks every occurrence up again. Each
 * distinct term is queried once with its count as term boost instead: in an OR query the scores
 * of repeated terms add up, so the results are the same (up to float rounding) and 10× faster.
 */
export function searchBaseline(search: MiniSearch<Resource>, signals: PageSignals, limit = 10): BaselineResult {
  const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
  const processTerm = MiniSearch.getDefault('processTerm') as (term: string) => string;
  const counts = new Map<string, number>();
  for (const token of tokenize(baselineQuery(signals))) {
    const term = processTerm(token);
    if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const results = search.search([...counts.keys()].join(' '), {
    boost: { ...MINISEARCH_BOOSTS },
    combineWith: 'OR',
    boostTerm: (term) => counts.get(term) ?? 1,
  });
  const top = results.slice(0, limit);
  return { ids: top.map((r) => String(r.id)), ...(top[0] ? { topScore: top[0].score } : {}) };
}
