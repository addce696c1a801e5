import type { Statement } from '@xapi/xapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allStatements, startLocalLrs, type LocalLrs } from '../../../test/lrs/local-lrs';
import { TrailmarkDB } from '../../catalogue/db';
import { BUCKETS_PER_DAY, type AnalyticsEvent } from '../events';
import {
  MAX_AGE_DAYS,
  OUTBOX_CAP,
  analyticsState,
  closeDays,
  countEvent,
  nextDailySend,
  pruneOutbox,
  retryDelay,
  sendDue,
  type Sender,
} from '../outbox';
import { lrsSender } from '../send';
import { EXTENSIONS } from '../xapi';

const DAY = 86_400_000;
const monday = Date.parse('2026-11-30T09:00:00Z');
const homePage = 'https://example.com';
const lookups = async () => ({
  resource: (id: string) => ({ url: `https://learn.example.com/${id}`, title: `Resource ${id}` }),
  ruleName: (id: string) => id.toUpperCase(),
});
const fixedRandom = () => 0.5;

let db: TrailmarkDB;
let name: string;
const open = () => new TrailmarkDB(name);
afterEach(async () => {
  db.close();
  await db.delete();
});

async function count(event: AnalyticsEvent, times: number, at = monday, resourceId: string | null = 'r1', ruleId: string | null = 'crm') {
  for (let i = 0; i < times; i++) await countEvent(db, { event, ruleId, resourceId, variant: 'A', at });
}

/** A sender that records and succeeds. */
function recorder(): Sender & { batches: Statement[][] } {
  const batches: Statement[][] = [];
  const send: Sender = async (statements) => {
    batches.push(statements);
    return { delivered: statements.map((s) => s.id!), rejected: [] };
  };
  return Object.assign(send, { batches });
}

describe('outbox', () => {
  it('counts events in buckets and turns each closed day into one statement per bucket', async () => {
    name = `outbox-${Math.random()}`;
    db = open();
    await count('tipShown', 5, monday, null);
    await count('resourceOpened', 2);
    await count('contentGap', 3, monday, null);
    await count('saved', 1, monday + DAY); // Tuesday: still open on Tuesday
    expect(await db.analyticsBuckets.count()).toBe(4);
    const state = await analyticsState(db, monday, fixedRandom);
    const queued = await closeDays(db, monday + DAY, { installationId: state.installationId, homePage }, lookups);
    expect(queued).toBe(3);
    expect(await db.analyticsBuckets.count()).toBe(1);
    const statements = (await db.analyticsOutbox.toArray()).map((e) => e.statement);
    const counts = Object.fromEntries(statements.map((s) => [s.verb.id.split('/').pop(), s.result!.extensions![EXTENSIONS.count]]));
    expect(counts).toEqual({ viewed: 5, launched: 2, 'found-no-match': 3 });
  });

  it('survives the worker being killed between queueing and sending: a new connection sends each statement once', async () => {
    name = `outbox-${Math.random()}`;
    db = open();
    await count('resourceOpened', 4);
    const state = await analyticsState(db, monday, fixedRandom);
    await closeDays(db, monday + DAY, { installationId: state.installationId, homePage }, lookups);
    db.close(); // the worker dies here
    db = open();
    const send = recorder();
    const report = await sendDue(db, { now: monday + 2 * DAY, random: fixedRandom, homePage, lookups, send });
    expect(report).toEqual({ sent: 1, rejected: 0 });
    expect(send.batches.flat()).toHaveLength(1);
    expect(send.batches[0]![0]!.result!.extensions![EXTENSIONS.count]).toBe(4);
    expect(await db.analyticsOutbox.count()).toBe(0);
    expect((await db.analyticsState.get('analytics'))!.lastBatch).toEqual(send.batches[0]);
    // A second run the same day sends nothing: it is not due, and there is nothing left anyway.
    expect(await sendDue(db, { now: monday + 2 * DAY + 1000, random: fixedRandom, homePage, lookups, send })).toMatchObject({
      skipped: 'notDue',
    });
  });

  it('sends once a day at a random time, backs off after failures and keeps what it could not send', async () => {
    name = `outbox-${Math.random()}`;
    db = open();
    expect(nextDailySend(monday, () => 0)).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(nextDailySend(monday, () => 0.999)).toBeLessThan(Date.parse('2026-12-02T00:00:00Z'));
    expect([1, 2, 3, 10].map((n) => retryDelay(n, () => 0.5) / 60_000)).toEqual([15, 30, 60, 720]);
    await count('saved', 2);
    const failing: Sender = async () => ({ retry: 'LRS answered 503' });
    const state = await analyticsState(db, monday, fixedRandom);
    expect(state.nextSendAt).toBe(Date.parse('2026-12-01T12:00:00Z'));
    const first = await sendDue(db, { now: state.nextSendAt, random: fixedRandom, homePage, lookups, send: failing });
    expect(first.failed).toBe('LRS answered 503');
    const after = (await db.analyticsState.get('analytics'))!;
    expect(after.failures).toBe(1);
    expect(after.nextSendAt - state.nextSendAt).toBe(15 * 60_000);
    expect(await db.analyticsOutbox.count()).toBe(1);
    const send = recorder();
    await sendDue(db, { now: after.nextSendAt, random: fixedRandom, homePage, lookups, send });
    expect(send.batches.flat()).toHaveLength(1);
    expect((await db.analyticsState.get('analytics'))!.failures).toBe(0);
  });

  it('drops what is older than 30 days, and stays within its cap', async () => {
    name = `outbox-${Math.random()}`;
    db = open();
    const state = await analyticsState(db, monday, fixedRandom);
    // 40 days of full days (the LRS was never reached), written directly: counting is tested above.
    const days = 40;
    for (let d = 0; d < days; d++) {
      const day = new Date(monday + d * DAY).toISOString().slice(0, 10);
      await db.analyticsBuckets.bulkPut(
        Array.from({ length: BUCKETS_PER_DAY }, (_, i) => {
          const key = { day, ruleId: `rule-${i}`, resourceId: `r-${i}`, event: 'resourceOpened' as const, variant: 'A' as const };
          return { ...key, key: JSON.stringify(key), count: 1 };
        }),
      );
      await closeDays(db, monday + (d + 1) * DAY, { installationId: state.installationId, homePage }, lookups);
      await pruneOutbox(db, monday + (d + 1) * DAY);
    }
    const oldestAllowed = new Date(monday + days * DAY - MAX_AGE_DAYS * DAY).toISOString().slice(0, 10);
    expect((await db.analyticsOutbox.orderBy('day').first())!.day >= oldestAllowed).toBe(true);
    const kept = await db.analyticsOutbox.count();
    expect(kept).toBe(MAX_AGE_DAYS * BUCKETS_PER_DAY);
    expect((await db.analyticsState.get('analytics'))!.drops.expired).toBe(days * BUCKETS_PER_DAY - kept);
    // More than the cap within 30 days (which one day's bound never allows): the oldest go first.
    const today = new Date(monday + days * DAY).toISOString().slice(0, 10);
    const statement = (await db.analyticsOutbox.toCollection().first())!.statement;
    await db.analyticsOutbox.bulkPut(Array.from({ length: OUTBOX_CAP }, (_, i) => ({ id: `extra-${i}`, day: today, statement })));
    await pruneOutbox(db, monday + days * DAY);
    expect(await db.analyticsOutbox.count()).toBe(OUTBOX_CAP);
    expect(await db.analyticsOutbox.where('day').equals(today).count()).toBe(OUTBOX_CAP);
    expect((await db.analyticsState.get('analytics'))!.drops.capped).toBe(kept);
  }, 60_000);
});

