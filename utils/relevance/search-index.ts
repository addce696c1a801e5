import type { Resource, Skill } from '../catalogue/schema';
import { withCompoundParts } from './compound';
import { stemLanguage, tokenise, type Token } from './tokenise';

/**
 * Fields that are indexed, with their BM25F weight and length normalisation. Tuned on the dev relevance set:
 * curated skills and keywords say best what a resource teaches; a single shared word in a short title should
 * not decide a match on its own; descriptions are prose and mention much they do not teach.
 */
export const INDEX_FIELDS = [
  { name: 'title', weight: 1.5, b: 0.5 },
  { name: 'keywords', weight: 2, b: 0.3 },
  { name: 'skills', weight: 3, b: 0.3 },
  { name: 'description', weight: 0.5, b: 0.75 },
] as const;

/**
 * BM25 term-frequency saturation. 2 (the top of the usual 1.2–2 range) ranks better on the dev set than 1.2: a
 * resource that names the page's key words in several fields should beat one that names them once.
 */
const K1 = 2;

/** Version of the stored layout; an index of another version is rebuilt from the stored resources. */
export const INDEX_FORMAT = 2;

/**
 * An inverted index with precomputed BM25F impacts, laid out in typed arrays so it is stored in
 * IndexedDB as is and is ready the moment it is read back (typed arrays are structured-cloned as
 * one block of memory). A query never scans all resources: it walks the postings of its own terms.
 */
export interface SearchIndex {
  format: typeof INDEX_FORMAT;
  /** Resource id by document number. */
  docIds: string[];
  docLanguages: string[];
  /** Sorted terms; a term's number is its position here. */
  terms: string[];
  /** Postings of term t are [postingStart[t], postingStart[t + 1]), by increasing document number. */
  postingStart: Uint32Array;
  postingDocs: Uint32Array;
  /** The BM25F saturation tf~ / (k1 + tf~) of the term in the document, 0 < impact < 1. */
  postingImpacts: Float32Array;
  idf: Float32Array;
  /** The largest impact in each term's postings: how much the term can add at most (for MaxScore). */
  maxImpact: Float32Array;
  /** Mean weighted length of each field in `INDEX_FIELDS` order, from the last full build. */
  averageFieldLengths: number[];
  /** The catalogue's skills taxonomy: labels and synonyms of a resource's skills are indexed with its skills. */
  taxonomy: Skill[];
}

/** What changed in a catalogue: resources added or replaced (by id), and ids that left it. */
export interface IndexDelta {
  upserts: readonly Resource[];
  retiredIds: readonly string[];
}

/**
 * Builds the index over the active resources. `averageFieldLengths` is for tests that compare a
 * full build with an incremental one.
 *
 * @example const index = buildSearchIndex(resources); search(index, [{ term: 'pivot', weight: 1 }]);
 */
export function buildSearchIndex(
  resources: readonly Resource[],
  taxonomy: readonly Skill[] = [],
  options: { averageFieldLengths?: readonly number[] } = {},
): SearchIndex {
  return runToEnd(buildSteps(resources, taxonomy, options));
}

/**
 * `buildSearchIndex` in slices: it gives the event loop a turn whenever a slice has run for
 * `sliceMs`, so a 50,000-resource build (seconds) never blocks the service worker for longer
 * than that and messages are answered meanwhile. Same result as `buildSearchIndex`.
 * `onSlice` gets each slice's duration (for the benchmark's longest step).
 *
 * @example const index = await buildSearchIndexInSlices(resources, [], { sliceMs: 30 });
 */
export async function buildSearchIndexInSlices(
  resources: readonly Resource[],
  taxonomy: readonly Skill[] = [],
  options: { sliceMs?: number; onSlice?: (ms: number) => void } = {},
): Promise<SearchIndex> {
  const sliceMs = options.sliceMs ?? 30;
  const steps = buildSteps(resources, taxonomy, {});
  let started = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) {
      options.onSlice?.(performance.now() - started);
      return next.value;
    }
    const elapsed = performance.now() - started;
    if (elapsed < sliceMs) continue;
    options.onSlice?.(elapsed);
    await nextTurn();
    started = performance.now();
  }
}

/**
 * A turn of the event loop: a message to ourselves, which (unlike a chain of `setTimeout(0)`,
 * clamped to 4 ms after five) costs no waiting when nothing else is queued.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** How many documents or terms between two chances to pause a build. */
