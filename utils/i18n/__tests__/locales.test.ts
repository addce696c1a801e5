import { describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import nl from '../../../public/_locales/nl/messages.json';
import { createTranslator, formatAgo, formatDuration, formatMoment, languageName, resolveLocale } from '..';

const placeholders = (text: string) => [...text.matchAll(/\$\d/g)].map((m) => m[0]).sort();

describe('translations', () => {
  it('has every key in both English and Dutch', () => {
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en))('%s uses the same substitutions in both languages', (key) => {
    const english = (en as Record<string, { message: string }>)[key]!.message;
    const dutch = (nl as Record<string, { message: string }>)[key]!.message;
    expect(dutch.trim()).not.toBe('');
    expect(placeholders(dutch)).toEqual(placeholders(english));
  });

  it('substitutes and formats per language', () => {
    expect(createTranslator('nl')('popupCatalogueCount', 12)).toBe('12 leermiddelen in de catalogus');
    expect(formatDuration(90, createTranslator('nl'))).toBe('1 u 30 min');
    expect(formatDuration(45, createTranslator('en'))).toBe('45 min');
  });

  it.each([
    ['auto', ['nl-BE', 'en'], 'nl'],
    ['auto', ['fr-FR', 'en-GB'], 'en'],
    ['auto', ['de'], 'en'],
    ['nl', ['en-US'], 'nl'],
  ] as const)('setting %s with browser languages %j → %s', (setting, preferred, locale) => {
    expect(resolveLocale(setting, preferred)).toBe(locale);
  });

  it.each([
    ['en', 1234, '1,234 resources in the catalogue'],
    ['nl', 1234, '1.234 leermiddelen in de catalogus'],
  ] as const)('writes numbers the %s way', (locale, count, text) => {
    expect(createTranslator(locale)('popupCatalogueCount', count)).toBe(text);
  });

  const NOW = Date.parse('2026-05-12T10:00:00Z');
  it.each([
    ['en', NOW - 3 * 3600_000, '3 hours ago'],
    ['nl', NOW - 3 * 3600_000, '3 uur geleden'],
    ['en', NOW - 26 * 3600_000, 'yesterday'],
    ['nl', NOW - 26 * 3600_000, 'gisteren'],
    ['en', NOW - 20_000, '20 seconds ago'],
    ['nl', NOW - 14 * 86400_000, '2 weken geleden'],
  ] as const)('says how long ago in %s: %s', (locale, at, text) => {
    expect(formatAgo(at, locale, NOW)).toBe(text);
  });

  it('writes a moment per language: time only today, date and time otherwise', () => {
    // Local times, so the test means the same in every time zone.
    const morning = new Date(2026, 4, 12, 9, 0).getTime();
    const later = new Date(2026, 4, 12, 15, 30).getTime();
    expect(formatMoment(later, 'en', morning)).toBe(new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(later));
    expect(formatMoment(later, 'nl', morning)).toBe('15:30');
    const nextWeek = new Date(2026, 4, 19, 15, 30).getTime();
    expect(formatMoment(nextWeek, 'nl', morning)).toMatch(/^19 mei 2026.*15:30$/);
    expect(formatMoment(nextWeek, 'en', morning)).toMatch(/^May 19, 2026.*3:30\sPM$/);
  });

  it.each([
    ['nl', 'en', 'Dutch'],
    ['nl', 'nl', 'Nederlands'],
    ['en', 'nl', 'Engels'],
    ['fr', 'nl', 'Frans'],
    ['zz', 'en', 'ZZ'],
    ['not a code!', 'en', 'NOT A CODE!'],
  ] as const)('names language %s in %s as %s', (code, locale, name) => {
    expect(languageName(code, locale)).toBe(name);
  });
});
