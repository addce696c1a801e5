import { describe, expect, it } from 'vitest';
import { calibrate, DEFAULT_CALIBRATION, lowestThreshold, outOfSet, sectionFolds, sectionOf, type CalibrationExample } from '../calibrate';

const example = (set: string, positive: boolean, strength: number | undefined): CalibrationExample => ({
  set,
  pageId: `${set}-${strength}`,
  positive,
  ...(strength === undefined ? {} : { features: { strength, topCoverage: 0.5, matchedTerms: 1, dominance: 0.3, margin: 0 } }),
});

describe('lowestThreshold', () => {
  it.each([
    // negatives, all scores, budget → threshold
    [[0.9, 0.2], [0.9, 0.2, 0.5], 0, 0.95],
    [[0.9, 0.2], [0.9, 0.2, 0.5], 0.5, 0.35],
    [[0.4, 0.2, 0.1, 0.05], [0.4, 0.2, 0.1, 0.05, 0.6], 0.25, 0.3],
    [[], [0.5], 0.05, 0],
  ])('negatives %j, scores %j, budget %f → %f', (negatives, all, budget, threshold) => {
    expect(lowestThreshold(negatives, all, budget)).toBeCloseTo(threshold, 10);
  });
});

describe('calibrate', () => {
  // Positives mostly strong, negatives mostly weak, with overlap so the fit is finite.
  const examples = [
    ...[0.5, 0.45, 0.4, 0.38, 0.35, 0.33, 0.3, 0.28, 0.25, 0.2, 0.42, 0.37].map((s) => example('a', true, s)),
    ...[0.05, 0.1, 0.12, 0.15, 0.18, 0.22, 0.08, 0.26].map((s) => example('a', false, s)),
    ...[0.6, 0.55, 0.5].map((s) => example('b', true, s)),
    ...[0.1, undefined].map((s) => example('b', false, s)),
  ];
  const report = calibrate(examples, { ...DEFAULT_CALIBRATION, repeats: 3, folds: 4 });

  it('fits a model whose confidence rises with strength', () => {
    expect(report.model.weights.strength).toBeGreaterThan(0);
    expect(report.model.weights.dominance).toBe(0);
    expect(report.examples).toBe(examples.length);
  });

  it('keeps out-of-fold false tips within the budget on every set', () => {
    for (const set of report.crossValidated.sets) expect(set.falseTipRate).toBeLessThanOrEqual(DEFAULT_CALIBRATION.maxFalseTipRate);
    expect(report.crossValidated.sets.map((s) => s.set)).toEqual(['a', 'b']);
  });

  it('reports a trade-off curve that never falls as the budget grows, and reliability bins over the matched pages', () => {
    for (const { curve } of report.crossValidated.sets) {
      for (let i = 1; i < curve.length; i++) expect(curve[i]!.coverage).toBeGreaterThanOrEqual(curve[i - 1]!.coverage);
    }
    expect(report.crossValidated.reliability.reduce((sum, bin) => sum + bin.pages, 0)).toBe(examples.length - 1);
  });

  it('is the same on every run', () => {
    expect(calibrate(examples, { ...DEFAULT_CALIBRATION, repeats: 3, folds: 4 })).toEqual(report);
  });
});

describe('site sections', () => {
  it.each([
    ['https://docs.example.org/en/billing/paying', 'docs.example.org/en/billing'],
    ['https://docs.example.org/en/billing/', 'docs.example.org/en'],
    ['https://example.org/', 'example.org'],
    ['not a url', 'not a url'],
  ])('%s is in section %s', (url, section) => {
    expect(sectionOf(url)).toBe(section);
  });

  it('keeps every section in one fold', () => {
    const sections = ['a', 'a', 'b', 'b', 'b', 'c', 'd', 'd'];
    const ys = [1, 1, 0, 0, 0, 1, 0, 1];
    let seed = 0.1;
    const folds = sectionFolds(sections, ys, 3, () => (seed = (seed * 9301 + 0.49297) % 1));
    for (const section of new Set(sections)) {
      expect(new Set(folds.filter((_, i) => sections[i] === section)).size).toBe(1);
    }
    expect(new Set(folds).size).toBe(3);
  });
});

describe('outOfSet', () => {
  const examples = [
    ...[0.5, 0.45, 0.4, 0.38, 0.35, 0.3, 0.28, 0.42].map((s, i) => ({ ...example('a', true, s), section: `a${i % 3}` })),
    ...[0.05, 0.1, 0.12, 0.15, 0.3].map((s, i) => ({ ...example('a', false, s), section: `an${i % 2}` })),
    ...[0.6, 0.55, 0.5, 0.2].map((s) => example('b', true, s)),
    ...[0.1, 0.15].map((s) => example('b', false, s)),
  ];
  const options = { ...DEFAULT_CALIBRATION, repeats: 2, folds: 2 };

  it('never learns from the set it scores: relabelling that set changes nothing but its own figures', () => {
    const before = outOfSet(examples, 'b', options);
    const relabelled = examples.map((e) => (e.set === 'b' ? { ...e, positive: !e.positive } : e));
    const after = outOfSet(relabelled, 'b', options);
    expect(after.tipThreshold).toBe(before.tipThreshold);
    expect(after.coverage).not.toBe(before.coverage);
    expect(before.coverage).toBe(0.75);
    expect(before.falseTipRate).toBe(0);
  });
});