const STEP = 64;

/** The tokens of one step's documents: term number, field and weight per token; `starts` per document, and the end. */
interface TokenBlock {
  terms: Int32Array;
  fields: Uint8Array;
  weights: Float64Array;
  starts: Uint32Array;
}

/** The build, pausable: it yields every `STEP` documents or terms (see `buildSearchIndexInSlices`). */
function* buildSteps(
  resources: readonly Resource[],
  taxonomy: readonly Skill[],
  options: { averageFieldLengths?: readonly number[] },
): Generator<void, SearchIndex> {
  const active = resources.filter((r) => r.active);
  const skillText = taxonomyText(taxonomy);
  const vocabulary = new Set<string>();
  // The Dutch resources' tokens, kept from this pass for the next: tokenising them twice was a
  // quarter of a build. (Arrays of shared tokens: a few references per word.)
  const dutchFields: (Token[][] | undefined)[] = new Array<Token[][] | undefined>(active.length);
  for (let start = 0; start < active.length; start += STEP) {
    for (let doc = start; doc < Math.min(start + STEP, active.length); doc++) {
      const resource = active[doc]!;
      if (stemLanguage(resource.language) !== 'nl') continue;
      const fields = fieldTokens(resource, skillText);
      dutchFields[doc] = fields;
      addTerms(vocabulary, fields);
    }
    yield;
  }
  const isKnown = (term: string) => vocabulary.has(term);

  // One pass over the text into typed arrays (term number, field, weight per token): no token objects
  // are kept, which matters at 100,000 resources. Impacts need the mean field lengths, so they come after.
  // One block per step of documents, not three arrays for the whole catalogue: growing arrays of
  // millions of tokens copies them whole, and those copies were single steps of 13, 18 and 27 ms in a
  // 50,000-resource build, on top of a slice's budget.
  const termIds = new Map<string, number>();
  const blocks: TokenBlock[] = [];
  const fieldLengths = new Float64Array(active.length * INDEX_FIELDS.length);
  for (let start = 0; start < active.length; start += STEP) {
    const end = Math.min(start + STEP, active.length);
    const terms: number[] = [];
    const fields: number[] = [];
    const weights: number[] = [];
    const starts = new Uint32Array(end - start + 1);
    for (let doc = start; doc < end; doc++) {
      const resource = active[doc]!;
      starts[doc - start] = terms.length;
      const tokensByField = dutchFields[doc] ?? fieldTokens(resource, skillText);
      dutchFields[doc] = undefined;
      withParts(tokensByField, resource, isKnown).forEach((tokens, f) => {
        for (const { term, weight } of tokens) {
          if (!(weight > 0)) continue;
          let id = termIds.get(term);
          if (id === undefined) termIds.set(term, (id = termIds.size));
          terms.push(id);
          fields.push(f);
          weights.push(weight);
          fieldLengths[doc * INDEX_FIELDS.length + f]! += weight;
        }
      });
    }
    starts[end - start] = terms.length;
    blocks.push({ terms: Int32Array.from(terms), fields: Uint8Array.from(fields), weights: Float64Array.from(weights), starts });
    yield;
  }
  const averageFieldLengths =
    options.averageFieldLengths?.slice() ??
    INDEX_FIELDS.map((_, f) => {
      let sum = 0;
      for (let doc = 0; doc < active.length; doc++) sum += fieldLengths[doc * INDEX_FIELDS.length + f]!;
      return sum / Math.max(1, active.length) || 1;
    });

  const lists: number[][] = Array.from({ length: termIds.size }, () => []);
  const tf = new Float64Array(termIds.size);
  const seen: number[] = [];
  for (let b = 0; b < blocks.length; b++) {
    if (b % 8 === 7) yield;
    const { terms, fields, weights, starts } = blocks[b]!;
    for (let j = 0; j < starts.length - 1; j++) {
      const doc = b * STEP + j;
      const norms = INDEX_FIELDS.map(
        (field, f) =>
          field.weight / (1 - field.b + (field.b * fieldLengths[doc * INDEX_FIELDS.length + f]!) / (averageFieldLengths[f] || 1)),
      );
      for (let i = starts[j]!; i < starts[j + 1]!; i++) {
        const id = terms[i]!;
        if (tf[id] === 0) seen.push(id);
        tf[id]! += weights[i]! * norms[fields[i]!]!;
      }
      for (const id of seen) {
        lists[id]!.push(doc, saturate(tf[id]!));
        tf[id] = 0;
      }
      seen.length = 0;
    }
  }
  const postings = new Map<string, number[]>();
  for (const [term, id] of termIds) postings.set(term, lists[id]!);
  yield;
  const packed = yield* packPostings(postings, active.length);
  return {
    format: INDEX_FORMAT,
    docIds: active.map((r) => r.id),
    docLanguages: active.map((r) => r.language),
    ...packed,
    averageFieldLengths,
    taxonomy: taxonomy.map((skill) => ({ ...skill })),
  };
}

