/** Minutes between checks when all is well (spread by ±10 % so a fleet does not poll in step). */
export const CHECK_INTERVAL_MINUTES = 30;
/** The first retry after a failure; each further failure doubles it, up to `MAX_BACKOFF_MINUTES`. */
export const RETRY_MINUTES = 1;
export const MAX_BACKOFF_MINUTES = 4 * 60;

/**
 * How long to wait before the next check, in milliseconds, after `failures` failed checks in a
 * row. `random` is in [0, 1): the jitter, so 100,000 installs spread their requests.
 *
 * @example nextCheckDelay(0, Math.random()) // ≈ 30 min; nextCheckDelay(3, Math.random()) // ≈ 4 min
 */
export function nextCheckDelay(failures: number, random: number): number {
  const minutes =
    failures <= 0
      ? CHECK_INTERVAL_MINUTES * (0.9 + 0.2 * random)
      : Math.min(MAX_BACKOFF_MINUTES, RETRY_MINUTES * 2 ** Math.min(failures - 1, 30)) * (0.8 + 0.4 * random);
  return Math.round(minutes * 60_000);
}
