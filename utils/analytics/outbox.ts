import type { Statement } from '@xapi/xapi';
import type { TrailmarkDB } from '../catalogue/db';
import { addDays, bucketKeyOf, bucketKeyString, dayOf, placeEvent, type Bucket, type CountedEvent } from './events';
import type { AnalyticsState, OutboxEntry } from './model';
import { buildStatement, type StatementContext } from './xapi';

/**
 * The analytics outbox in IndexedDB: counts per bucket for the days still open, and statements for
 * the closed days until the LRS has them. Every step is one transaction, so a service worker killed
 * at any moment loses nothing and, with ids derived from the bucket, never sends a count twice.
 */

/** Statements kept at most: 30 days of a busy installation (a day is at most `BUCKETS_PER_DAY`). */
export const OUTBOX_CAP = 2_000;
/** Counts and statements older than this are dropped unsent. */
export const MAX_AGE_DAYS = 30;
/** Statements per request; LRSs accept far more, but small requests fail and retry cheaply. */
export const BATCH_SIZE = 250;
/** Requests per send at most, so one run of the worker stays short. */
export const MAX_BATCHES_PER_SEND = 8;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * When the next daily send is due: a random moment of the next UTC day, so installations spread
 * their requests over the day instead of all calling the LRS at midnight.
 */
export function nextDailySend(now: number, random: () => number): number {
  const tomorrow = Date.parse(`${addDays(dayOf(now), 1)}T00:00:00Z`);
  return tomorrow + Math.floor(random() * DAY);
}

