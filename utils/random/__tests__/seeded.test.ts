import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seeded';

describe('seededRandom', () => {
  it('repeats its sequence for a seed, stays in [0, 1), and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 1000 }, seededRandom(seed));
    const one = draw(1);
    expect(draw(1)).toEqual(one);
    expect(one.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(draw(2)).not.toEqual(one);
    // mulberry32's known first output for seed 1: the folds and draws recorded in BENCHMARKS.md depend on it.
    expect(one[0]).toBe(0.6270739405881613);
    const mean = one.reduce((sum, x) => sum + x, 0) / one.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
