import { describe, expect, it } from 'vitest';
import { ResourceSchema, type ResourceInput } from '../../catalogue/schema';
import { DEMO_SITE_RULES } from '../../rules/demo';
import type { PageSignals } from '../../signals/schema';
import { FEEDBACK, feedbackFactor } from '../feedback';
import { decidePage } from '../page';
import { buildSearchIndex } from '../search-index';

const resource = (id: string, fields: Partial<ResourceInput>) =>
  ResourceSchema.parse({ id, title: id, url: `https://learn.example.com/${id}`, language: 'en', ...fields });

const index = buildSearchIndex([
  resource('pivot', {
    title: 'Pivot tables in Excel',
    keywords: ['pivot table', 'summarise data'],
    description: 'Summarise sales data with pivot tables.',
  }),
  resource('pivot-advanced', {
    title: 'Advanced pivot tables',
    keywords: ['pivot table', 'slicers'],
    description: 'Pivot tables for large sales data.',
  }),
  resource('sales-report', {
    title: 'Monthly sales report',
    keywords: ['sales data', 'report'],
    description: 'Build a sales report from data.',
  }),
  resource('canteen', { title: 'Canteen menu', description: 'Soup and salad.' }),
]);
const signals: PageSignals = {
  url: 'http://127.0.0.1/sheets/x.html',
  lang: 'en',
  title: 'Create a pivot table to summarise sales data',
  description: '',
  keywords: [],
  ogTitle: '',
  ogDescription: '',
  h1: ['Pivot tables'],
  h2: ['Summarise sales data'],
  h3: [],
  text: 'A pivot table summarises sales data. Drag fields into a pivot table to build a sales report.',
};
const decide = (notRelevant: string[], useful: string[] = []) =>
  decidePage(index, DEMO_SITE_RULES, signals, 5, feedbackFactor({ notRelevant, useful }));
const tipIds = (outcome: ReturnType<typeof decide>) => outcome.matches.slice(0, outcome.tipCount).map((m) => m.id);

describe('feedbackFactor: the employee’s feedback in the ranking', () => {
  it.each([
    ['no feedback: no hook', { notRelevant: [], useful: [] }, 'x', 'none'],
    ['not relevant', { notRelevant: ['x'], useful: [] }, 'x', FEEDBACK.notRelevant],
    ['useful', { notRelevant: [], useful: ['x'] }, 'x', FEEDBACK.useful],
    ['another resource', { notRelevant: ['y'], useful: [] }, 'x', undefined],
  ])('%s', (_, feedback, id, factor) => {
    const hook = feedbackFactor(feedback);
    if (factor === 'none') expect(hook).toBeUndefined();
    else expect(hook!(id)).toBe(factor);
  });

  it('“not relevant” sinks a resource to the bottom and out of the tip, on that site’s ranking', () => {
    const plain = decide([]);
    expect(tipIds(plain)[0]).toBe('pivot');
    const marked = decide(['pivot']);
    expect(tipIds(marked)).not.toContain('pivot');
    expect(marked.matches.at(-1)).toMatchObject({ id: 'pivot', score: 0, confidence: 0 });
  });

  it('“useful” lifts a resource among the matches but never raises its confidence', () => {
    const plain = decide([]);
    const second = plain.matches[1]!;
    const lifted = decide([], [second.id]).matches.find((m) => m.id === second.id)!;
    expect(lifted.score).toBeCloseTo(second.score * FEEDBACK.useful, 2);
    expect(lifted.confidence).toBe(second.confidence);
  });
});
