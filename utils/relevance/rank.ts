import type { SiteRule } from '../rules/schema';
import type { PageSignals } from '../signals/schema';
import { queryFromSignals } from './query';
import { search, termNumber, termsWithPrefix, type QueryTerm, type SearchIndex } from './search-index';
import { foldCase, stem, stemLanguage, tokenise } from './tokenise';

/** Knobs of the ranking, tuned on the dev relevance set (see `npm run eval`). */
export const RANKING = {
  /** Query terms kept, by weight × idf: enough to describe a page, few enough to stay fast. */
  maxQueryTerms: 120,
  /** The confidence normaliser sums this many of the best query terms. */
  normaliserTerms: 8,
  /**
   * Below this confidence no tip is shown (the popup still lists the matches). The lowest value that keeps
   * false tips on the dev set's negative pages at or under 5 % (2 of 50); its third-highest negative is 0.380.
   */
  tipThreshold: 0.381,
  /** A tip needs at least this many different words in common. */
  minMatchedTerms: 2,
  /** Resources in another language than the page's count this much. */
  otherLanguageFactor: 0.75,
  /** Score multiplier at full agreement with the rule's skills and keywords. */
  ruleBoost: 0.5,
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
  /** 0–1: how much of what the page is most about the resource covers. */
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
 * Ranks the catalogue for a page. The winning site rule's skills and keywords raise resources the
 * page already matched; they never create a match on their own.
 *
 * @example matchPage(index, signals, { rule, limit: 10 }).matches[0]?.why.words // ['pivot', 'table']
 */
export function matchPage(
  index: SearchIndex,
  signals: PageSignals,
  options: { rule?: SiteRule; limit?: number } = {},
): PageMatches {
  const { rule, limit = 10 } = options;
  const { terms, surfaces } = queryFromSignals(signals);
  const query = selectQueryTerms(index, terms, RANKING.maxQueryTerms);
  const normaliser = query
    .map((q) => q.weight * (index.idf[termNumber(index, q.term)] ?? 0))
    .sort((a, b) => b - a)
    .slice(0, RANKING.normaliserTerms)
    .reduce((a, b) => a + b, 0);
  if (normaliser === 0) return { tip: false, tipCount: 0, matches: [] };

  const pageLanguage = stemLanguage(signals.lang);
  const candidates = search(index, query, Math.max(limit * 5, 50));
  const ruleTerms = ruleQuery(rule);
  const ruleScores = new Map(ruleTerms.length ? search(index, ruleTerms, 500).map((s) => [s.doc, s.score]) : []);
  const ruleMax = Math.max(1e-9, ...ruleScores.values());

  const matches = candidates
    .map((candidate) => {
      const language = stemLanguage(index.docLanguages[candidate.doc]);
      const languageFactor = pageLanguage && language && language !== pageLanguage ? RANKING.otherLanguageFactor : 1;
      const confidence = Math.min(1, (candidate.score / normaliser) * languageFactor);
      const boost = 1 + RANKING.ruleBoost * ((ruleScores.get(candidate.doc) ?? 0) / ruleMax);
      return {
        id: index.docIds[candidate.doc]!,
        score: round(candidate.score * languageFactor * boost),
        confidence: round(confidence),
        why: {
          words: candidate.terms.slice(0, 3).map((term) => surfaces.get(term) ?? term),
          ...(rule && ruleScores.has(candidate.doc) ? { rule: rule.name } : {}),
        },
        matchedTerms: candidate.terms.length,
      };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
  const confident = (m: (typeof matches)[number]) =>
    m.confidence >= RANKING.tipThreshold && m.matchedTerms >= RANKING.minMatchedTerms;
  const firstUnsure = matches.findIndex((m) => !confident(m));
  const tipCount = Math.min(RANKING.tipSize, firstUnsure === -1 ? matches.length : firstUnsure);
  return { tip: tipCount > 0, tipCount, matches: matches.map(({ matchedTerms: _, ...match }) => match) };
}

/** Keeps the query terms that tell the most about the page: weight × idf, best first. */
export function selectQueryTerms(index: SearchIndex, terms: readonly QueryTerm[], max: number): QueryTerm[] {
  return terms
    .map((q) => ({ q, value: q.weight * (index.idf[termNumber(index, q.term)] ?? 0) }))
    .filter((x) => x.value > 0)
    .sort((a, b) => b.value - a.value)
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
 * last one also as a prefix, so results narrow while typing.
 */
export function searchCatalogue(index: SearchIndex, text: string, limit = 20): { id: string; score: number }[] {
  const words = tokenise(text).map((token) => token.surface);
  if (words.length === 0) return [];
  const groups = words.map((word, i) => {
    const variants = wordVariants(word);
    const isLast = i === words.length - 1 && !/\s$/.test(text);
    return isLast ? [...new Set([...variants, ...variants.flatMap((v) => termsWithPrefix(index, v, 30))])] : variants;
  });
  const query: QueryTerm[] = [...new Set(groups.flat())].map((term) => ({ term, weight: 1 }));
  return search(index, query, 5000)
    .filter((s) => {
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
