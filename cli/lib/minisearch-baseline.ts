import MiniSearch, { type Options } from 'minisearch';
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as dutchStemmer } from '@orama/stemmers/dutch';
import { eng, nld } from 'stopword';
import type { Resource } from '../../utils/catalogue/schema';
import type { PageSignals } from '../../utils/signals/schema';

/**
 * The peers Trailmark is measured against: MiniSearch with its default BM25 parameters over the same
 * fields Trailmark indexes. `plain` uses MiniSearch's default tokenizer and term processing (no
 * stemming, no stop words); `stemmed` is what an engineer would configure in an afternoon:
 * diacritics folded, English and Dutch stop words dropped, Snowball stemming in the catalogue's
 * language, and prefix matching for query terms over 5 letters.
 */
export const MINISEARCH_BOOSTS = { title: 3, keywords: 2, skills: 2, description: 1 } as const;

type Field = keyof typeof MINISEARCH_BOOSTS;

export type BaselineKind = 'plain' | 'stemmed';

export interface BaselineResult {
  ids: string[];
  /** MiniSearch's score of the best result, if any. */
  topScore?: number;
}

/** A MiniSearch index with the term processing its queries must use too. */
export interface Baseline {
  search: MiniSearch<Resource>;
  processTerm: (term: string) => string | null | undefined | false;
  /** Prefix-match this query term? */
  prefix: (term: string) => boolean;
}

const STOP_WORDS = new Set([...eng, ...nld]);
const SNOWBALL: Record<string, (word: string) => string> = { en: englishStemmer, nl: dutchStemmer };

/** The language most active resources are in (the first one seen wins a tie). */
export function catalogueLanguage(resources: readonly Resource[]): string {
  const counts = new Map<string, number>();
  for (const r of resources) if (r.active) counts.set(r.language, (counts.get(r.language) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'en';
}

/** The stemmed peer's `processTerm`: fold case and diacritics, drop stop words, Snowball-stem. */
export function stemmedProcessTerm(language: string): (term: string) => string | null {
  const stemWord = SNOWBALL[language.toLowerCase().split(/[-_]/)[0] ?? ''];
  return (term) => {
    const folded = term
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
    if (!folded || STOP_WORDS.has(folded)) return null;
    return stemWord ? stemWord(folded) : folded;
  };
}

/** Builds a MiniSearch index over the active resources. */
export function buildMiniSearch(resources: readonly Resource[], kind: BaselineKind = 'plain'): Baseline {
  const fields = Object.keys(MINISEARCH_BOOSTS) as Field[];
  const processTerm =
    kind === 'stemmed'
      ? stemmedProcessTerm(catalogueLanguage(resources))
      : (MiniSearch.getDefault('processTerm') as (term: string) => string | null | undefined);
  const options: Options<Resource> = {
    fields,
    idField: 'id',
    processTerm,
    extractField: (resource, field) => {
      const value = resource[field as keyof Resource];
      return Array.isArray(value) ? value.join(' ') : String(value ?? '');
    },
  };
  const search = new MiniSearch<Resource>(options);
  search.addAll(resources.filter((r) => r.active));
  return { search, processTerm, prefix: kind === 'stemmed' ? (term) => term.length > 5 : () => false };
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
 * Terms are processed here already, so the query's own processing is the identity.
 */
export function searchBaseline(baseline: Baseline, signals: PageSignals, limit = 10): BaselineResult {
  const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
  const counts = new Map<string, number>();
  for (const token of tokenize(baselineQuery(signals))) {
    const term = baseline.processTerm(token);
    if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const results = baseline.search.search([...counts.keys()].join(' '), {
    boost: { ...MINISEARCH_BOOSTS },
    combineWith: 'OR',
    processTerm: (term) => term,
    prefix: baseline.prefix,
    boostTerm: (term) => counts.get(term) ?? 1,
  });
  const top = results.slice(0, limit);
  return { ids: top.map((r) => String(r.id)), ...(top[0] ? { topScore: top[0].score } : {}) };
}
