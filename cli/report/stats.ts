/** Statistics for the report's copy-variant comparison. Pure functions over counts. */

/** The 95 % Wilson score interval of a proportion `successes / trials` (sound for small counts and rates near 0 or 1). */
export function wilsonInterval(successes: number, trials: number, z = 1.959964): { low: number; high: number } {
  if (trials <= 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26 via erf; error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Two-sided two-proportion z-test (pooled): is the open rate of A different from B's? Returns the
 * p-value; below 0.05 the difference counts as significant.
 */
export function twoProportionPValue(successesA: number, trialsA: number, successesB: number, trialsB: number): number {
  if (trialsA <= 0 || trialsB <= 0) return 1;
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  if (se === 0) return 1;
  const z = (successesA / trialsA - successesB / trialsB) / se;
  return 2 * (1 - normalCdf(Math.abs(z)));
}
