import type { Resource } from '../../utils/catalogue/schema';
import { seededRandom } from '../../utils/random/seeded';

/** Every run benchmarks the same catalogue and queries. */
export const random = seededRandom;

const ONSETS = [
  '',
  'b',
  'br',
  'c',
  'ch',
  'd',
  'dr',
  'f',
  'fl',
  'g',
  'gr',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'pl',
  'pr',
  'r',
  's',
  'sh',
  'st',
  't',
  'tr',
  'v',
  'w',
  'z',
];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ee', 'io', 'ou', 'oo'];
const CODAS = ['', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'ng', 'st', 'rk', 'x'];

/**
 * A vocabulary of `size` distinct pronounceable pseudo-words, most frequent first. Real words
 * would drag in a language's stemmer quirks; these behave like an unseen jargon.
 */
export function vocabulary(size: number, seed = 7): string[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const words = new Set<string>();
  while (words.size < size) {
    const syllables = 1 + Math.floor(next() * 3);
    let word = '';
    for (let s = 0; s < syllables; s++) word += pick(ONSETS) + pick(NUCLEI) + pick(CODAS);
    if (word.length >= 3) words.add(word);
  }
  return [...words];
}

/** Samples ranks 0…n−1 with P(rank r) ∝ 1 / (r + 1)^s: Zipf's law, as word frequencies follow. */
export function zipfSampler(n: number, s: number, next: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cumulative[r] = total += 1 / Math.pow(r + 1, s);
  return () => {
    const target = next() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

export const VOCABULARY_SIZE = 50_000;
/** Words per resource by field: about 70 in all, like a catalogue entry with a paragraph of description. */
export const FIELD_WORDS = { title: 6, keywords: 6, skills: 2, description: 56 } as const;

/**
 * `count` resources with a Zipf vocabulary: titles, keywords and skills drawn from the rarer, more
 * topical part; descriptions from the whole distribution.
 */
export function syntheticCatalogue(count: number, seed = 1): Resource[] {
  const words = vocabulary(VOCABULARY_SIZE);
  const next = random(seed);
  const anyWord = zipfSampler(words.length, 1.05, next);
  const topical = () => words[Math.min(words.length - 1, 100 + anyWord())]!;
  const draw = (n: number, from: () => string) => Array.from({ length: n }, from);
  return Array.from({ length: count }, (_, i) => ({
    id: `r${i}`,
    title: draw(FIELD_WORDS.title, topical).join(' '),
    description: draw(FIELD_WORDS.description, () => words[anyWord()]!).join(' '),
    url: `https://learn.example.com/r${i}`,
    type: 'course',
    language: 'en',
    skills: draw(FIELD_WORDS.skills, () => words[100 + Math.floor(next() * 400)]!),
    keywords: draw(FIELD_WORDS.keywords / 2, () => `${topical()} ${topical()}`),
    provider: 'Bench',
    audience: [],
    level: '',
    active: true,
  }));
}

/**
 * Page-derived queries of `terms` distinct words: a page about one resource shares some of its
 * words (from title, keywords and description) and adds running text from the whole vocabulary.
 */
export function syntheticQueries(catalogue: readonly Resource[], count: number, terms = 50, seed = 2): string[][] {
  const words = vocabulary(VOCABULARY_SIZE);
  const next = random(seed);
  const anyWord = zipfSampler(words.length, 1.05, next);
  return Array.from({ length: count }, () => {
    const target = catalogue[Math.floor(next() * catalogue.length)]!;
    const own = [target.title, ...target.keywords, target.description].join(' ').split(' ');
    const query = new Set<string>();
    while (query.size < 15) query.add(own[Math.floor(next() * own.length)]!);
    while (query.size < terms) query.add(words[anyWord()]!);
    return [...query];
  });
}