/**
 * Applies a delta without re-reading the catalogue: only the changed resources are tokenised, the
 * other postings are copied (a linear pass over typed arrays). Retired and replaced documents are
 * dropped and the rest renumbered in order; new and replaced resources are appended. idf is exact
 * afterwards; the field length averages stay those of the last full build, so a long series of
 * deltas drifts slightly from a full build (rebuild when the catalogue is replaced as a whole).
 *
 * @example const next = updateSearchIndex(index, { upserts: [changed], retiredIds: ['old-course'] });
 */
export function updateSearchIndex(index: SearchIndex, delta: IndexDelta): SearchIndex {
  const upserts = new Map(delta.upserts.map((r) => [r.id, r]));
  const leaving = new Set([...delta.retiredIds, ...upserts.keys()]);
  const added = [...upserts.values()].filter((r) => r.active);

  const newDoc = new Int32Array(index.docIds.length).fill(-1);
  const docIds: string[] = [];
  const docLanguages: string[] = [];
  index.docIds.forEach((id, doc) => {
    if (leaving.has(id)) return;
    newDoc[doc] = docIds.length;
    docIds.push(id);
    docLanguages.push(index.docLanguages[doc]!);
  });
  const kept = docIds.length;

  const skillText = taxonomyText(index.taxonomy);
  const vocabulary = dutchVocabulary(added, skillText);
  const isKnown = (term: string) => vocabulary.has(term) || termNumber(index, term) >= 0;
  const postings = new Map<string, number[]>();
  added.forEach((resource, i) => {
    const tokens = withParts(fieldTokens(resource, skillText), resource, isKnown);
    addPostings(postings, kept + i, documentImpacts(tokens, index.averageFieldLengths));
    docIds.push(resource.id);
    docLanguages.push(resource.language);
  });

  // Merge the old sorted terms with the new ones; old postings first, since their documents come first.
  const newTerms = [...postings.keys()].filter((term) => termNumber(index, term) < 0).sort();
  const terms: string[] = [];
  const sources: { old: number; fresh?: number[] }[] = [];
  let a = 0;
  let b = 0;
  while (a < index.terms.length || b < newTerms.length) {
    const takeOld = b >= newTerms.length || (a < index.terms.length && index.terms[a]! < newTerms[b]!);
    const term = takeOld ? index.terms[a++]! : newTerms[b++]!;
    terms.push(term);
    sources.push({ old: takeOld ? a - 1 : -1, ...(postings.has(term) ? { fresh: postings.get(term)! } : {}) });
  }

  const maxPostings = index.postingDocs.length + [...postings.values()].reduce((sum, list) => sum + list.length / 2, 0);
  const postingStart = new Uint32Array(terms.length + 1);
  const postingDocs = new Uint32Array(maxPostings);
  const postingImpacts = new Float32Array(maxPostings);
  const liveTerms: number[] = [];
  let total = 0;
  sources.forEach(({ old, fresh }, t) => {
    const start = total;
    if (old >= 0) {
      for (let p = index.postingStart[old]!; p < index.postingStart[old + 1]!; p++) {
        const doc = newDoc[index.postingDocs[p]!]!;
        if (doc < 0) continue;
        postingDocs[total] = doc;
        postingImpacts[total++] = index.postingImpacts[p]!;
      }
    }
    for (let i = 0; fresh && i < fresh.length; i += 2) {
      postingDocs[total] = fresh[i]!;
      postingImpacts[total++] = fresh[i + 1]!;
    }
    if (total > start) liveTerms.push(t);
    postingStart[t] = start;
  });
  postingStart[terms.length] = total;

  // Drop terms whose every document left, so the dictionary does not grow with each delta.
  const packed = compactTerms(terms, postingStart, liveTerms);
  return {
    ...index,
    docIds,
    docLanguages,
    terms: packed.terms,
    postingStart: packed.postingStart,
    postingDocs: postingDocs.slice(0, total),
    postingImpacts: postingImpacts.slice(0, total),
    idf: idfOf(packed.postingStart, docIds.length),
    maxImpact: maxImpactOf(packed.postingStart, postingImpacts),
  };
}

