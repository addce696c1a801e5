/**
 * What the ranking knows about one match, scaled so that a logistic model can weigh it. Raw BM25
 * scores mean different things on different pages; these do not depend on page length or catalogue size.
 */
export interface MatchFeatures {
  /** Score over the sum of the page's best query terms' weight × idf (what a perfect match would get, roughly). */
  strength: number;
  /** Share of the page's best query terms that the resource matches. */
  topCoverage: number;
  /** ln(1 + how many different query terms match). */
  matchedTerms: number;
  /** Share of the score that the best single term brings: one shared name is weak evidence. */
  dominance: number;
  /** For the first match only: how far ahead of the second it is, 1 − second / first (else 0). */
  margin: number;
}

export const FEATURE_NAMES = [
  'strength',
  'topCoverage',
  'matchedTerms',
  'dominance',
  'margin',
] as const satisfies readonly (keyof MatchFeatures)[];

/**
 * The features the shipped model uses. The others are computed and offered to `npm run calibrate`.
 * Each of them lowers the in-set log loss a little, but none survives leave-one-set-out: fitted on
 * two of the three labelled sets, strength with matchedTerms or dominance gives 42 % and 20 % false
 * tips on the English set, with topCoverage or margin 7.5 % on the real Dutch set; strength alone
 * stays within 5 % on every set (`npm run calibrate -- <sets> --features strength,margin`). Strength
 * compares the best match with what the page's own best words could score, so it means the same on
 * every catalogue and site. So: one feature, robustly fitted.
 */
export const CONFIDENCE_FEATURES = ['strength'] as const satisfies readonly (keyof MatchFeatures)[];

/**
 * The calibrated confidence: P(the page is one the best match fits) = 1 / (1 + e^−(intercept + Σ weight × feature)).
 * Fitted with `npm run calibrate -- <dev> <dev-nl> test/eval/nl` (logistic regression, 20 × 5-fold
 * cross-validation that leaves whole site sections out) on the English, real Dutch and hand-written
 * Dutch sets; the tip threshold is the lowest at which the out-of-fold false-tip rate stays within 5 %
 * on each set. Fitted on any two of the sets, the model and threshold keep the third within 5 % too
 * (the leave-one-set-out figures in `npm run eval` and BENCHMARKS.md).
 */
export const CONFIDENCE_MODEL = {
  intercept: -8.9878,
  weights: { strength: 41.9887, topCoverage: 0, matchedTerms: 0, dominance: 0, margin: 0 } satisfies Record<keyof MatchFeatures, number>,
  tipThreshold: 0.743,
} as const;

/**
 * The calibrated probability that a match fits the page, 0–1.
 *
 * @example confidenceOf({ strength: 0.5, topCoverage: 0.6, matchedTerms: 2, dominance: 0.3, margin: 0.2 }) // 0.82
 */
export function confidenceOf(
  features: MatchFeatures,
  model: { intercept: number; weights: Record<keyof MatchFeatures, number> } = CONFIDENCE_MODEL,
): number {
  let z = model.intercept;
  for (const name of FEATURE_NAMES) z += model.weights[name] * features[name];
  return 1 / (1 + Math.exp(-z));
}
