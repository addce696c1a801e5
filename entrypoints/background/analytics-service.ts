import { browser, type Browser } from 'wxt/browser';
import type { AnalyticsEvent, CopyVariant } from '@/utils/analytics/events';
import {
  analyticsState,
  clearAnalytics,
  closeDays,
  countEvent,
  pruneOutbox,
  sendDue,
  type SendReport,
  type StatementLookups,
} from '@/utils/analytics/outbox';
import type { AnalyticsStatus } from '@/utils/analytics/model';
import type { AnalyticsPolicy } from '@/utils/analytics/policy';
import { lrsSender } from '@/utils/analytics/send';
import type { TrailmarkDB } from '@/utils/catalogue/db';
import { readResources } from '@/utils/catalogue/pages';
import type { SiteRule } from '@/utils/rules/schema';

/** Wakes the worker hourly to see whether the daily send is due (the send itself picks a random time). */
export const ANALYTICS_ALARM = 'trailmark-analytics';

export interface AnalyticsDeps {
  /** Analytics as the policy in force sets it, or null. */
  policy: () => Promise<AnalyticsPolicy | null>;
  optedOut: () => Promise<boolean>;
  setOptedOut: (value: boolean) => Promise<void>;
  /** The site rules in force, for their names in statements. */
  rules: () => Promise<SiteRule[]>;
  copyVariant: () => Promise<CopyVariant>;
  now?: () => number;
  random?: () => number;
  fetch?: typeof fetch;
}

/** One thing to count, as the handlers know it. */
export interface AnalyticsHit {
  event: AnalyticsEvent;
  ruleId?: string | null;
  resourceId?: string | null;
}

/**
 * Analytics for the background: counts events only while the policy turns analytics on and the
 * employee has not opted out, and sends the outbox once a day. All state is in IndexedDB (see
 * utils/analytics/outbox.ts); the alarm is re-created at every start.
 */
export function createAnalyticsService(db: TrailmarkDB, deps: AnalyticsDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;

  const counting = async () => {
    const policy = await deps.policy();
    if (!policy) return null;
    if (policy.employeesMayOptOut && (await deps.optedOut())) return null;
    return policy;
  };

  const lookups: StatementLookups = async (buckets) => {
    const ids = [...new Set(buckets.map((b) => b.resourceId).filter((id): id is string => id !== null))];
    const found = await readResources(db, ids);
    const resources = new Map(ids.map((id, i) => [id, found[i]] as const));
    const rules = new Map((await deps.rules()).map((rule) => [rule.id, rule.name] as const));
    return {
      resource: (id) => {
        const r = resources.get(id);
        return r ? { url: r.url, title: r.title } : undefined;
      },
      ruleName: (id) => rules.get(id),
    };
  };

  const service = {
    /** Counts one event, when analytics are on. Never throws: counting must not break a tip. */
    async count(hit: AnalyticsHit): Promise<void> {
      try {
        if (!(await counting())) return;
        await countEvent(db, {
          event: hit.event,
          ruleId: hit.ruleId ?? null,
          resourceId: hit.resourceId ?? null,
          variant: await deps.copyVariant(),
          at: now(),
        });
      } catch (error) {
        console.error('Trailmark: analytics', error);
      }
    },

    /**
     * Sends what is due. `force` (the test hook) sends now and `at` stands in for the clock, so a
     * test can close "today" without waiting for midnight.
     */
    async send(options: { force?: boolean; at?: number } = {}): Promise<SendReport | null> {
      const policy = await counting();
      if (!policy) {
        await clearAnalytics(db);
        return null;
      }
      return sendDue(db, {
        now: options.at ?? now(),
        random,
        homePage: policy.homePage,
        lookups,
        send: lrsSender(policy, deps.fetch),
        ...(options.force ? { force: true } : {}),
      });
    },

    /** Closes the days before `at` into the outbox without sending (for the test hook: "killed between queueing and sending"). */
    async queue(at: number): Promise<number> {
      const policy = await counting();
      if (!policy) return 0;
      const state = await analyticsState(db, at, random);
      const queued = await closeDays(db, at, { installationId: state.installationId, homePage: policy.homePage }, lookups);
      await pruneOutbox(db, at);
      return queued;
    },

    /** At every start: the hourly alarm, and whatever became due while the browser was closed. */
    async start(): Promise<void> {
      if (!(await counting())) {
        await browser.alarms.clear(ANALYTICS_ALARM);
        await clearAnalytics(db);
        return;
      }
      await browser.alarms.create(ANALYTICS_ALARM, { periodInMinutes: 60, delayInMinutes: 1 });
      await service.send();
    },

    onAlarm(alarm: Browser.alarms.Alarm): Promise<unknown> | undefined {
      return alarm.name === ANALYTICS_ALARM ? service.send().catch((error) => console.error('Trailmark: analytics', error)) : undefined;
    },

    /** The policy or the opt-out changed: start, or stop and forget everything. */
    settingsChanged(): Promise<void> {
      return service.start();
    },

    async status(): Promise<AnalyticsStatus> {
      const policy = await deps.policy();
      const optedOut = await deps.optedOut();
      const mayOptOut = policy?.employeesMayOptOut ?? true;
      const state = policy ? await db.analyticsState.get('analytics') : undefined;
      return {
        configured: policy !== null,
        counting: policy !== null && !(mayOptOut && optedOut),
        mayOptOut,
        optedOut,
        queued: policy ? await db.analyticsOutbox.count() : 0,
        ...(state?.lastSentAt ? { lastSentAt: state.lastSentAt } : {}),
        ...(state?.lastBatch ? { lastBatch: state.lastBatch } : {}),
      };
    },

    async setOptOut(value: boolean): Promise<AnalyticsStatus> {
      const policy = await deps.policy();
      if (value && policy && !policy.employeesMayOptOut) throw new Error('Your organisation does not allow turning the counts off.');
      await deps.setOptedOut(value);
      await service.start();
      return service.status();
    },

    /** Makes the installation's outbox state (id, first send time) early, so the first day is not special. */
    async ensureState(): Promise<void> {
      if (await counting()) await analyticsState(db, now(), random);
    },
  };
  return service;
}
export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
