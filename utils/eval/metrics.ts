/**
 * Ranking and tip metrics for the relevance evaluation (`npm run eval`). Pure functions over plain
 * data: a ranking is resource ids best first, judgements map a resource id to its grade (> 0 is
 * relevant, anything missing is not).
 */

/** Grades of the resources judged for one page: 2 = relevant, 1 = partly relevant. */
export type Judgements = ReadonlyMap<string, number>;

/** Discounted cumulative gain of the first `k` gains: gain / log2(rank + 1), ranks from 1. */
export function dcg(gains: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, gains.length); i++) sum += gains[i]! / Math.log2(i + 2);
  return sum;
}

/**
 * Normalised DCG at `k` with the grade as the gain; the ideal ranking is every judged resource
 * sorted by grade. 0 when nothing is relevant (such pages are negatives and are not averaged).
 *
 * @example ndcgAt(['a', 'b'], new Map([['b', 2]]), 5) // 1 / log2(3) = 0.631
 */
export function ndcgAt(ranking: readonly string[], judgements: Judgements, k: number): number {
  const ideal = dcg(
    [...judgements.values()].filter((g) => g > 0).sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  const gains = ranking.slice(0, k).map((id) => Math.max(0, judgements.get(id) ?? 0));
  return dcg(gains, k) / ideal;
}

const relevantIds = (judgements: Judgements) => [...judgements].filter(([, g]) => g > 0).map(([id]) => id);

/** Share of the relevant resources found in the first `k`; 0 when nothing is relevant. */
export function recallAt(ranking: readonly string[], judgements: Judgements, k: number): number {
  const relevant = relevantIds(judgements);
  if (relevant.length === 0) return 0;
  const top = new Set(ranking.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** 1 when some relevant resource is in the first `k`, else 0. */
export function hitAt(ranking: readonly string[], judgements: Judgements, k: number): number {
  return ranking.slice(0, k).some((id) => (judgements.get(id) ?? 0) > 0) ? 1 : 0;
}

/**
 * 1 when a resource with the page's highest grade (the one it was written for, in a set with one
 * grade-2 resource per page) is in the first `k`, else 0.
 *
 * @example bestHitAt(['b', 'a'], new Map([['a', 2], ['b', 1]]), 1) // 0
 */
export function bestHitAt(ranking: readonly string[], judgements: Judgements, k: number): number {
  const best = Math.max(0, ...judgements.values());
  if (best === 0) return 0;
  return ranking.slice(0, k).some((id) => judgements.get(id) === best) ? 1 : 0;
}

/** Arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** How often tips are shown: on positive pages (coverage) and on negative pages (false tips). */
export interface TipRates {
  coverage: number;
  falseTipRate: number;
}

/** Tip rates from the tip flag of each page. */
export function tipRates(positiveTips: readonly boolean[], negativeTips: readonly boolean[]): TipRates {
  const share = (tips: readonly boolean[]) => (tips.length === 0 ? 0 : tips.filter(Boolean).length / tips.length);
  return { coverage: share(positiveTips), falseTipRate: share(negativeTips) };
}

export interface ThresholdSweep extends TipRates {
  /** Show a tip when the top score is at least this; `Infinity` means never. */
  threshold: number;
}

/**
 * The best tip coverage a system reaches while at most `maxFalseTipRate` of the negative pages
 * get a tip, sweeping a threshold over each page's top score (`undefined`: no match, never a
 * tip). A page gets a tip when its top score is at least the threshold.
 *
 * @example coverageAtFalseTipRate([0.9, 0.5], [0.6], 0) // { threshold: 0.9, coverage: 0.5, falseTipRate: 0 }
 */
export function coverageAtFalseTipRate(
  positiveScores: readonly (number | undefined)[],
  negativeScores: readonly (number | undefined)[],
  maxFalseTipRate: number,
): ThresholdSweep {
  const known = (scores: readonly (number | undefined)[]) => scores.filter((s): s is number => s !== undefined && !Number.isNaN(s));
  const positives = known(positiveScores);
  const negatives = known(negativeScores);
  const rate = (scores: number[], total: number, threshold: number) =>
    total === 0 ? 0 : scores.filter((s) => s >= threshold).length / total;
  // The best threshold is always one of the positive scores (or "never"): moving it up to the next
  // positive score keeps coverage and can only drop false tips.
  let best: ThresholdSweep = { threshold: Infinity, coverage: 0, falseTipRate: 0 };
  for (const threshold of new Set(positives)) {
    const falseTipRate = rate(negatives, negativeScores.length, threshold);
    if (falseTipRate > maxFalseTipRate + 1e-12) continue;
    const coverage = rate(positives, positiveScores.length, threshold);
    // Distinct positive scores give distinct coverages, so there are no ties to break.
    if (coverage > best.coverage) best = { threshold, coverage, falseTipRate };
  }
  return best;
}

/** False-tip budgets at which the trade-off curve is reported. */
export const FALSE_TIP_BUDGETS = [0, 0.02, 0.05, 0.1, 0.2] as const;

export interface TradeOffPoint extends ThresholdSweep {
  maxFalseTipRate: number;
}

/**
 * The coverage / false-tip trade-off of a tip score: for each budget, the best coverage a
 * threshold reaches without exceeding it (see `coverageAtFalseTipRate`).
 *
 * @example tradeOffCurve([0.9, 0.5], [0.6], [0, 1]).map((p) => p.coverage) // [0.5, 1]
 */
export function tradeOffCurve(
  positiveScores: readonly (number | undefined)[],
  negativeScores: readonly (number | undefined)[],
  budgets: readonly number[] = FALSE_TIP_BUDGETS,
): TradeOffPoint[] {
  return budgets.map((maxFalseTipRate) => ({
    maxFalseTipRate,
    ...coverageAtFalseTipRate(positiveScores, negativeScores, maxFalseTipRate),
  }));
}