describe('outbox → a real LRS (Learning Locker’s xapi-statements)', () => {
  let lrs: LocalLrs;
  beforeAll(async () => {
    lrs = await startLocalLrs();
  }, 30_000);
  afterAll(async () => {
    await lrs?.stop();
  });

  it('a day of counts arrives as the expected statements, and a resend stores nothing twice', async () => {
    name = `outbox-${Math.random()}`;
    db = open();
    await count('tipShown', 6, monday, null);
    await count('tipOpened', 3, monday, null);
    await count('resourceOpened', 2);
    await count('contentGap', 4, monday, null, 'wiki');
    await count('searchNoResult', 1, monday, null, null);
    const send = lrsSender(lrs);
    const report = await sendDue(db, { now: monday + 2 * DAY, random: fixedRandom, homePage, lookups, send, force: true });
    expect(report).toEqual({ sent: 5, rejected: 0 });
    const stored = await allStatements(lrs);
    expect(stored).toHaveLength(5);
    const lastBatch = (await db.analyticsState.get('analytics'))!.lastBatch!;
    // Send the very same batch again, as a worker killed after the POST but before the delete would.
    expect(await send(lastBatch)).toEqual({ delivered: lastBatch.map((s) => s.id), rejected: [] });
    expect(await allStatements(lrs)).toHaveLength(5);
    const byVerb = Object.fromEntries(
      stored.map((s) => [(s.verb as { id: string }).id, (s.result as { extensions: Record<string, number> }).extensions[EXTENSIONS.count]]),
    );
    expect(byVerb).toEqual({
      'http://id.tincanapi.com/verb/viewed': 6,
      'http://adlnet.gov/expapi/verbs/interacted': 3,
      'http://adlnet.gov/expapi/verbs/launched': 2,
      'https://trailmark.app/xapi/verbs/found-no-match': 4,
      'https://trailmark.app/xapi/verbs/searched-without-result': 1,
    });
  });

  it('the LRS down: retry later, nothing lost; a statement the LRS refuses is dropped, the rest delivered', async () => {
    const down = lrsSender({ ...lrs, endpoint: 'http://127.0.0.1:9/xAPI/' });
    const statement = {
      id: crypto.randomUUID(),
      actor: { objectType: 'Agent', account: { homePage, name: 'trailmark' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/launched' },
      object: { id: 'https://learn.example.com/z' },
    } as Statement;
    expect(await down([statement])).toMatchObject({ retry: expect.any(String) });
    const bad = { ...statement, id: crypto.randomUUID(), object: { id: 'not an iri' } } as Statement;
    const outcome = await lrsSender(lrs)([statement, bad]);
    expect(outcome).toEqual({ delivered: [statement.id], rejected: [bad.id] });
  });

  it('wrong credentials or endpoint are a retry, never a drop', async () => {
    const statement = {
      id: crypto.randomUUID(),
      actor: { objectType: 'Agent', account: { homePage, name: 'trailmark' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/launched' },
      object: { id: 'https://learn.example.com/z' },
    } as Statement;
    expect(await lrsSender({ ...lrs, endpoint: `http://127.0.0.1:${lrs.port}/nothing-here/` })([statement])).toMatchObject({
      retry: expect.stringContaining('404'),
    });
  });
});