/** The tokens of each indexed field of a resource, in `INDEX_FIELDS` order. */
function fieldTokens(resource: Resource, skillText: ReadonlyMap<string, { text: string; language: string }[]>): Token[][] {
  const skills = resource.skills.flatMap((skill) => [
    ...tokenise(skill.replace(/-/g, ' '), resource.language),
    ...(skillText.get(skill.toLowerCase()) ?? []).flatMap((label) => tokenise(label.text, label.language)),
  ]);
  return [
    tokenise(resource.title, resource.language),
    tokenise(resource.keywords.join(' | '), resource.language),
    skills,
    tokenise(resource.description, resource.language),
  ];
}

function withParts(fields: Token[][], resource: Resource, isKnown: (term: string) => boolean): Token[][] {
  const lang = stemLanguage(resource.language);
  return fields.map((tokens) => withCompoundParts(tokens, lang, isKnown));
}

/** Skill id (lower case) → its labels and synonyms with their language. */
function taxonomyText(taxonomy: readonly Skill[]): Map<string, { text: string; language: string }[]> {
  const byId = new Map<string, { text: string; language: string }[]>();
  for (const skill of taxonomy) {
    const texts: { text: string; language: string }[] = [];
    for (const language of ['en', 'nl'] as const) {
      const label = skill.labels[language];
      if (label) texts.push({ text: label, language });
      for (const synonym of skill.synonyms[language]) texts.push({ text: synonym, language });
    }
    byId.set(skill.id.toLowerCase(), texts);
  }
  return byId;
}

const fieldLength = (tokens: readonly Token[]) => tokens.reduce((sum, token) => sum + token.weight, 0);

/** The terms of the Dutch resources: the words a Dutch compound may be split into. */
function dutchVocabulary(
  resources: readonly Resource[],
  skillText: ReadonlyMap<string, { text: string; language: string }[]>,
): Set<string> {
  const vocabulary = new Set<string>();
  for (const resource of resources) if (stemLanguage(resource.language) === 'nl') addTerms(vocabulary, fieldTokens(resource, skillText));
  return vocabulary;
}

function addTerms(vocabulary: Set<string>, fields: readonly Token[][]): void {
  for (const tokens of fields) for (const token of tokens) vocabulary.add(token.term);
}

/** BM25F: field-weighted, length-normalised term frequencies summed over fields, then saturated once. */
function documentImpacts(fields: readonly Token[][], averageFieldLengths: readonly number[]): Map<string, number> {
  const weighted = new Map<string, number>();
  fields.forEach((tokens, f) => {
    const field = INDEX_FIELDS[f]!;
    const norm = 1 - field.b + (field.b * fieldLength(tokens)) / (averageFieldLengths[f] || 1);
    for (const { term, weight } of tokens) if (weight > 0) weighted.set(term, (weighted.get(term) ?? 0) + (weight * field.weight) / norm);
  });
  for (const [term, tf] of weighted) weighted.set(term, saturate(tf));
  return weighted;
}

/** BM25's term-frequency saturation: 0 < impact < 1. */
const saturate = (tf: number) => tf / (K1 + tf);

/** Appends (doc, impact) to each term's list; documents are added in increasing order. */
function addPostings(postings: Map<string, number[]>, doc: number, impacts: ReadonlyMap<string, number>): void {
  for (const [term, impact] of impacts) {
    let list = postings.get(term);
    if (!list) postings.set(term, (list = []));
    list.push(doc, impact);
  }
}

