import type { SearchIndex } from './search-index';

/**
 * The languages of a catalogue (its `language` field), most resources first, for the popup's
 * language filter.
 *
 * @example catalogueLanguages(index) // ['en', 'nl']
 */
export function catalogueLanguages(index: SearchIndex): string[] {
  const counts = new Map<string, number>();
  for (const language of index.docLanguages) counts.set(language, (counts.get(language) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([language]) => language);
}
