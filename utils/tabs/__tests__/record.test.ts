import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedTabRecord, boundTabUrl, MAX_TAB_URL, sameTabUrl } from '../record';

describe('tab records in session storage', () => {
  it('keeps short addresses as they are', () => {
    const url = 'https://crm.example.com/opportunities/42?tab=notes';
    expect(boundTabUrl(url)).toBe(url);
    expect(boundedTabRecord({ url, cards: [] })).toEqual({ url, cards: [] });
  });

  it('bounds a 1.9 MB address to MAX_TAB_URL characters and still tells pages apart', () => {
    const base = `https://crm.example.com/${'x'.repeat(1_900_000)}`;
    const stored = boundTabUrl(base);
    expect(stored.length).toBeLessThanOrEqual(MAX_TAB_URL);
    expect(stored.startsWith('https://crm.example.com/xxx')).toBe(true);
    expect(sameTabUrl(stored, base)).toBe(true);
    expect(sameTabUrl(stored, `${base}y`)).toBe(false);
    expect(sameTabUrl(stored, base.slice(0, -1) + 'y')).toBe(false);
    expect(JSON.stringify(boundedTabRecord({ url: base, cards: [] })).length).toBeLessThan(MAX_TAB_URL + 50);
  });

  it('never stores more than MAX_TAB_URL characters, and a record matches its own page', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6000 }), (tail) => {
        const url = `https://crm.example.com/${tail}`;
        expect(boundTabUrl(url).length).toBeLessThanOrEqual(MAX_TAB_URL);
        expect(sameTabUrl(boundTabUrl(url), url)).toBe(true);
      }),
    );
  });

  it('tells long addresses apart that differ anywhere', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4999 }), (at) => {
        const a = `https://crm.example.com/${'a'.repeat(5000)}`;
        const b = a.slice(0, 24 + at) + 'b' + a.slice(25 + at);
        expect(sameTabUrl(boundTabUrl(a), b)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