function* packPostings(postings: ReadonlyMap<string, number[]>, docCount: number) {
  const terms = [...postings.keys()].sort();
  yield;
  const postingStart = new Uint32Array(terms.length + 1);
  let total = 0;
  terms.forEach((term, t) => {
    postingStart[t] = total;
    total += postings.get(term)!.length / 2;
  });
  postingStart[terms.length] = total;
  const postingDocs = new Uint32Array(total);
  const postingImpacts = new Float32Array(total);
  for (let t = 0; t < terms.length; t++) {
    if (t % (STEP * 16) === 0) yield;
    const list = postings.get(terms[t]!)!;
    for (let i = 0, p = postingStart[t]!; i < list.length; i += 2, p++) {
      postingDocs[p] = list[i]!;
      postingImpacts[p] = list[i + 1]!;
    }
  }
  yield;
  return {
    terms,
    postingStart,
    postingDocs,
    postingImpacts,
    idf: idfOf(postingStart, docCount),
    maxImpact: maxImpactOf(postingStart, postingImpacts),
  };
}

function maxImpactOf(postingStart: Uint32Array, postingImpacts: Float32Array): Float32Array {
  const max = new Float32Array(postingStart.length - 1);
  for (let t = 0; t < max.length; t++) {
    for (let p = postingStart[t]!; p < postingStart[t + 1]!; p++) if (postingImpacts[p]! > max[t]!) max[t] = postingImpacts[p]!;
  }
  return max;
}

/** BM25's idf, always positive: log(1 + (N − df + 0.5) / (df + 0.5)). */
function idfOf(postingStart: Uint32Array, docCount: number): Float32Array {
  const idf = new Float32Array(postingStart.length - 1);
  for (let t = 0; t < idf.length; t++) {
    const df = postingStart[t + 1]! - postingStart[t]!;
    idf[t] = Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
  }
  return idf;
}

/** Keeps only the terms in `live` (ascending); their postings are contiguous and in order already. */
function compactTerms(terms: readonly string[], postingStart: Uint32Array, live: readonly number[]) {
  if (live.length === terms.length) return { terms: [...terms], postingStart };
  const start = new Uint32Array(live.length + 1);
  live.forEach((t, i) => (start[i] = postingStart[t]!));
  start[live.length] = postingStart[terms.length]!;
  return { terms: live.map((t) => terms[t]!), postingStart: start };
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
  /** What each of `terms` added to the score, in the same order. */
  contributions: number[];
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

/** Per-index scratch space for `search`, allocated once: an accumulator per document and the list of touched ones. */
const scratchOf = new WeakMap<SearchIndex, { scores: Float64Array; touched: Uint32Array }>();

/**
 * Scores documents for weighted query terms: sum of weight × idf × impact. Returns the best
 * `limit` documents, best first (ties: lower document number first). Only the postings of the
 * query's own terms are read; scores add up in a typed array and the best are picked with a heap.
 */
export function search(index: SearchIndex, query: readonly QueryTerm[], limit = 10): ScoredDoc[] {
  const docCount = index.docIds.length;
  let scratch = scratchOf.get(index);
  if (!scratch) scratchOf.set(index, (scratch = { scores: new Float64Array(docCount), touched: new Uint32Array(docCount) }));
  const { scores, touched } = scratch;
  const { postingStart, postingDocs, postingImpacts } = index;

  // MaxScore: terms in order of the most they can add. Once the k-th best score so far beats all that
  // the remaining terms could add together, those terms cannot bring a new document into the top k:
  // they are only looked up (binary search) for the documents that can still make it. Common words
  // (long postings, low idf) come last and are mostly never scanned.
  const found: { term: string; t: number; factor: number; bound: number }[] = [];
  for (const { term, weight } of query) {
    const t = termNumber(index, term);
    if (t < 0 || !(weight > 0)) continue;
    const factor = weight * index.idf[t]!;
    found.push({ term, t, factor, bound: factor * index.maxImpact[t]! });
  }
  found.sort((a, b) => b.bound - a.bound || a.t - b.t);
  const remaining = new Float64Array(found.length + 1);
  for (let i = found.length - 1; i >= 0; i--) remaining[i] = remaining[i + 1]! + found[i]!.bound;

  let touchedCount = 0;
  let cut = found.length;
  for (let i = 0; i < found.length; i++) {
    const { t, factor } = found[i]!;
    const start = postingStart[t]!;
    const end = postingStart[t + 1]!;
    if (touchedCount >= limit && end - start > touchedCount) {
      const kth = topDocuments(scores, touched, touchedCount, limit).at(-1)!.score;
      if (kth > remaining[i]!) {
        // Worth it only when looking the rest up for the documents still in the race costs less than scanning it.
        let contenders = 0;
        for (let d = 0; d < touchedCount; d++) if (scores[touched[d]!]! + remaining[i]! >= kth) contenders++;
        let scan = 0;
        for (let j = i; j < found.length; j++) scan += postingStart[found[j]!.t + 1]! - postingStart[found[j]!.t]!;
        if (contenders * (found.length - i) * 16 < scan) {
          cut = i;
          break;
        }
      }
    }
    for (let p = start; p < end; p++) {
      const contribution = factor * postingImpacts[p]!;
      // A contribution that underflows to 0 must not mark the document touched twice.
      if (!(contribution > 0)) continue;
      const doc = postingDocs[p]!;
      if (scores[doc] === 0) touched[touchedCount++] = doc;
      scores[doc] = scores[doc]! + contribution;
    }
  }
  if (cut < found.length) {
    const kth = topDocuments(scores, touched, touchedCount, limit).at(-1)!.score;
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i]!;
      if (scores[doc]! + remaining[cut]! < kth) continue;
      for (let j = cut; j < found.length; j++) {
        const { t, factor } = found[j]!;
        const p = findPosting(postingDocs, postingStart[t]!, postingStart[t + 1]!, doc);
        if (p >= 0) scores[doc] = scores[doc]! + factor * postingImpacts[p]!;
      }
    }
  }

  const best = topDocuments(scores, touched, touchedCount, limit);
  for (let i = 0; i < touchedCount; i++) scores[touched[i]!] = 0;

  return best.map(({ doc, score }) => {
    const matched: [string, number][] = [];
    for (const { term, t, factor } of found) {
      const p = findPosting(postingDocs, postingStart[t]!, postingStart[t + 1]!, doc);
      if (p >= 0 && factor * postingImpacts[p]! > 0) matched.push([term, factor * postingImpacts[p]!]);
    }
    matched.sort((x, y) => y[1] - x[1]);
    return { doc, score, terms: matched.map(([term]) => term), contributions: matched.map(([, c]) => c) };
  });
}

