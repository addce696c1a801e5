import { describe, expect, it } from 'vitest';
import { ResourceSchema, type ResourceInput } from '../../catalogue/schema';
import { SiteRuleSchema } from '../../rules/schema';
import type { PageSignals } from '../../signals/schema';
import { pageSignals } from '../../signals/__tests__/blank';
import { CONFIDENCE_MODEL } from '../confidence';
import { matchPage, rankCandidates, searchCatalogue } from '../rank';
import { buildSearchIndex, search, termNumber } from '../search-index';
import { foldCase, PART_WEIGHT, stem, tokenise } from '../tokenise';

const resource = (id: string, fields: Partial<ResourceInput>) =>
  ResourceSchema.parse({ id, title: id, url: `https://learn.example.com/${id}`, language: 'en', ...fields });

const CATALOGUE = [
  resource('pivot-en', {
    title: 'Pivot tables in Excel',
    keywords: ['pivot table', 'summarise data'],
    skills: ['spreadsheets'],
    description: 'Summarise and filter sales data with pivot tables.',
  }),
  resource('draaitabel-nl', {
    title: 'Draaitabellen in Excel',
    language: 'nl',
    keywords: ['draaitabel', 'gegevens samenvatten'],
    skills: ['spreadsheets'],
    description: 'Vat verkoopgegevens samen met een draaitabel.',
  }),
  resource('feedback-en', {
    title: 'Giving feedback that lands',
    keywords: ['feedback', 'conversation'],
    skills: ['feedback'],
    description: 'Give specific, kind and useful feedback to colleagues.',
  }),
  resource('crm-en', {
    title: 'Managing opportunities in the CRM',
    keywords: ['opportunity', 'pipeline', 'forecast'],
    skills: ['crm', 'sales'],
    description: 'Keep your sales pipeline and forecast up to date.',
  }),
  resource('negotiation-en', {
    title: 'Negotiating price with confidence',
    keywords: ['negotiation', 'pricing', 'objections'],
    skills: ['sales'],
    description: 'Handle pricing objections and negotiate a fair deal.',
  }),
  resource('retired', { title: 'Pivot tables (old)', active: false }),
];
const index = buildSearchIndex(CATALOGUE);

const signals = (fields: Partial<PageSignals>): PageSignals => pageSignals(fields);

describe('tokenise', () => {
  it.each([
    ['Running the pivot tables', 'en', ['run', 'pivot', 'tabl']],
    ['Draaitabellen maken voor klantgesprekken', 'nl', ['draaitabel', 'mak', 'klantgesprek']],
    ['IT and it', 'en', ['it']],
    ['Café Ärger', undefined, ['cafe', 'arger']],
    ['één van de', undefined, []],
    ['getElementById', 'en', ['getelementbyid', 'element']],
    ['Q3 2026 forecast', 'en', ['q3', '2026', 'forecast']],
    // Inflected Dutch function words and instruction words say nothing about the topic.
    ['Selecteer alle waarschuwingen zoals deze wordt weergegeven', 'nl', ['waarschuw', 'weergegev']],
    ['Click Save, then select the new retention policy', 'en', ['reten', 'polici']],
    ['version 3.5 of Node.js', 'en', ['version', '3.5', 'node', 'js']],
    ['document.querySelector()', 'en', ['document', 'queryselector', 'queri', 'selector']],
    ["the team's goals", 'en', ['team', 'goal']],
    ['GitHub', 'en', ['github', 'git', 'hub']],
  ])('%s (%s)', (text, lang, terms) => {
    expect(tokenise(text, lang).map((t) => t.term)).toEqual(terms);
  });

  it('tokenises a word by its language, however often and in whichever order it was seen before', () => {
    // Tokens are cached per word and language: "wordt" is a Dutch stop word only, "running" stems in English only.
    const texts = [
      ['Running wordt', 'en'],
      ['Running wordt', 'nl'],
      ['Running wordt', undefined],
    ] as const;
    const first = texts.map(([text, lang]) => tokenise(text, lang).map((t) => t.term));
    expect(first).toEqual([['run', 'wordt'], ['running'], ['running']]);
    expect([...texts].reverse().map(([text, lang]) => tokenise(text, lang).map((t) => t.term))).toEqual([...first].reverse());
  });

  it('gives the parts of a camel-cased word PART_WEIGHT and keeps the word whole at 1', () => {
    expect(tokenise('GitHub', 'en').map((t) => [t.surface, t.weight])).toEqual([
      ['GitHub', 1],
      ['Git', PART_WEIGHT],
      ['Hub', PART_WEIGHT],
    ]);
  });

  it.each([
    ['tabellen', 'tabel'],
    ['draaitabellen', 'draaitabel'],
    ['gesprekken', 'gesprek'],
    ['klanten', 'klant'],
  ])('stems Dutch %s and its base form %s alike', (inflected, base) => {
    expect(stem(inflected, 'nl')).toBe(stem(base, 'nl'));
  });

  it('folds case and diacritics', () => {
    expect(foldCase('Ärger ÉÉN')).toBe('arger een');
  });
});

