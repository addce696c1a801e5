import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as dutchStemmer } from '@orama/stemmers/dutch';
import { eng, nld } from 'stopword';

/** Languages Trailmark stems; other languages are tokenised without stemming. */
export type StemLanguage = 'en' | 'nl';

const STEMMERS: Record<StemLanguage, (word: string) => string> = { en: englishStemmer, nl: dutchStemmer };
const words = (list: string) => list.trim().split(/\s+/);

/**
 * The `stopword` package's Dutch list is Snowball's: about 100 base forms, without the inflected
 * forms ("wordt", "alle", "elke", "welke") and common function words ("zoals", "tussen", "wanneer")
 * that Dutch text is full of. On real Dutch pages those words alone matched a page to unrelated
 * guides, so the list is completed here with function words only (no content words).
 */
const DUTCH_FUNCTION_WORDS = words(`
  wel kunt kun jouw onze ons hoe wat waar gaat via alle elk elke ieder iedere welk welke wordt werden bent hebt wilt willen
  wilde zult zullen zoals tussen wanneer waarbij waarin waarmee waarop waarvan waardoor ervoor erop ermee erin ervan eraan
  daarna daarom daarmee daarvoor daarin hierin hiervoor hiermee hierop hierbij hierna toe sommige enkele beide bijvoorbeeld
  alleen echter eerst tijdens binnen buiten onder boven achter naast sinds zodat terwijl indien tenzij hoewel zowel even
  steeds vaak soms nooit misschien weer nogmaals ongeveer zeer erg heel hele gehele geheel jullie hen jij jou eerder later
  verder anders ander zelfde dezelfde hetzelfde mogelijk moeten mag mogen`);
/**
 * Words of instructions that any how-to text and any help page share, whatever it is about ("select",
 * "go to", "add", "save", "new", "step"): on the labelled sets they said nothing about a page's topic
 * but decided many of the false tips.
 */
const INSTRUCTION_WORDS = {
  en: words(`click select selected choose go open step steps following example details see want add added save saved delete
    deleted remove removed edit change changed`),
  nl: words(`klik klikt klikken selecteer selecteert selecteren geselecteerd kies kiest kiezen ga gaan open openen stap stappen
    volgende voorbeeld details nieuw nieuwe zie gebruikt gebruiken gebruik voeg voegt zorg zorgen zorgt toevoegen toegevoegd
    opslaan opgeslagen sla verwijder verwijderen verwijderd aanpassen aangepast wijzig wijzigen gewijzigd`),
};
const STOP_WORDS: Record<StemLanguage, ReadonlySet<string>> = {
  en: new Set([...eng, 'also', 'can', 'will', 'use', 'used', 'using', 'may', 'one', 'new', 'get', 'like', ...INSTRUCTION_WORDS.en]),
  nl: new Set([...nld, ...DUTCH_FUNCTION_WORDS, ...INSTRUCTION_WORDS.nl, ...eng]),
};
const ANY_STOP_WORD = new Set([...STOP_WORDS.en, ...STOP_WORDS.nl]);

/**
 * How much the parts of a camel-cased word count next to the word itself. An identifier such as
 * `getElementById` is about elements, but a brand such as "GitHub" is not about hubs, and counting
 * every part as a word counted a brand three times. Tuned on the dev set: from 1 down to 0.1 the
 * nDCG barely moves while false tips on pages that merely name a product drop sharply.
 */
export const PART_WEIGHT = 0.1;

/** Maps a BCP 47 tag to a language we stem, or undefined. */
export function stemLanguage(tag: string | undefined): StemLanguage | undefined {
  if (tag === 'en' || tag === 'nl') return tag; // most resources: asked for each of their fields
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return base === 'en' || base === 'nl' ? base : undefined;
}

