import { describe, expect, it } from 'vitest';
import { bestHitAt, coverageAtFalseTipRate, dcg, hitAt, mean, ndcgAt, recallAt, tipRates, tradeOffCurve } from '../metrics';

const grades = (entries: Partial<Record<string, number>>) =>
  new Map(Object.entries(entries).filter((entry): entry is [string, number] => entry[1] !== undefined));
const L2 = Math.log2(3); // discount at rank 2
const L3 = 2; // log2(4), rank 3
const L4 = Math.log2(5); // rank 4

describe('dcg', () => {
  it.each([
    { gains: [], k: 5, expected: 0 },
    { gains: [2], k: 5, expected: 2 },
    { gains: [0, 2], k: 5, expected: 2 / L2 },
    { gains: [2, 1, 1], k: 5, expected: 2 + 1 / L2 + 1 / L3 },
    { gains: [2, 1, 1], k: 2, expected: 2 + 1 / L2 },
  ])('dcg($gains, $k) = $expected', ({ gains, k, expected }) => {
    expect(dcg(gains, k)).toBeCloseTo(expected, 10);
  });
});

describe('ndcgAt', () => {
  it.each([
    { name: 'perfect single', ranking: ['a', 'b'], judged: { a: 2 }, k: 5, expected: 1 },
    { name: 'relevant at rank 2', ranking: ['x', 'a'], judged: { a: 2 }, k: 5, expected: 1 / L2 }, // 0.6309
    { name: 'relevant at rank 3', ranking: ['x', 'y', 'a'], judged: { a: 2 }, k: 5, expected: 0.5 },
    { name: 'relevant below k', ranking: ['x', 'y', 'a'], judged: { a: 2 }, k: 2, expected: 0 },
    { name: 'nothing found', ranking: ['x', 'y'], judged: { a: 2 }, k: 5, expected: 0 },
    { name: 'empty ranking', ranking: [], judged: { a: 2 }, k: 5, expected: 0 },
    {
      // DCG = 1 + 2/log2(3) = 2.2619; ideal = 2 + 1/log2(3) = 2.6309; nDCG = 0.8597
      name: 'grades in the wrong order',
      ranking: ['b', 'a'],
      judged: { a: 2, b: 1 },
      k: 5,
      expected: (1 + 2 / L2) / (2 + 1 / L2),
    },
    {
      // DCG = 2/log2(4) + 2/log2(5) = 1 + 0.8614; ideal = 2 + 2/log2(3) = 3.2619; nDCG = 0.5706
      name: 'two relevant at ranks 3 and 4',
      ranking: ['x', 'y', 'a', 'b'],
      judged: { a: 2, b: 2 },
      k: 5,
      expected: (2 / L3 + 2 / L4) / (2 + 2 / L2),
    },
    {
      // The ideal is cut at k too: ideal@1 = 2, DCG@1 = 2.
      name: 'more relevant than k',
      ranking: ['a', 'b', 'c'],
      judged: { a: 2, b: 2, c: 2 },
      k: 1,
      expected: 1,
    },
    { name: 'no relevant resource', ranking: ['a'], judged: {}, k: 5, expected: 0 },
    { name: 'grade 0 is not relevant', ranking: ['a'], judged: { a: 0 }, k: 5, expected: 0 },
  ])('$name', ({ ranking, judged, k, expected }) => {
    expect(ndcgAt(ranking, grades(judged), k)).toBeCloseTo(expected, 10);
  });
});

describe('recallAt and hitAt', () => {
  it.each([
    { ranking: ['a', 'x', 'y'], judged: { a: 2 }, k: 3, recall: 1, hit: 1 },
    { ranking: ['x', 'y', 'z', 'a'], judged: { a: 2 }, k: 3, recall: 0, hit: 0 },
    { ranking: ['x', 'b', 'y', 'a'], judged: { a: 2, b: 1 }, k: 3, recall: 0.5, hit: 1 },
    { ranking: ['c', 'b', 'a'], judged: { a: 2, b: 2, c: 1, d: 2 }, k: 3, recall: 0.75, hit: 1 },
    { ranking: ['a', 'b'], judged: { a: 0, b: 0 }, k: 3, recall: 0, hit: 0 },
    { ranking: [], judged: { a: 2 }, k: 3, recall: 0, hit: 0 },
  ])('$ranking vs $judged at $k', ({ ranking, judged, k, recall, hit }) => {
    expect(recallAt(ranking, grades(judged), k)).toBeCloseTo(recall, 10);
    expect(hitAt(ranking, grades(judged), k)).toBe(hit);
  });
});