describe('search index', () => {
  it('indexes active resources only and finds them by stemmed terms', () => {
    expect(index.docIds).not.toContain('retired');
    const [best] = search(index, [
      { term: 'pivot', weight: 1 },
      { term: 'tabl', weight: 1 },
    ]);
    expect(index.docIds[best!.doc]).toBe('pivot-en');
    expect(best!.terms.sort()).toEqual(['pivot', 'tabl']);
  });

  it('gives rarer terms a higher idf', () => {
    expect(index.idf[termNumber(index, 'negoti')]!).toBeGreaterThan(index.idf[termNumber(index, 'excel')]!);
  });

  it('ranks a title match above a description-only match', () => {
    const results = search(index, [{ term: 'feedback', weight: 1 }]);
    expect(index.docIds[results[0]!.doc]).toBe('feedback-en');
  });
});

describe('matchPage', () => {
  it('shows a tip on a page about pivot tables, with the page words as the why', () => {
    const result = matchPage(
      index,
      signals({ title: 'Help: build a pivot table', h1: ['Pivot tables'], text: 'Summarise your sales data with a pivot table.' }),
    );
    expect(result.tip).toBe(true);
    expect(result.matches[0]).toMatchObject({ id: 'pivot-en' });
    expect(result.matches[0]!.why.words).toEqual(expect.arrayContaining(['pivot']));
    expect(result.matches[0]!.confidence).toBeGreaterThanOrEqual(CONFIDENCE_MODEL.tipThreshold);
  });

  it('prefers the resource in the page language', () => {
    const result = matchPage(index, signals({ lang: 'nl', title: 'Draaitabel maken in Excel', text: 'Zo maak je een draaitabel.' }));
    expect(result.matches[0]?.id).toBe('draaitabel-nl');
  });

  it('shows no tip on a page about something else', () => {
    const result = matchPage(
      index,
      signals({
        title: 'Canteen menu this week',
        h1: ['Menu'],
        text: 'Soup of the day, lasagne, salad bar. Bicycle parking closes at 19:00.',
      }),
    );
    expect(result.tip).toBe(false);
  });

  it('lets the winning rule favour its skills among matches, never create matches', () => {
    const page = signals({ title: 'Deal review', text: 'Opportunity pipeline and pricing objections for the negotiation.' });
    const rule = SiteRuleSchema.parse({ id: 'r', name: 'CRM', action: 'suggest', patterns: ['<all_urls>'], skills: ['crm'] });
    const plain = matchPage(index, page);
    const boosted = matchPage(index, page, { rule });
    const crmScore = (r: typeof plain) => r.matches.find((m) => m.id === 'crm-en')!.score;
    expect(crmScore(boosted)).toBeGreaterThan(crmScore(plain));
    expect(boosted.matches.find((m) => m.id === 'crm-en')!.why.rule).toBe('CRM');
    const unrelated = matchPage(index, signals({ title: 'Canteen menu', text: 'Lasagne' }), { rule });
    expect(unrelated.matches).toEqual([]);
  });
});

describe('searchCatalogue', () => {
  it.each([
    ['pivot', ['pivot-en']],
    ['piv', ['pivot-en']],
    ['draaitab', ['draaitabel-nl']],
    ['pricing obj', ['negotiation-en']],
    ['feedback pivot', []],
    ['', []],
  ])('“%s” finds %j', (text, ids) => {
    expect(searchCatalogue(index, text).map((r) => r.id)).toEqual(ids);
  });
});

describe('rankCandidates', () => {
  const page = signals({ title: 'Help: build a pivot table', h1: ['Pivot tables'], text: 'Summarise your sales data with a pivot table.' });

  it('describes each candidate with features the confidence model reads', () => {
    const [best, second] = rankCandidates(index, page);
    expect(best!.id).toBe('pivot-en');
    expect(best!.features.strength).toBeGreaterThan(second!.features.strength);
    expect(best!.features.topCoverage).toBeGreaterThan(0);
    expect(best!.features.topCoverage).toBeLessThanOrEqual(1);
    expect(best!.features.dominance).toBeGreaterThan(0);
    expect(best!.features.dominance).toBeLessThanOrEqual(1);
    expect(best!.features.margin).toBeGreaterThan(0);
    expect(second!.features.margin).toBe(0);
  });

  it.each([
    ['demotes a resource marked not relevant on this site, out of the tip', 0.2, false],
    ['promotes a resource opened before, without raising its confidence', 3, true],
  ])('%s', (_, factor, inTip) => {
    const plain = matchPage(index, page);
    const personal = matchPage(index, page, { feedback: (id) => (id === 'pivot-en' ? factor : undefined) });
    const before = plain.matches.find((m) => m.id === 'pivot-en')!;
    const after = personal.matches.find((m) => m.id === 'pivot-en')!;
    expect(after.score).toBeCloseTo(before.score * factor, 2);
    expect(after.confidence).toBeLessThanOrEqual(before.confidence);
    expect(plain.matches.slice(0, plain.tipCount).map((m) => m.id)).toContain('pivot-en');
    expect(
      personal.matches
        .slice(0, personal.tipCount)
        .map((m) => m.id)
        .includes('pivot-en'),
    ).toBe(inTip);
  });

  it('never lets feedback create a match', () => {
    const canteen = signals({ title: 'Canteen menu', text: 'Lasagne and soup' });
    expect(matchPage(index, canteen, { feedback: () => 10 }).matches).toEqual([]);
  });
});
