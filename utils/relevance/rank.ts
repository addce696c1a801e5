import type { SiteRule } from '../rules/schema';
import type { PageSignals } from '../signals/schema';
import { CONFIDENCE_MODEL, confidenceOf, type MatchFeatures } from './confidence';
import { queryFromSignals } from './query';
import { search, termNumber, termsWithPrefix, type QueryTerm, type SearchIndex } from './search-index';
import { foldCase, stem, stemLanguage, tokenise } from './tokenise';

/** Knobs of the ranking, tuned on the dev relevance set (see `npm run eval`). */
export const RANKING = {
  /** Query terms kept, by weight × idf: enough to describe a page, few enough to stay fast. */
  maxQueryTerms: 120,
  /** The strength normaliser sums this many of the best query terms; coverage looks at as many. */
  normaliserTerms: 8,
  /** Resources in another language than the page's count this much. */
  otherLanguageFactor: 0.75,
  /** Score multiplier at full agreement with the rule's skills and keywords. */
  ruleBoost: 0.5,
  /** Candidates read from the index before rule boosts and feedback reorder them. */
  candidates: 50,
  /** At most this many cards in a tip. */
  tipSize: 3,
} as const;

/** Why a resource was matched: the page's own words, and the rule that applies. */
export interface MatchWhy {
  words: string[];
  rule?: string;
}

export interface PageMatch {
  id: string;
  score: number;
  /** 0–1: the calibrated probability that the resource fits the page (see `confidence.ts`). */
  confidence: number;
  why: MatchWhy;
}

export interface PageMatches {
  /** Whether the extension would show a tip unprompted. */
  tip: boolean;
  /** How many of the first matches the tip shows: each must be confident on its own. */
  tipCount: number;
  matches: PageMatch[];
}

/**
 * The employee's own feedback on this site, as a score factor per resource id: below 1 demotes
 * (marked "not relevant"), above 1 promotes (opened before), 1 or undefined leaves it alone.
 */
export type FeedbackFactor = (resourceId: string) => number | undefined;

export interface MatchOptions {
  /** The winning `suggest` rule: its skills and keywords raise resources the page already matched. */
  rule?: SiteRule;
  limit?: number;
  feedback?: FeedbackFactor;
}

/** A ranked candidate with what the calibration needs to know about it. */
export interface RankedCandidate extends PageMatch {
  features: MatchFeatures;
}

/**
 * Ranks the catalogue for a page and says how sure it is of each match. The winning site rule's
 * skills and keywords raise resources the page already matched, and the employee's feedback
 * demotes or promotes; neither ever creates a match on its own. A tip shows the first matches
 * whose confidence reaches `CONFIDENCE_MODEL.tipThreshold`.
 *
 * @example matchPage(index, signals, { rule, limit: 10 }).matches[0]?.why.words // ['pivot', 'table']
 */
export function matchPage(index: SearchIndex, signals: PageSignals, options: MatchOptions = {}): PageMatches {
  const matches = rankCandidates(index, signals, options).map(({ features: _, ...match }) => match);
  const firstUnsure = matches.findIndex((m) => m.confidence < CONFIDENCE_MODEL.tipThreshold);
  const tipCount = Math.min(RANKING.tipSize, firstUnsure === -1 ? matches.length : firstUnsure);
  return { tip: tipCount > 0, tipCount, matches };
}

/**
 * The ranking behind `matchPage`, with each candidate's features; `cli/calibrate.ts` fits the
 * confidence model on these.
 */