/** Back-off after `failures` failed sends in a row: 15 min, 30 min, 1 h … at most 12 h, with ±20 % jitter. */
export function retryDelay(failures: number, random: () => number): number {
  const base = Math.min(15 * 60_000 * 2 ** Math.max(0, failures - 1), 12 * HOUR);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The outbox's state, made on first use with a fresh installation id and a first send tomorrow. */
export async function analyticsState(db: TrailmarkDB, now: number, random: () => number): Promise<AnalyticsState> {
  return db.transaction('rw', db.analyticsState, async () => {
    const existing = await db.analyticsState.get('analytics');
    if (existing) return existing;
    const state: AnalyticsState = {
      key: 'analytics',
      installationId: crypto.randomUUID(),
      nextSendAt: nextDailySend(now, random),
      failures: 0,
      drops: { capped: 0, expired: 0, rejected: 0 },
    };
    await db.analyticsState.put(state);
    return state;
  });
}

/**
 * Counts one event in its bucket (see `placeEvent` for the daily bound). Returns whether it was counted.
 */
export async function countEvent(db: TrailmarkDB, event: CountedEvent): Promise<boolean> {
  const key = bucketKeyOf(event);
  return db.transaction('rw', db.analyticsBuckets, async () => {
    const dayKeys = new Set((await db.analyticsBuckets.where('day').equals(key.day).primaryKeys()) as string[]);
    const placed = placeEvent(key, dayKeys);
    if (!placed) return false;
    const id = bucketKeyString(placed);
    const bucket = await db.analyticsBuckets.get(id);
    await db.analyticsBuckets.put(bucket ? { ...bucket, count: bucket.count + 1 } : { ...placed, key: id, count: 1 });
    return true;
  });
}

/** What statements need from outside the outbox: the organisation and the catalogue, looked up for a set of buckets. */
export type StatementLookups = (buckets: readonly Bucket[]) => Promise<Pick<StatementContext, 'resource' | 'ruleName'>>;

/**
 * Turns the buckets of every day before today into statements in the outbox, and removes them, in
 * one transaction. Buckets older than `MAX_AGE_DAYS` are dropped; with `validate` (tests, Node), a
 * statement that does not validate is dropped and counted.
 */
export async function closeDays(
  db: TrailmarkDB,
  now: number,
  context: Pick<StatementContext, 'installationId' | 'homePage'>,
  lookups: StatementLookups,
  validate?: (statement: Statement) => string[],
): Promise<number> {
  const today = dayOf(now);
  const oldest = addDays(today, -MAX_AGE_DAYS);
  const pending = await db.analyticsBuckets.where('day').below(today).toArray();
  if (pending.length === 0) return 0;
  const found = await lookups(pending);
  return db.transaction('rw', db.analyticsBuckets, db.analyticsOutbox, db.analyticsState, async () => {
    // Read again inside the transaction: another run may have closed them meanwhile.
    const buckets = await db.analyticsBuckets.where('day').below(today).toArray();
    const entries: OutboxEntry[] = [];
    let expired = 0;
    let rejected = 0;
    for (const bucket of buckets) {
      if (bucket.day < oldest) {
        expired++;
        continue;
      }
      const statement = buildStatement(bucket, { ...context, ...found });
      if (validate && validate(statement).length > 0) rejected++;
      else entries.push({ id: statement.id!, day: bucket.day, statement });
    }
    await db.analyticsOutbox.bulkPut(entries);
    await db.analyticsBuckets.bulkDelete(buckets.map((b) => b.key));
    if (expired || rejected) await addDrops(db, { expired, rejected });
    return entries.length;
  });
}

async function addDrops(db: TrailmarkDB, more: Partial<AnalyticsState['drops']>): Promise<void> {
  const state = await db.analyticsState.get('analytics');
  if (!state) return;
  const drops = { ...state.drops };
  for (const [k, v] of Object.entries(more) as [keyof typeof drops, number][]) drops[k] += v;
  await db.analyticsState.put({ ...state, drops });
}

/** Drops statements older than `MAX_AGE_DAYS`, then the oldest beyond `OUTBOX_CAP`. */
export async function pruneOutbox(db: TrailmarkDB, now: number): Promise<void> {
  const oldest = addDays(dayOf(now), -MAX_AGE_DAYS);
  await db.transaction('rw', db.analyticsOutbox, db.analyticsState, async () => {
    const expired = await db.analyticsOutbox.where('day').below(oldest).primaryKeys();
    await db.analyticsOutbox.bulkDelete(expired);
    const over = (await db.analyticsOutbox.count()) - OUTBOX_CAP;
    const capped = over > 0 ? await db.analyticsOutbox.orderBy('day').limit(over).primaryKeys() : [];
    await db.analyticsOutbox.bulkDelete(capped);
    if (expired.length || capped.length) await addDrops(db, { expired: expired.length, capped: capped.length });
  });
}

/** What one request to the LRS came to. */
export type SendOutcome =
  /** The LRS has these statements (stored now or already: 200, 204, 409). */
  | { delivered: string[]; rejected: string[] }
  /** Nothing was delivered; try again later. */
  | { retry: string };
export type Sender = (statements: Statement[]) => Promise<SendOutcome>;

export interface SendReport {
  sent: number;
  rejected: number;
  failed?: string;
  skipped?: 'notDue';
}

/**
 * The daily send: when due (or when `force`d by a test hook), closes the past days, prunes, and
 * sends the outbox in batches. On success the next send is a random moment tomorrow; on failure the
 * back-off decides and the statements stay. Delivered statements are removed in the same
 * transaction that records the batch as the last one shared.
 */
export async function sendDue(
  db: TrailmarkDB,
  options: {
    now: number;
    random: () => number;
    homePage: string;
    lookups: StatementLookups;
    send: Sender;
    force?: boolean;
  },
): Promise<SendReport> {
  const { now, random } = options;
  const state = await analyticsState(db, now, random);
  if (!options.force && state.nextSendAt > now) return { sent: 0, rejected: 0, skipped: 'notDue' };
  await closeDays(db, now, { installationId: state.installationId, homePage: options.homePage }, options.lookups);
  await pruneOutbox(db, now);
  let sent = 0;
  let rejected = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_SEND; batch++) {
    const entries = await db.analyticsOutbox.orderBy('day').limit(BATCH_SIZE).toArray();
    if (entries.length === 0) break;
    const outcome = await options.send(entries.map((e) => e.statement));
    if ('retry' in outcome) {
      await updateState(db, (s) => ({
        ...s,
        failures: s.failures + 1,
        lastAttemptAt: now,
        nextSendAt: now + retryDelay(s.failures + 1, random),
      }));
      return { sent, rejected, failed: outcome.retry };
    }
    const delivered = new Set(outcome.delivered);
    await db.transaction('rw', db.analyticsOutbox, db.analyticsState, async () => {
      await db.analyticsOutbox.bulkDelete([...outcome.delivered, ...outcome.rejected]);
      const state = (await db.analyticsState.get('analytics'))!;
      const lastBatch = entries.filter((e) => delivered.has(e.id)).map((e) => e.statement);
      await db.analyticsState.put({
        ...state,
        ...(lastBatch.length ? { lastBatch, lastSentAt: now } : {}),
        drops: { ...state.drops, rejected: state.drops.rejected + outcome.rejected.length },
      });
    });
    sent += outcome.delivered.length;
    rejected += outcome.rejected.length;
    if (entries.length < BATCH_SIZE) break;
  }
  await updateState(db, (s) => ({ ...s, failures: 0, lastAttemptAt: now, nextSendAt: nextDailySend(now, random) }));
  return { sent, rejected };
}

async function updateState(db: TrailmarkDB, change: (state: AnalyticsState) => AnalyticsState): Promise<void> {
  await db.transaction('rw', db.analyticsState, async () => {
    const state = await db.analyticsState.get('analytics');
    if (state) await db.analyticsState.put(change(state));
  });
}

/** Everything analytics keeps, removed: when the policy turns analytics off or the employee opts out. */
export async function clearAnalytics(db: TrailmarkDB): Promise<void> {
  await db.transaction('rw', db.analyticsBuckets, db.analyticsOutbox, db.analyticsState, async () => {
    await db.analyticsBuckets.clear();
    await db.analyticsOutbox.clear();
    await db.analyticsState.clear();
  });
}
