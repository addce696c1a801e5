/**
 * Work per key (a tab) where only the latest request matters: one run at a time per key, at
 * most one run per `minGapMs`, and requests that arrive meanwhile are coalesced so the latest
 * wins (the ones it replaced resolve without running). A page that changes a thousand times
 * costs a few runs, and other messages (the popup's) never queue behind a flood.
 *
 * @example const signals = latestWins((tabId, s) => rank(tabId, s), { minGapMs: 1000 }); await signals(7, s);
 */
export function latestWins<K, T>(
  run: (key: K, value: T) => Promise<void>,
  {
    minGapMs,
    now = () => Date.now(),
    wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  }: {
    minGapMs: number;
    now?: () => number;
    wait?: (ms: number) => Promise<void>;
  },
): (key: K, value: T) => Promise<void> {
  const state = new Map<K, { running: boolean; lastRun: number; next?: { value: T; done: () => void } }>();
  const drain = async (key: K) => {
    const entry = state.get(key)!;
    entry.running = true;
    try {
      while (entry.next) {
        const gap = entry.lastRun + minGapMs - now();
        if (gap > 0) await wait(gap);
        const { value, done } = entry.next;
        entry.next = undefined;
        entry.lastRun = now();
        try {
          await run(key, value);
        } finally {
          done();
        }
      }
    } finally {
      // Kept (a few bytes per tab for the worker's life) so the gap holds for the next request too.
      entry.running = false;
    }
  };
  return (key, value) =>
    new Promise<void>((resolve) => {
      let entry = state.get(key);
      if (!entry) state.set(key, (entry = { running: false, lastRun: -Infinity }));
      entry.next?.done();
      entry.next = { value, done: resolve };
      if (!entry.running) void drain(key);
    });
}
