/**
 * Logistic regression for calibrating the tip confidence offline (`npm run calibrate`). Small and
 * exact: Newton's method (IRLS) with an L2 penalty on the weights (not the intercept), over a
 * handful of features and a few hundred examples.
 */

export interface LogisticModel {
  intercept: number;
  weights: number[];
}

/** P(y = 1 | x) under the model. */
export function predict(model: LogisticModel, x: readonly number[]): number {
  let z = model.intercept;
  for (let j = 0; j < model.weights.length; j++) z += model.weights[j]! * (x[j] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

/**
 * Fits P(y = 1 | x) = σ(b + w·x), minimising log loss + `l2` / 2 · |w|². Features should be on
 * comparable scales (the calibration's are all about 0–3).
 *
 * @example fitLogistic([[0], [1], [2], [3]], [0, 0, 1, 1], 0.01).weights[0] // > 0
 */
export function fitLogistic(xs: readonly (readonly number[])[], ys: readonly number[], l2 = 1, iterations = 50): LogisticModel {
  if (xs.length !== ys.length) throw new Error(`fitLogistic: ${xs.length} examples but ${ys.length} labels`);
  const d = (xs[0]?.length ?? 0) + 1;
  // Parameters: [intercept, ...weights]; each example gets a leading 1.
  let beta = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    xs.forEach((x, i) => {
      const row = [1, ...x];
      const p = 1 / (1 + Math.exp(-row.reduce((z, v, j) => z + v * beta[j]!, 0)));
      const w = Math.max(p * (1 - p), 1e-10);
      for (let j = 0; j < d; j++) {
        gradient[j]! += (p - ys[i]!) * row[j]!;
        for (let k = 0; k < d; k++) hessian[j]![k]! += w * row[j]! * row[k]!;
      }
    });
    for (let j = 1; j < d; j++) {
      gradient[j]! += l2 * beta[j]!;
      hessian[j]![j]! += l2;
    }
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return { intercept: beta[0]!, weights: beta.slice(1) };
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite here). */
export function solve(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-300) throw new Error('solve: singular matrix');
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * Assigns each example to one of `k` folds, keeping the share of positives about equal in every
 * fold (stratified) and the assignment reproducible (examples in their given order, round-robin).
 *
 * @example stratifiedFolds([1, 1, 0, 0], 2) // [0, 1, 0, 1]
 */
export function stratifiedFolds(ys: readonly number[], k: number): number[] {
  const folds = new Array<number>(ys.length);
  let positives = 0;
  let negatives = 0;
  ys.forEach((y, i) => (folds[i] = y > 0.5 ? positives++ % k : negatives++ % k));
  return folds;
}

/**
 * Out-of-fold predictions: each example is scored by a model fitted on the other folds, so the
 * figures computed from them estimate how the model does on pages it has not seen.
 */
export function crossValidatedPredictions(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  folds: readonly number[],
  l2: number,
): number[] {
  const predictions = new Array<number>(xs.length).fill(0);
  for (const fold of new Set(folds)) {
    const train = xs.flatMap((_, i) => (folds[i] === fold ? [] : [i]));
    const model = fitLogistic(
      train.map((i) => xs[i]!),
      train.map((i) => ys[i]!),
      l2,
    );
    xs.forEach((x, i) => {
      if (folds[i] === fold) predictions[i] = predict(model, x);
    });
  }
  return predictions;
}

/** Mean log loss of predictions (lower is better calibrated and sharper). */
export function logLoss(predictions: readonly number[], ys: readonly number[]): number {
  const eps = 1e-12;
  let sum = 0;
  predictions.forEach((p, i) => (sum -= ys[i]! * Math.log(Math.max(p, eps)) + (1 - ys[i]!) * Math.log(Math.max(1 - p, eps))));
  return sum / Math.max(1, predictions.length);
}
