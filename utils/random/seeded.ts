/**
 * A small seeded random generator (mulberry32): the same seed gives the same numbers in [0, 1) on
 * every run, so evaluation folds, campaign draws and test fixtures can be repeated exactly.
 *
 * @example const random = seededRandom(1); random(); // 0.6270739405881613
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
