import { describe, expect, it } from 'vitest';
import { ResourceSchema, type ResourceInput } from '../../utils/catalogue/schema';
import { pageSignals } from '../../utils/signals/__tests__/blank';
import { buildMiniSearch, catalogueLanguage, searchBaseline, stemmedProcessTerm } from '../lib/minisearch-baseline';

const resource = (id: string, fields: Partial<ResourceInput>) =>
  ResourceSchema.parse({ id, title: id, url: `https://learn.example.com/${id}`, language: 'nl', ...fields });

const CATALOGUE = [
  resource('bewaarbeleid', { title: 'Bewaarbeleid instellen', description: 'Bewaartermijnen voor documenten.' }),
  resource('draaitabel', { title: 'Draaitabellen maken', description: 'Verkoopgegevens samenvatten.' }),
  resource('feedback', { title: 'Feedback geven', language: 'en', description: 'Giving feedback.' }),
];

describe('the stemmed MiniSearch peer', () => {
  it('folds diacritics, drops English and Dutch stop words and stems in the given language', () => {
    const nl = stemmedProcessTerm('nl');
    expect(nl('Draaitabellen')).toBe('draaitabell');
    expect(nl('Café')).toBe(nl('cafe'));
    expect(nl('de')).toBeNull();
    expect(nl('the')).toBeNull();
    expect(stemmedProcessTerm('en')('Running')).toBe('run');
  });

  it('takes the language most active resources are in', () => {
    expect(catalogueLanguage(CATALOGUE)).toBe('nl');
  });

  it('matches inflected forms that the plain peer misses, and prefixes of longer words', () => {
    const page = pageSignals({ lang: 'nl', title: 'Onze draaitabel', text: 'Zo maak je een draaitabel van de verkoop.' });
    expect(searchBaseline(buildMiniSearch(CATALOGUE, 'plain'), page).ids).not.toContain('draaitabel');
    expect(searchBaseline(buildMiniSearch(CATALOGUE, 'stemmed'), page).ids[0]).toBe('draaitabel');
    const prefix = pageSignals({ lang: 'nl', text: 'verkoopgeg' });
    expect(searchBaseline(buildMiniSearch(CATALOGUE, 'stemmed'), prefix).ids).toEqual(['draaitabel']);
  });
});