describe('mean and tipRates', () => {
  it('averages, with 0 for nothing', () => {
    expect(mean([1, 0, 0.5])).toBeCloseTo(0.5, 10);
    expect(mean([])).toBe(0);
  });
  it('counts tips on positive and negative pages', () => {
    expect(tipRates([true, true, false, true], [false, true, false, false, false])).toEqual({ coverage: 0.75, falseTipRate: 0.2 });
    expect(tipRates([], [])).toEqual({ coverage: 0, falseTipRate: 0 });
  });
});

describe('coverageAtFalseTipRate', () => {
  it.each([
    {
      name: 'perfectly separated',
      positives: [0.9, 0.8, 0.7],
      negatives: [0.1, 0.2],
      max: 0,
      expected: { threshold: 0.7, coverage: 1, falseTipRate: 0 },
    },
    {
      // A negative at 0.75: thresholds 0.7 would tip it (1/4 = 25 %), 0.8 does not.
      name: 'one negative in the middle, no false tips allowed',
      positives: [0.9, 0.8, 0.7],
      negatives: [0.1, 0.2, 0.3, 0.75],
      max: 0,
      expected: { threshold: 0.8, coverage: 2 / 3, falseTipRate: 0 },
    },
    {
      name: 'one negative in the middle, 25 % allowed',
      positives: [0.9, 0.8, 0.7],
      negatives: [0.1, 0.2, 0.3, 0.75],
      max: 0.25,
      expected: { threshold: 0.7, coverage: 1, falseTipRate: 0.25 },
    },
    {
      // A tip at "score >= threshold": a negative equal to the threshold counts as a false tip.
      name: 'tie with a negative counts against',
      positives: [0.5, 0.4],
      negatives: [0.5],
      max: 0,
      expected: { threshold: Infinity, coverage: 0, falseTipRate: 0 },
    },
    {
      // Pages without matches never get a tip but still count in the denominators.
      name: 'pages without a match',
      positives: [0.6, undefined, 0.3, undefined],
      negatives: [undefined, 0.4, undefined, undefined],
      max: 0,
      expected: { threshold: 0.6, coverage: 0.25, falseTipRate: 0 },
    },
    {
      name: '5 % of 40 negatives allows 2 false tips',
      positives: [3, 2, 1],
      negatives: [2.5, 1.5, ...Array<number>(38).fill(0)],
      max: 0.05,
      expected: { threshold: 1, coverage: 1, falseTipRate: 0.05 },
    },
    {
      name: 'no positives',
      positives: [],
      negatives: [0.1],
      max: 0.05,
      expected: { threshold: Infinity, coverage: 0, falseTipRate: 0 },
    },
  ])('$name', ({ positives, negatives, max, expected }) => {
    const result = coverageAtFalseTipRate(positives, negatives, max);
    expect(result.threshold).toBe(expected.threshold);
    expect(result.coverage).toBeCloseTo(expected.coverage, 10);
    expect(result.falseTipRate).toBeCloseTo(expected.falseTipRate, 10);
  });
});

describe('bestHitAt', () => {
  it.each([
    [
      ['a', 'b'],
      [
        ['a', 2],
        ['b', 1],
      ],
      1,
      1,
    ],
    [
      ['b', 'a'],
      [
        ['a', 2],
        ['b', 1],
      ],
      1,
      0,
    ],
    [
      ['b', 'a'],
      [
        ['a', 2],
        ['b', 1],
      ],
      2,
      1,
    ],
    [['x'], [], 3, 0],
  ] as const)('%j with %j at %i → %i', (ranking, judged, k, hit) => {
    expect(bestHitAt(ranking, new Map(judged), k)).toBe(hit);
  });
});

describe('tradeOffCurve', () => {
  it('reports the best coverage at each false-tip budget, never falling as the budget grows', () => {
    const curve = tradeOffCurve([0.9, 0.8, 0.5, undefined], [0.85, 0.6, 0.1, 0.05], [0, 0.25, 0.5]);
    expect(curve).toEqual([
      { maxFalseTipRate: 0, threshold: 0.9, coverage: 0.25, falseTipRate: 0 },
      { maxFalseTipRate: 0.25, threshold: 0.8, coverage: 0.5, falseTipRate: 0.25 },
      { maxFalseTipRate: 0.5, threshold: 0.5, coverage: 0.75, falseTipRate: 0.5 },
    ]);
  });
});
