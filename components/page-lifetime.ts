import { pageApi } from '@/utils/messaging/page-api';

/*
 * The lifetime of Trailmark's scripts on a web page, without WXT's ContentScriptContext. That one
 * announces every start to the page (a `postMessage` naming the extension id, so any page could
 * detect Trailmark), stops the script when the page fires its "started" event, and re-reads the
 * page when the page fires its location-change event. Here nothing the page can dispatch reaches
 * Trailmark: the lifetime ends only when the extension is reloaded or updated, and a URL change
 * is noticed by comparing `location.href` itself.
 */

export interface PageLifetime {
  /** Aborted once the extension that injected the script is gone (reloaded, updated, removed). */
  readonly signal: AbortSignal;
  /** False once the extension is gone: nothing may be sent or shown after that. */
  readonly alive: boolean;
  /** `setTimeout` that never fires after the lifetime ended. */
  setTimeout(handler: () => void, ms: number): number;
}

/**
 * A lifetime for one script on this page. Each script keeps a single instance per page in its
 * own isolated world (invisible to the page): a second injection of the same script returns
 * undefined while the first is alive.
 *
 * @example const lifetime = startPageLifetime('tip-watch'); if (!lifetime) return;
 */
export function startPageLifetime(name: string): PageLifetime | undefined {
  const registry = ((globalThis as { __trailmark?: Map<string, PageLifetime> }).__trailmark ??= new Map());
  const running = registry.get(name);
  if (running?.alive) return undefined;
  const controller = new AbortController();
  const lifetime: PageLifetime = {
    signal: controller.signal,
    get alive() {
      if (!controller.signal.aborted && pageApi().runtime?.id == null) controller.abort();
      return !controller.signal.aborted;
    },
    setTimeout(handler, ms) {
      const id = window.setTimeout(() => lifetime.alive && handler(), ms);
      controller.signal.addEventListener('abort', () => clearTimeout(id), { once: true });
      return id;
    },
  };
  registry.set(name, lifetime);
  return lifetime;
}

/** How often the URL is compared; single-page apps change it without a new document. */
const URL_POLL_MS = 1_000;

/**
 * Calls `onChange` after the page's URL really changed (pushState, replaceState, hash): `href`
 * is compared once a second, so no event a page can fire triggers it, and a page that rewrites
 * its URL a thousand times a second still costs one comparison a second.
 */
export function watchUrl(lifetime: PageLifetime, onChange: (url: string) => void): void {
  let last = location.href;
  const timer = window.setInterval(() => {
    if (!lifetime.alive) return;
    const now = location.href;
    if (now === last) return;
    last = now;
    onChange(now);
  }, URL_POLL_MS);
  lifetime.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

/**
 * Runs `task` at most once per `minGapMs`, `settleMs` after the last request, one at a time: the
 * latest request wins, requests made while it runs coalesce into one more run afterwards.
 */
export function coalesced(
  lifetime: PageLifetime,
  task: () => Promise<void>,
  { settleMs, minGapMs }: { settleMs: number; minGapMs: number },
) {
  let timer: number | undefined;
  let running = false;
  let again = false;
  let lastRun = -Infinity;
  const run = async () => {
    timer = undefined;
    if (running) {
      again = true;
      return;
    }
    running = true;
    lastRun = performance.now();
    try {
      await task();
    } catch {
      // The extension was reloaded or the page navigated away: nothing to do.
    } finally {
      running = false;
    }
    if (again) {
      again = false;
      schedule();
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    const wait = Math.max(settleMs, lastRun + minGapMs - performance.now());
    timer = lifetime.setTimeout(() => void run(), wait);
  };
  return schedule;
}