export function rankCandidates(index: SearchIndex, signals: PageSignals, options: MatchOptions = {}): RankedCandidate[] {
  const { rule, limit = 10, feedback } = options;
  const { terms, surfaces } = queryFromSignals(signals, (term) => termNumber(index, term) >= 0);
  const query = selectQueryTerms(index, terms, RANKING.maxQueryTerms);
  const top = query.slice(0, RANKING.normaliserTerms);
  const normaliser = top.reduce((sum, q) => sum + q.weight * (index.idf[termNumber(index, q.term)] ?? 0), 0);
  if (normaliser === 0) return [];
  const topTerms = new Set(top.map((q) => q.term));

  const pageLanguage = stemLanguage(signals.lang);
  const candidates = search(index, query, Math.max(limit, RANKING.candidates));
  const ruleTerms = ruleQuery(rule);
  const ruleScores = new Map(ruleTerms.length ? search(index, ruleTerms, 500).map((s) => [s.doc, s.score]) : []);
  const ruleMax = Math.max(1e-9, ...ruleScores.values());

  const scored = candidates.map((candidate) => {
    const id = index.docIds[candidate.doc]!;
    const language = stemLanguage(index.docLanguages[candidate.doc]);
    const languageFactor = pageLanguage && language && language !== pageLanguage ? RANKING.otherLanguageFactor : 1;
    const boost = 1 + RANKING.ruleBoost * ((ruleScores.get(candidate.doc) ?? 0) / ruleMax);
    const personal = feedback?.(id) ?? 1;
    return { candidate, id, languageFactor, personal, score: candidate.score * languageFactor * boost * personal };
  });
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  const strengths = scored.map((s) => (s.candidate.score * s.languageFactor) / normaliser);

  return scored.slice(0, limit).map(({ candidate, id, personal, score }, i) => {
    const features: MatchFeatures = {
      strength: strengths[i]!,
      topCoverage: candidate.terms.filter((term) => topTerms.has(term)).length / top.length,
      matchedTerms: Math.log1p(candidate.terms.length),
      dominance: (candidate.contributions[0] ?? 0) / candidate.score,
      margin: i === 0 ? 1 - (strengths[1] ?? 0) / strengths[0]! : 0,
    };
    // Feedback can take a resource out of a tip, never push one in that the page does not support.
    const confidence = confidenceOf(features) * Math.min(1, personal);
    return {
      id,
      score: round(score),
      confidence: round(confidence),
      why: {
        words: candidate.terms.slice(0, 3).map((term) => surfaces.get(term) ?? term),
        ...(rule && ruleScores.has(candidate.doc) ? { rule: rule.name } : {}),
      },
      features,
    };
  });
}

/** Keeps the query terms that tell the most about the page: weight × idf, best first. */
export function selectQueryTerms(index: SearchIndex, terms: readonly QueryTerm[], max: number): QueryTerm[] {
  return terms
    .map((q) => ({ q, value: q.weight * (index.idf[termNumber(index, q.term)] ?? 0) }))
    .filter((x) => x.value > 0)
    .sort((a, b) => b.value - a.value || (a.q.term < b.q.term ? -1 : 1))
    .slice(0, max)
    .map((x) => x.q);
}

function ruleQuery(rule: SiteRule | undefined): QueryTerm[] {
  if (!rule) return [];
  const text = [...rule.skills.map((s) => s.replace(/-/g, ' ')), ...rule.keywords].join(' . ');
  return [...new Set(tokenise(text).map((t) => t.term))].map((term) => ({ term, weight: 1 }));
}

/**
 * Free-text search over the whole catalogue, for the popup. Typed text has no known language, so
 * each word is tried as written and stemmed as English and as Dutch; every word must match, the
 * last one also as a prefix, so results narrow while typing. `language` keeps only resources in
 * that language (the catalogue's `language` field).
 */
export function searchCatalogue(
  index: SearchIndex,
  text: string,
  limit = 20,
  options: { language?: string } = {},
): { id: string; score: number }[] {
  const words = tokenise(text)
    .filter((token) => token.weight === 1)
    .map((token) => token.surface);
  if (words.length === 0) return [];
  const groups = words.map((word, i) => {
    const variants = wordVariants(word);
    const isLast = i === words.length - 1 && !/\s$/.test(text);
    return isLast ? [...new Set([...variants, ...variants.flatMap((v) => termsWithPrefix(index, v, 30))])] : variants;
  });
  const query: QueryTerm[] = [...new Set(groups.flat())].map((term) => ({ term, weight: 1 }));
  return search(index, query, 5000)
    .filter((s) => {
      if (options.language && index.docLanguages[s.doc] !== options.language) return false;
      const hit = new Set(s.terms);
      return groups.every((group) => group.some((term) => hit.has(term)));
    })
    .slice(0, limit)
    .map((s) => ({ id: index.docIds[s.doc]!, score: round(s.score) }));
}

/** A typed word as the index may hold it: folded, or stemmed as English or Dutch. */
function wordVariants(word: string): string[] {
  const folded = foldCase(word);
  return [...new Set([folded, stem(folded, 'en'), stem(folded, 'nl')])];
}

const round = (value: number) => Math.round(value * 1000) / 1000;