/** Lower case without diacritics, so "één" and "een", "café" and "cafe" meet. */
export function foldCase(text: string): string {
  // Most words are plain ASCII: skip Unicode normalisation for them (a third of indexing time otherwise).
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

const WORD = /[\p{L}\p{N}]+(?:[.'’][\p{L}\p{N}]+)*/gu;
const CAMEL_PART = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g;
const CAMEL = /[a-z][A-Z]|[A-Z]{2}[a-z]/;

/** One token of running text: the stemmed term, the word as written (for the "why") and how much it counts. */
export interface Token {
  readonly term: string;
  readonly surface: string;
  /** 1 for a word; `PART_WEIGHT` for a part of an identifier or compound. */
  readonly weight: number;
}

/**
 * Splits text into stemmed, stop-word-free terms. Acronyms (all capitals) survive stop-word
 * removal ("IT" is not "it"), numbers are kept, dotted names (`document.querySelector`) count as
 * their names, and identifiers (`getElementById`) also yield their parts at `PART_WEIGHT`.
 *
 * @example tokenise('Draaitabellen maken in Excel', 'nl').map((t) => t.term) // ['draaitabel', 'mak', 'excel']
 */
export function tokenise(text: string, language?: string): Token[] {
  const lang = stemLanguage(language);
  const cache = WORD_CACHE[lang ?? 'any'];
  const tokens: Token[] = [];
  // `match` with the global flag gives the words as strings: no match objects, unlike `matchAll`.
  for (const written of text.match(WORD) ?? []) {
    let found = cache.get(written);
    if (!found) {
      found = wordTokens(written, lang);
      if (cache.size >= WORD_CACHE_SIZE) cache.clear();
      cache.set(written, found);
    }
    for (const token of found) tokens.push(token);
  }
  return tokens;
}

/**
 * The tokens of each word as written, per language. Words follow Zipf's law, so most lookups hit;
 * the regular expressions, case folding and stop-word checks then run once per distinct word
 * (they were about half of an index build). Tokens are immutable and shared. Emptied when full.
 */
const WORD_CACHE: Record<StemLanguage | 'any', Map<string, readonly Token[]>> = { en: new Map(), nl: new Map(), any: new Map() };
const WORD_CACHE_SIZE = 100_000;

/** The tokens of one match of `WORD`. */
function wordTokens(match: string, lang: StemLanguage | undefined): Token[] {
  const stopWords = lang ? STOP_WORDS[lang] : ANY_STOP_WORD;
  const tokens: Token[] = [];
  const push = (word: string, weight: number) => {
    const isAcronym = word.length <= 5 && word.length >= 2 && word === word.toUpperCase() && /\p{Lu}/u.test(word);
    const folded = foldCase(word).replace(/[’']/g, '');
    if (folded.length < 2 && !/\d/.test(folded)) return;
    if (!isAcronym && stopWords.has(folded)) return;
    tokens.push({ term: stem(folded, lang), surface: word, weight });
  };
  const written = match.replace(/\.$/, '');
  // "console.log" and "GitHub.com" are names joined by dots; "3.5" and "v1.2" stay whole.
  const words = /\p{L}\.\p{L}/u.test(written) ? written.split('.') : [written];
  for (const word of words) {
    push(word, 1);
    if (!CAMEL.test(word)) continue;
    for (const part of word.match(CAMEL_PART) ?? []) if (part.length > 2) push(part, PART_WEIGHT);
  }
  return tokens;
}

/** Stems already computed, per language: words follow Zipf's law, so most lookups hit. Emptied when full. */
const STEM_CACHE: Record<StemLanguage, Map<string, string>> = { en: new Map(), nl: new Map() };
const STEM_CACHE_SIZE = 100_000;

/** Stems one folded word; numbers and words with digits stay as they are. */
export function stem(folded: string, lang: StemLanguage | undefined): string {
  if (!lang || folded.length <= 3) return folded;
  const cache = STEM_CACHE[lang];
  let stemmed = cache.get(folded);
  if (stemmed !== undefined) return stemmed;
  stemmed = /\d/.test(folded) ? folded : STEMMERS[lang](folded);
  // Snowball's Dutch stemmer keeps a doubled consonant before a removed ending ("tabellen" → "tabell")
  // but not in the base form ("tabel"); undoubling makes both meet. Dutch words do not end in a double consonant.
  if (lang === 'nl') stemmed = stemmed.replace(/([^aeiou])\1$/, '$1');
  if (cache.size >= STEM_CACHE_SIZE) cache.clear();
  cache.set(folded, stemmed);
  return stemmed;
}
