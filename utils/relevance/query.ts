import type { PageSignals } from '../signals/schema';
import { withCompoundParts } from './compound';
import type { QueryTerm } from './search-index';
import { stemLanguage, tokenise } from './tokenise';

/**
 * How much a word counts by where on the page it stands. Tuned on the dev relevance set (`npm run eval`); only
 * the ratios matter. The running text carries the most evidence (its repeats are already damped by log), the
 * h1 names the topic, and the `<title>` counts little because it mostly repeats the h1 plus the site's name,
 * which would otherwise match whatever resource mentions that product.
 */
export const SIGNAL_WEIGHTS = {
  title: 0.5,
  h1: 2,
  ogTitle: 2,
  h2: 1.5,
  keywords: 1.5,
  description: 1.2,
  ogDescription: 1,
  h3: 1,
  text: 5,
} as const;

export interface PageQuery {
  terms: QueryTerm[];
  /** The word as first written on the page for each term, to explain matches in people's words. */
  surfaces: Map<string, string>;
}

/**
 * Turns page signals into weighted query terms. A word's weight is the sum over the places it
 * appears, with repeats damped (log) so a long page cannot shout. Dutch compounds also yield their
 * parts when `isKnown` (the index's vocabulary) knows them.
 *
 * @example queryFromSignals(signals).terms[0] // { term: 'pivot', weight: 7.4 }
 */
export function queryFromSignals(signals: PageSignals, isKnown: (term: string) => boolean = () => false): PageQuery {
  const lang = signals.lang;
  const stemLang = stemLanguage(lang);
  const sources: { text: string; weight: number }[] = [
    { text: signals.title, weight: SIGNAL_WEIGHTS.title },
    { text: signals.h1.join(' . '), weight: SIGNAL_WEIGHTS.h1 },
    { text: signals.ogTitle === signals.title ? '' : signals.ogTitle, weight: SIGNAL_WEIGHTS.ogTitle },
    { text: signals.h2.join(' . '), weight: SIGNAL_WEIGHTS.h2 },
    { text: signals.keywords.join(' . '), weight: SIGNAL_WEIGHTS.keywords },
    { text: signals.description, weight: SIGNAL_WEIGHTS.description },
    { text: signals.ogDescription === signals.description ? '' : signals.ogDescription, weight: SIGNAL_WEIGHTS.ogDescription },
    { text: signals.h3.join(' . '), weight: SIGNAL_WEIGHTS.h3 },
    { text: signals.text, weight: SIGNAL_WEIGHTS.text },
  ];
  const weights = new Map<string, number>();
  const surfaces = new Map<string, string>();
  for (const source of sources) {
    if (!source.text) continue;
    const counts = new Map<string, number>();
    for (const token of withCompoundParts(tokenise(source.text, lang), stemLang, isKnown)) {
      counts.set(token.term, (counts.get(token.term) ?? 0) + token.weight);
      if (!surfaces.has(token.term)) surfaces.set(token.term, token.surface);
    }
    for (const [term, count] of counts) {
      weights.set(term, (weights.get(term) ?? 0) + source.weight * (count <= 1 ? count : 1 + Math.log(count)));
    }
  }
  const terms = [...weights].map(([term, weight]) => ({ term, weight })).sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
  return { terms, surfaces };
}
