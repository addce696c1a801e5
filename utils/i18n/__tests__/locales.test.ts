import { describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import nl from '../../../public/_locales/nl/messages.json';
import { createTranslator, formatDuration, resolveLocale } from '..';

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
});
