import type { PageSignals } from '../schema';

/**
 * Page signals with every field empty except those given: for tests, benchmarks and tools that
 * describe a page by hand.
 *
 * @example pageSignals({ title: 'Pivot tables', text: 'Summarise sales data' })
 */
export function pageSignals(fields: Partial<PageSignals> = {}): PageSignals {
  return {
    url: 'https://intranet.example.com/page',
    lang: 'en',
    title: '',
    description: '',
    keywords: [],
    ogTitle: '',
    ogDescription: '',
    h1: [],
    h2: [],
    h3: [],
    text: '',
    ...fields,
  };
}
