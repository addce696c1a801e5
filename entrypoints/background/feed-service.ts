import { browser, type Browser } from 'wxt/browser';
import type { FeedState, TrailmarkDB } from '@/utils/catalogue/db';
import { keyIdOf, parsePublicKey } from '@/utils/catalogue/feed/crypto';
import type { FetchFn } from '@/utils/catalogue/feed/fetch';
import { checkFeed, type CheckResult } from '@/utils/catalogue/feed/sync';
import type { FeedStatus } from '@/utils/catalogue/feed/status';
import type { FeedSettings } from '@/utils/settings/in-force';

/** The one alarm that drives feed checks. */
export const FEED_ALARM = 'trailmark-feed-check';
/**
 * A check that never finished is resumed as soon as the worker starts again, but not forever: one
 * that keeps dying (say, out of memory on a huge feed) then waits for its back-off alarm.
 */
const MAX_IMMEDIATE_RESUMES = 50;

/**
 * Feed checks for the background: one at a time, on start-up, on the alarm and on "Check now".
 * All state is in IndexedDB; the alarm is re-created from it at every worker start.
 */
export function createFeedService(
  db: TrailmarkDB,
  options: {
    /** The settings in force, and which of them the organisation's policy locks. */
    readSettings: () => Promise<FeedSettings & { locked?: FeedStatus['locked'] }>;
    onUpdated: () => void;
    fetch?: FetchFn;
    /** Whether the browser lets Trailmark read the feed's host (default: `permissions.contains`). */
    hasAccess?: (url: URL) => Promise<boolean>;
  },
) {
  let running: Promise<CheckResult> | undefined;
  /** The settings the last check (or start-up) saw, to notice a change made by policy. */
  let lastSettings: string | undefined;
  const fingerprint = (settings: FeedSettings) => `${settings.url}\n${settings.publicKey}`;
  const fetchFn: FetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  // Without host access the browser would answer a feed request like a network failure; say why instead.
  const hasAccess = options.hasAccess ?? ((url: URL) => browser.permissions.contains({ origins: [`${url.protocol}//${url.hostname}/*`] }));

  async function schedule(when: string | undefined): Promise<void> {
    if (when) await browser.alarms.create(FEED_ALARM, { when: Math.max(Date.parse(when), Date.now() + 1_000) });
    else await browser.alarms.clear(FEED_ALARM);
  }

  const service = {
    /** Runs a check now, or joins the one already running. */
    check(): Promise<CheckResult> {
      running ??= (async () => {
        const settings = await options.readSettings();
        lastSettings = fingerprint(settings);
        const result = await checkFeed(settings, {
          db,
          fetch: fetchFn,
          hasAccess,
          onRunning: (retryAt) => schedule(retryAt.toISOString()),
        });
        if (result.outcome === 'updated' || result.outcome === 'upToDate') options.onUpdated();
        await schedule(settings.url ? (await db.feedState.get('feed'))?.nextCheckAt : undefined);
        return result;
      })().finally(() => {
        running = undefined;
      });
      return running;
    },

    /**
     * At every worker start: checks now when a check is due or one was interrupted (the worker
     * was stopped mid-check), otherwise re-creates the alarm (browsers may drop alarms on restart).
     */
    async start(): Promise<void> {
      const settings = await options.readSettings();
      lastSettings ??= fingerprint(settings);
      if (!settings.url) return schedule(undefined);
      const state = await db.feedState.get('feed');
      const due = !state?.nextCheckAt || Date.parse(state.nextCheckAt) <= Date.now();
      const interrupted = !!state?.runningSince && state.interruptions < MAX_IMMEDIATE_RESUMES;
      if (due || interrupted) await service.check();
      else await schedule(state.nextCheckAt);
    },

    /** Checks at once when the feed settings in force changed (say, by policy) since the last look. */
    async settingsChanged(): Promise<void> {
      const settings = await options.readSettings();
      if (lastSettings === undefined || fingerprint(settings) === lastSettings) return;
      await service.check();
    },

    /** Checks again when the last check failed for want of host access (the employee may just have allowed it). */
    async retryIfNoAccess(): Promise<void> {
      if ((await db.feedState.get('feed'))?.lastProblem?.code === 'noAccess') await service.check();
    },

    onAlarm(alarm: Browser.alarms.Alarm): Promise<CheckResult> | undefined {
      return alarm.name === FEED_ALARM ? service.check() : undefined;
    },

    async status(): Promise<FeedStatus> {
      const [settings, state] = await Promise.all([options.readSettings(), db.feedState.get('feed')]);
      return statusOf(settings, state, running !== undefined, await keyIdOrUndefined(settings.publicKey));
    },
  };
  return service;
}
export type FeedService = ReturnType<typeof createFeedService>;

async function keyIdOrUndefined(publicKey: string): Promise<string | undefined> {
  try {
    return await keyIdOf(parsePublicKey(publicKey));
  } catch {
    return undefined;
  }
}

function statusOf(
  settings: FeedSettings & { locked?: FeedStatus['locked'] },
  state: FeedState | undefined,
  checking: boolean,
  keyId: string | undefined,
): FeedStatus {
  const { lastCheckAt, lastSuccessAt, nextCheckAt, lastOutcome, lastProblem } = state ?? {};
  return {
    url: settings.url,
    publicKey: settings.publicKey,
    locked: settings.locked ?? { url: false, publicKey: false },
    ...(keyId ? { keyId } : {}),
    checking,
    ...(lastCheckAt ? { lastCheckAt } : {}),
    ...(lastSuccessAt ? { lastSuccessAt } : {}),
    ...(nextCheckAt && settings.url ? { nextCheckAt } : {}),
    ...(lastOutcome ? { lastOutcome } : {}),
    ...(lastProblem ? { lastProblem } : {}),
  };
}
