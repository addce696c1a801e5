import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPOUND_PART_WEIGHT, splitCompound, withCompoundParts } from '../compound';
import { stem, tokenise } from '../tokenise';

/** A vocabulary as an index would hold it: stemmed Dutch words. */
const VOCABULARY = new Set(
  ['klant', 'gesprek', 'functioner', 'draai', 'tabel', 'werk', 'druk', 'verkop', 'kans', 'servic', 'beoordel', 'formulier'].map((w) =>
    stem(w, 'nl'),
  ),
);
const isKnown = (term: string) => VOCABULARY.has(term);

describe('splitCompound', () => {
  it.each([
    ['klantgesprek', ['klant', 'gesprek']],
    ['klantgesprekken', ['klant', 'gesprek']],
    ['functioneringsgesprek', ['functioner', 'gesprek']],
    ['draaitabel', ['draai', 'tabel']],
    ['draaitabellen', ['draai', 'tabel']],
    ['werkdruk', ['werk', 'druk']],
    ['klantenservice', ['klant', 'servic']],
    ['beoordelingsgesprekformulier', ['beoordel', 'gesprek', 'formulier']],
    // Not compounds of known words, or too short to take apart.
    ['kerstborrel', []],
    ['gesprek', []],
    ['werkdrk', []],
    ['klant2024gesprek', []],
  ])('%s → %j', (word, parts) => {
    expect(splitCompound(word, isKnown)).toEqual(parts);
  });

  it('only ever returns known parts, and never throws, for any word', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (word) => {
        const parts = splitCompound(word.toLowerCase(), isKnown);
        for (const part of parts) expect(isKnown(part)).toBe(true);
        expect(parts.length).not.toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('stays bounded on a very long word', () => {
    const word = 'klant'.repeat(60);
    const started = performance.now();
    splitCompound(word, isKnown);
    // Not a benchmark: a guard against exponential recursion, which would take minutes.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('withCompoundParts', () => {
  it('adds known parts of Dutch compounds after the word, at COMPOUND_PART_WEIGHT', () => {
    const tokens = withCompoundParts(tokenise('Het klantgesprek', 'nl'), 'nl', isKnown);
    expect(tokens.map((t) => [t.term, t.weight])).toEqual([
      ['klantgesprek', 1],
      ['klant', COMPOUND_PART_WEIGHT],
      ['gesprek', COMPOUND_PART_WEIGHT],
    ]);
    expect(tokens.every((t) => t.surface === 'klantgesprek')).toBe(true);
  });

  it('asks each vocabulary for itself: parts found with one are not reused with another', () => {
    const none = () => false;
    expect(withCompoundParts(tokenise('klantgesprek', 'nl'), 'nl', isKnown).map((t) => t.term)).toEqual([
      'klantgesprek',
      'klant',
      'gesprek',
    ]);
    expect(withCompoundParts(tokenise('klantgesprek', 'nl'), 'nl', none).map((t) => t.term)).toEqual(['klantgesprek']);
  });

  it('leaves other languages alone', () => {
    const tokens = tokenise('customerconversation', 'en');
    expect(withCompoundParts(tokens, 'en', () => true)).toEqual(tokens);
  });
});
