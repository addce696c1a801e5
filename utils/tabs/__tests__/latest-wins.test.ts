import { describe, expect, it } from 'vitest';
import { latestWins } from '../latest-wins';

describe('latestWins', () => {
  it('runs one at a time per key, coalesces a flood into the latest, and keeps the gap', async () => {
    let clock = 0;
    const waits: number[] = [];
    const runs: [number, number][] = [];
    const submit = latestWins<number, number>(
      async (key, value) => {
        runs.push([key, value]);
        await Promise.resolve();
      },
      {
        minGapMs: 1000,
        now: () => clock,
        wait: async (ms) => {
          waits.push(ms);
          clock += ms;
        },
      },
    );
    const first = submit(1, 0);
    const flood = Array.from({ length: 1000 }, (_, i) => submit(1, i + 1));
    const other = submit(2, 7);
    await Promise.all([first, ...flood, other]);
    // The first request runs, then only the latest of the thousand, one gap later; the other tab is not held up.
    expect(runs).toEqual([
      [1, 0],
      [2, 7],
      [1, 1000],
    ]);
    expect(waits).toEqual([1000]);
  });
});
