import { describe, expect, it } from 'vitest';
import { crossValidatedPredictions, fitLogistic, logLoss, predict, solve, stratifiedFolds } from '../logistic';

describe('solve', () => {
  it.each([
    [
      [
        [2, 0],
        [0, 4],
      ],
      [2, 8],
      [1, 2],
    ],
    [
      [
        [1, 2],
        [3, 4],
      ],
      [5, 11],
      [1, 2],
    ],
    [
      [
        [0, 1],
        [1, 0],
      ],
      [3, 4],
      [4, 3],
    ],
  ])('A=%j b=%j → %j', (a, b, x) => {
    solve(a, b).forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 10));
  });

  it('refuses a singular matrix', () => {
    expect(() =>
      solve(
        [
          [1, 1],
          [1, 1],
        ],
        [1, 2],
      ),
    ).toThrow(/singular/);
  });
});

describe('fitLogistic', () => {
  it('recovers the parameters that generated the labels', () => {
    // Deterministic data from P(y=1|x) = σ(-1 + 2x): labels are the expected counts spread over repeats.
    const xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i <= 40; i++) {
      const x = -3 + (6 * i) / 40;
      const p = 1 / (1 + Math.exp(-(-1 + 2 * x)));
      const positives = Math.round(p * 200);
      for (let r = 0; r < 200; r++) {
        xs.push([x]);
        ys.push(r < positives ? 1 : 0);
      }
    }
    const model = fitLogistic(xs, ys, 0);
    expect(model.intercept).toBeCloseTo(-1, 1);
    expect(model.weights[0]).toBeCloseTo(2, 1);
  });

  it('shrinks weights towards 0 with a larger L2 penalty', () => {
    const xs = [[0], [1], [2], [3], [1.5], [1.6]];
    const ys = [0, 0, 1, 1, 1, 0];
    expect(Math.abs(fitLogistic(xs, ys, 10).weights[0]!)).toBeLessThan(Math.abs(fitLogistic(xs, ys, 0.01).weights[0]!));
  });

  it('refuses mismatched examples and labels', () => {
    expect(() => fitLogistic([[1]], [1, 0])).toThrow(/1 examples but 2 labels/);
  });
});

describe('stratifiedFolds', () => {
  it.each([
    [[1, 1, 0, 0], 2, [0, 1, 0, 1]],
    [[1, 0, 1, 0, 1, 0], 3, [0, 0, 1, 1, 2, 2]],
    [[1, 1, 1], 5, [0, 1, 2]],
  ])('%j in %i folds → %j', (ys, k, folds) => {
    expect(stratifiedFolds(ys, k)).toEqual(folds);
  });
});

describe('crossValidatedPredictions', () => {
  it('scores each example with a model that never saw it', () => {
    // One outlier: a model that saw it would predict it better than one that did not.
    const xs = [[0], [0.2], [0.4], [0.6], [2], [2.2], [2.4], [0.1]];
    const ys = [0, 0, 0, 0, 1, 1, 1, 1];
    const folds = [0, 1, 2, 3, 0, 1, 2, 3];
    const outOfFold = crossValidatedPredictions(xs, ys, folds, 0.1);
    const inSample = predict(fitLogistic(xs, ys, 0.1), [0.1]);
    expect(outOfFold[7]!).toBeLessThan(inSample);
    expect(logLoss(outOfFold, ys)).toBeGreaterThan(
      logLoss(
        xs.map((x) => predict(fitLogistic(xs, ys, 0.1), x)),
        ys,
      ),
    );
  });
});

describe('logLoss', () => {
  it.each([
    [[1, 0], [1, 0], 0],
    [[0.5, 0.5], [1, 0], Math.log(2)],
  ])('%j vs %j → %f', (p, y, loss) => {
    expect(logLoss(p, y)).toBeCloseTo(loss, 6);
  });
});