/** The `limit` best touched documents, best first, with a bounded min-heap (no sort of all candidates). */
function topDocuments(scores: Float64Array, touched: Uint32Array, count: number, limit: number): { doc: number; score: number }[] {
  const heapDocs: number[] = [];
  const heapScores: number[] = [];
  // "a is worse than b": lower score, or the same score and a later document.
  const worse = (i: number, j: number) =>
    heapScores[i]! < heapScores[j]! || (heapScores[i] === heapScores[j] && heapDocs[i]! > heapDocs[j]!);
  const swap = (i: number, j: number) => {
    [heapDocs[i], heapDocs[j]] = [heapDocs[j]!, heapDocs[i]!];
    [heapScores[i], heapScores[j]] = [heapScores[j]!, heapScores[i]!];
  };
  const siftDown = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heapDocs.length && worse(left, smallest)) smallest = left;
      if (right < heapDocs.length && worse(right, smallest)) smallest = right;
      if (smallest === i) return;
      swap(i, smallest);
      i = smallest;
    }
  };
  if (limit <= 0) return [];
  for (let i = 0; i < count; i++) {
    const doc = touched[i]!;
    const score = scores[doc]!;
    if (heapDocs.length < limit) {
      heapDocs.push(doc);
      heapScores.push(score);
      for (let c = heapDocs.length - 1; c > 0 && worse(c, (c - 1) >> 1); c = (c - 1) >> 1) swap(c, (c - 1) >> 1);
    } else if (score > heapScores[0]! || (score === heapScores[0] && doc < heapDocs[0]!)) {
      heapDocs[0] = doc;
      heapScores[0] = score;
      siftDown(0);
    }
  }
  return heapDocs.map((doc, i) => ({ doc, score: heapScores[i]! })).sort((a, b) => b.score - a.score || a.doc - b.doc);
}

/** Position of `doc` in the sorted postings [start, end), or -1. */
function findPosting(docs: Uint32Array, start: number, end: number, doc: number): number {
  let low = start;
  let high = end - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = docs[mid]!;
    if (value === doc) return mid;
    if (value < doc) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}
