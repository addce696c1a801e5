import type { Statement } from '@xapi/xapi';

/** A statement waiting in the outbox; its id is the statement id, so queuing twice stores it once. */
export interface OutboxEntry {
  id: string;
  /** The UTC day the counts are for: the outbox drops the oldest first and everything past 30 days. */
  day: string;
  statement: Statement;
}

/** What the outbox dropped instead of sending, so "See what is shared" can say so. */
export interface OutboxDrops {
  /** Over the outbox's cap (the LRS was unreachable for long). */
  capped: number;
  /** Older than `MAX_AGE_DAYS`. */
  expired: number;
  /** Refused by validation or by the LRS as malformed. */
  rejected: number;
}

/** The outbox's bookkeeping; one row, key `analytics`. Times are ms since the epoch. */
export interface AnalyticsState {
  key: 'analytics';
  /**
   * A random id made on first use. It never leaves the device: it only seeds the statement ids
   * (UUIDv5), so the same bucket gets the same id on a retry and different installations differ.
   */
  installationId: string;
  /** When the next send is due: once a day at a random time, or sooner after a failure (back-off). */
  nextSendAt: number;
  /** Failed sends in a row, for the back-off. */
  failures: number;
  lastAttemptAt?: number;
  lastSentAt?: number;
  /** The statements of the last successful send, exactly as sent ("See what is shared"). */
  lastBatch?: Statement[];
  drops: OutboxDrops;
}

/** What the options page and the popup show about analytics. */
export interface AnalyticsStatus {
  /** The organisation's policy turns analytics on. */
  configured: boolean;
  /** Counting now: configured and the employee did not opt out. */
  counting: boolean;
  mayOptOut: boolean;
  optedOut: boolean;
  /** Statements waiting for the LRS. */
  queued: number;
  lastSentAt?: number;
  /** The last batch exactly as sent ("See what is shared"). */
  lastBatch?: Statement[];
}
