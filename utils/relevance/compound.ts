import { foldCase, stem, type StemLanguage, type Token } from './tokenise';

/** Words shorter than this are not taken apart: short words are rarely compounds, and parts get too short. */
export const MIN_COMPOUND_LENGTH = 8;
/** Each part of a compound has at least this many letters, so "be" + "stand" is never tried. */
export const MIN_PART_LENGTH = 4;
/** Dutch links the parts of a compound with -s-, -e- or -en- ("functioneringsgesprek", "klantenservice"). */
const LINKING = ['', 's', 'en', 'e'] as const;
/** How much each part of a compound counts next to the compound itself. Tuned on the Dutch set. */
export const COMPOUND_PART_WEIGHT = 0.5;
/** Compounds of more than this many parts are left with their first split, which keeps the work bounded. */
const MAX_PARTS = 3;

/**
 * Splits a Dutch compound into parts that the vocabulary knows, stemmed: "klantgesprekken" →
 * ["klant", "gesprek"], "functioneringsgesprek" → ["functioner", "gesprek"]. The split whose
 * shortest part is longest wins, so "draaitabel" becomes "draai" + "tabel" rather than a split
 * that leaves a fragment. Returns [] when no split has every part known.
 *
 * @example splitCompound('draaitabellen', (t) => t === 'draai' || t === 'tabel') // ['draai', 'tabel']
 */
export function splitCompound(folded: string, isKnown: (term: string) => boolean, lang: StemLanguage = 'nl'): string[] {
  if (!/^\p{L}+$/u.test(folded)) return [];
  // Every tail is a suffix of the word and every head a prefix, so memoising stems keeps this O(length²) lookups.
  const stems = new Map<string, string>();
  const stemmed = (word: string) => {
    let value = stems.get(word);
    if (value === undefined) stems.set(word, (value = stem(word, lang)));
    return value;
  };
  return split(folded, isKnown, stemmed, MAX_PARTS) ?? [];
}

function split(
  word: string,
  isKnown: (term: string) => boolean,
  stemmed: (word: string) => string,
  maxParts: number,
): string[] | undefined {
  if (word.length < MIN_COMPOUND_LENGTH || maxParts < 2) return undefined;
  let best: string[] | undefined;
  let bestShortest = 0;
  for (let cut = MIN_PART_LENGTH; cut <= word.length - MIN_PART_LENGTH; cut++) {
    const tail = word.slice(cut);
    const tailStem = stemmed(tail);
    const tailParts = isKnown(tailStem) ? [tailStem] : split(tail, isKnown, stemmed, maxParts - 1);
    if (!tailParts) continue;
    const shortestTail = Math.min(...tailParts.map((p) => p.length));
    for (const link of LINKING) {
      const head = word.slice(0, cut);
      if (!head.endsWith(link) || head.length - link.length < MIN_PART_LENGTH) continue;
      const headWord = head.slice(0, head.length - link.length);
      const headStem = isKnown(headWord) ? headWord : stemmed(headWord);
      if (!isKnown(headStem)) continue;
      const shortest = Math.min(headStem.length, shortestTail);
      if (shortest > bestShortest) {
        best = [headStem, ...tailParts];
        bestShortest = shortest;
      }
    }
  }
  return best;
}

/**
 * Adds the parts of Dutch compounds after each compound token, at `COMPOUND_PART_WEIGHT` of the word, so a
 * page about "klantgesprekken" also matches a course on "gesprekken met klanten" and the other way
 * round. Other languages come back unchanged. Parts are looked up once per distinct word and
 * vocabulary (`isKnown`): an index build asks with one vocabulary for every resource.
 */
export function withCompoundParts(tokens: readonly Token[], lang: StemLanguage | undefined, isKnown: (term: string) => boolean): Token[] {
  if (lang !== 'nl') return [...tokens];
  let seen = PARTS_BY_VOCABULARY.get(isKnown);
  if (!seen) PARTS_BY_VOCABULARY.set(isKnown, (seen = new Map()));
  if (seen.size >= PARTS_CACHE_SIZE) seen.clear();
  const out: Token[] = [];
  for (const token of tokens) {
    out.push(token);
    if (token.surface.length < MIN_COMPOUND_LENGTH) continue;
    const folded = foldCase(token.surface);
    let parts = seen.get(folded);
    if (!parts) seen.set(folded, (parts = splitCompound(folded, isKnown, lang).filter((part) => part !== token.term)));
    for (const part of parts) out.push({ term: part, surface: token.surface, weight: token.weight * COMPOUND_PART_WEIGHT });
  }
  return out;
}

/** Parts found per folded word, per vocabulary; a vocabulary's entry goes when it does. */
const PARTS_BY_VOCABULARY = new WeakMap<(term: string) => boolean, Map<string, string[]>>();
const PARTS_CACHE_SIZE = 100_000;
