import { describe, expect, it } from 'vitest';
import { CONFIDENCE_FEATURES, CONFIDENCE_MODEL, confidenceOf, FEATURE_NAMES, type MatchFeatures } from '../confidence';

const features = (fields: Partial<MatchFeatures>): MatchFeatures => ({
  strength: 0,
  topCoverage: 0,
  matchedTerms: 0,
  dominance: 0,
  margin: 0,
  ...fields,
});

describe('confidenceOf', () => {
  it.each([
    [{ intercept: 0, weights: features({}) }, features({ strength: 1 }), 0.5],
    [{ intercept: 0, weights: features({ strength: 2 }) }, features({ strength: Math.log(3) / 2 }), 0.75],
    [{ intercept: -1, weights: features({ topCoverage: 1, dominance: -1 }) }, features({ topCoverage: 2, dominance: 1 }), 0.5],
  ])('model %j on %j → %f', (model, x, p) => {
    expect(confidenceOf(x, model)).toBeCloseTo(p, 10);
  });

  it('rises with strength under the shipped model and crosses the tip threshold once', () => {
    const values = Array.from({ length: 101 }, (_, i) => confidenceOf(features({ strength: i / 100 })));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    expect(values[0]!).toBeLessThan(CONFIDENCE_MODEL.tipThreshold);
    expect(values[100]!).toBeGreaterThan(CONFIDENCE_MODEL.tipThreshold);
  });

  it('ships weights only for the features it says it uses', () => {
    for (const name of FEATURE_NAMES) {
      const used = (CONFIDENCE_FEATURES as readonly string[]).includes(name);
      expect(CONFIDENCE_MODEL.weights[name] !== 0).toBe(used);
    }
  });
});
