import type { FeedOutcome } from '../db';
import type { FeedProblem } from './errors';

/** The feed as the options page shows it. Times are ISO strings. */
export interface FeedStatus {
  /** The feed URL in force (from the options page or the organisation's policy); empty when no feed is set. */
  url: string;
  /** The public key in force. */
  publicKey: string;
  /** What the organisation's policy sets or locks, so the options page shows it read-only. */
  locked: { url: boolean; publicKey: boolean };
  /** Fingerprint of the public key in force, when it is a valid key. */
  keyId?: string;
  /** A check is running right now. */
  checking: boolean;
  lastCheckAt?: string;
  lastSuccessAt?: string;
  nextCheckAt?: string;
  lastOutcome?: FeedOutcome;
  lastProblem?: FeedProblem;
}
