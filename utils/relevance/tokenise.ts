import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as dutchStemmer } from '@orama/stemmers/dutch';
import { eng, nld } from 'stopword';

/** Languages Trailmark stems; other languages are tokenised without stemming. */
export type StemLanguage = 'en' | 'nl';

const STEMMERS: Record<StemLanguage, (word: string) => string> = { en: englishStemmer, nl: dutchStemmer };
const STOP_WORDS: Record<StemLanguage, ReadonlySet<string>> = {
  en: new Set([...eng, 'also', 'can', 'will', 'use', 'used', 'using', 'may', 'one', 'new', 'get', 'like']),
  nl: new Set([...nld, 'wel', 'kunt', 'kun', 'jouw', 'onze', 'ons', 'hoe', 'wat', 'waar', 'gaat', 'via']),
};
const ANY_STOP_WORD = new Set([...STOP_WORDS.en, ...STOP_WORDS.nl]);

/** Maps a BCP 47 tag to a language we stem, or undefined. */
export function stemLanguage(tag: string | undefined): StemLanguage | undefined {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return base === 'en' || base === 'nl' ? base : undefined;
}

/** Lower case without diacritics, so "één" and "een", "café" and "cafe" meet. */
export function foldCase(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const WORD = /[\p{L}\p{N}]+(?:[.'’][\p{L}\p{N}]+)*/gu;
const CAMEL_PART = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g;

/** One token of running text: the stemmed term, and the word as written (for the "why"). */
export interface Token {
  term: string;
  surface: string;
}

/**
 * Splits text into stemmed, stop-word-free terms. Acronyms (all capitals) survive stop-word
 * removal ("IT" is not "it"), identifiers such as `getElementById` also yield their parts, and
 * numbers are kept.
 *
 * @example tokenise('Draaitabellen maken in Excel', 'nl').map((t) => t.term) // ['draaitabell', 'mak', 'excel']
 */
export function tokenise(text: string, language?: string): Token[] {
  const lang = stemLanguage(language);
  const stopWords = lang ? STOP_WORDS[lang] : ANY_STOP_WORD;
  const tokens: Token[] = [];
  const push = (word: string) => {
    const isAcronym = word.length <= 5 && word.length >= 2 && word === word.toUpperCase() && /\p{Lu}/u.test(word);
    const folded = foldCase(word).replace(/[’']/g, '');
    if (folded.length < 2 && !/\d/.test(folded)) return;
    if (!isAcronym && stopWords.has(folded)) return;
    tokens.push({ term: stem(folded, lang), surface: word });
  };
  for (const match of text.matchAll(WORD)) {
    const word = match[0].replace(/\.$/, '');
    push(word);
    // Identifiers: "getElementById" also counts as get, element, by, id; "e-mail" stays whole.
    if (/[a-z][A-Z]/.test(word)) {
      for (const part of word.match(CAMEL_PART) ?? []) if (part.length > 2) push(part);
    }
  }
  return tokens;
}

/** Stems one folded word; numbers and words with digits stay as they are. */
export function stem(folded: string, lang: StemLanguage | undefined): string {
  if (!lang || /\d/.test(folded) || folded.length <= 3) return folded;
  return STEMMERS[lang](folded);
}
