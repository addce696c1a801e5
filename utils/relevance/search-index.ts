import type { Resource } from '../catalogue/schema';
import { tokenise } from './tokenise';

/**
 * Fields that are indexed, with their BM25F weight and length normalisation. Tuned on the dev relevance set:
 * curated skills and keywords say best what a resource teaches; a single shared word in a short title should
 * not decide a match on its own; descriptions are prose and mention much they do not teach.
 */
export const INDEX_FIELDS = [
  { name: 'title', weight: 1.5, b: 0.5, text: (r: Resource) => r.title },
  { name: 'keywords', weight: 2, b: 0.3, text: (r: Resource) => r.keywords.join(' | ') },
  { name: 'skills', weight: 3, b: 0.3, text: (r: Resource) => r.skills.map((s) => s.replace(/-/g, ' ')).join(' | ') },
  { name: 'description', weight: 0.5, b: 0.75, text: (r: Resource) => r.description },
] as const;

const K1 = 1.2;

/**
 * An inverted index with precomputed BM25F impacts, laid out in typed arrays so it is stored in
 * IndexedDB as is and is ready the moment it is read back. A query never scans all resources:
 * it walks the postings of its own terms only.
 */
export interface SearchIndex {
  format: 1;
  /** Resource id by document number. */
  docIds: string[];
  docLanguages: string[];
  /** Sorted terms; a term's number is its position here. */
  terms: string[];
  /** Postings of term t are [postingStart[t], postingStart[t + 1]). */
  postingStart: Uint32Array;
  postingDocs: Uint32Array;
  /** The BM25F saturation tf~ / (k1 + tf~) of the term in the document, 0 < impact < 1. */
  postingImpacts: Float32Array;
  idf: Float32Array;
}

/**
 * Builds the index over the active resources.
 *
 * @example const index = buildSearchIndex(resources); search(index, [{ term: 'pivot', weight: 1 }]);
 */
export function buildSearchIndex(resources: readonly Resource[]): SearchIndex {
  const active = resources.filter((r) => r.active);
  const fieldTerms = active.map((resource) =>
    INDEX_FIELDS.map((field) => tokenise(field.text(resource), resource.language).map((t) => t.term)),
  );
  const averageLength = INDEX_FIELDS.map(
    (_, f) => fieldTerms.reduce((sum, fields) => sum + (fields[f]?.length ?? 0), 0) / Math.max(1, active.length) || 1,
  );

  // term -> [doc, impact] pairs, docs in increasing order because we visit them in order.
  const postings = new Map<string, number[]>();
  fieldTerms.forEach((fields, doc) => {
    const weighted = new Map<string, number>();
    fields.forEach((terms, f) => {
      const field = INDEX_FIELDS[f]!;
      const norm = 1 - field.b + (field.b * terms.length) / averageLength[f]!;
      for (const term of terms) weighted.set(term, (weighted.get(term) ?? 0) + field.weight / norm);
    });
    for (const [term, tf] of weighted) {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push(doc, tf / (K1 + tf));
    }
  });

  const terms = [...postings.keys()].sort();
  const postingStart = new Uint32Array(terms.length + 1);
  let total = 0;
  terms.forEach((term, t) => {
    postingStart[t] = total;
    total += postings.get(term)!.length / 2;
  });
  postingStart[terms.length] = total;
  const postingDocs = new Uint32Array(total);
  const postingImpacts = new Float32Array(total);
  const idf = new Float32Array(terms.length);
  const n = active.length;
  terms.forEach((term, t) => {
    const list = postings.get(term)!;
    const df = list.length / 2;
    idf[t] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let i = 0; i < df; i++) {
      postingDocs[postingStart[t]! + i] = list[2 * i]!;
      postingImpacts[postingStart[t]! + i] = list[2 * i + 1]!;
    }
  });
  return {
    format: 1,
    docIds: active.map((r) => r.id),
    docLanguages: active.map((r) => r.language),
    terms,
    postingStart,
    postingDocs,
    postingImpacts,
    idf,
  };
}

/** A term of a query with how much it matters (from where on the page it was found). */
export interface QueryTerm {
  term: string;
  weight: number;
}

export interface ScoredDoc {
  doc: number;
  score: number;
  /** Query terms that matched this document, most contributing first. */
  terms: string[];
}

/** Binary search: the term's number, or -1. */
export function termNumber(index: SearchIndex, term: string): number {
  let low = 0;
  let high = index.terms.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = index.terms[mid]!;
    if (value === term) return mid;
    if (value < term) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** Terms of the index that start with `prefix` (for search-as-you-type), at most `limit`. */
export function termsWithPrefix(index: SearchIndex, prefix: string, limit = 30): string[] {
  let low = 0;
  let high = index.terms.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (index.terms[mid]! < prefix) low = mid + 1;
    else high = mid;
  }
  const found: string[] = [];
  for (let t = low; t < index.terms.length && found.length < limit && index.terms[t]!.startsWith(prefix); t++) {
    found.push(index.terms[t]!);
  }
  return found;
}

/**
 * Scores documents for weighted query terms: sum of weight × idf × impact. Returns the best
 * `limit` documents, best first.
 */
export function search(index: SearchIndex, query: readonly QueryTerm[], limit = 10): ScoredDoc[] {
  const scores = new Map<number, { score: number; contributions: [string, number][] }>();
  for (const { term, weight } of query) {
    const t = termNumber(index, term);
    if (t < 0) continue;
    const idf = index.idf[t]!;
    for (let p = index.postingStart[t]!; p < index.postingStart[t + 1]!; p++) {
      const doc = index.postingDocs[p]!;
      const contribution = weight * idf * index.postingImpacts[p]!;
      const entry = scores.get(doc);
      if (entry) {
        entry.score += contribution;
        entry.contributions.push([term, contribution]);
      } else scores.set(doc, { score: contribution, contributions: [[term, contribution]] });
    }
  }
  return [...scores]
    .sort((a, b) => b[1].score - a[1].score || a[0] - b[0])
    .slice(0, limit)
    .map(([doc, entry]) => ({
      doc,
      score: entry.score,
      terms: entry.contributions.sort((a, b) => b[1] - a[1]).map(([term]) => term),
    }));
}
