import type { ProfileProblem } from '../../profile/schema';
import type { ImportProblem } from '../import';

/**
 * Why a feed was not taken. Each code is also an i18n message key (`feedProblem_<code>`), so the
 * options page and the CLI word it the same way.
 */
export const FEED_ERROR_CODES = [
  'notSet',
  'urlNotAllowed',
  'keyInvalid',
  'noAccess',
  'unreachable',
  'httpStatus',
  'tooLarge',
  'malformed',
  'newerFormat',
  'badEncoding',
  'badSignature',
  'otherKey',
  'hashMismatch',
  'expired',
  'olderVersion',
  'sameVersionChanged',
  'invalidCatalogue',
  'invalidProfile',
  'storageFull',
  'storageFailed',
  'unsupported',
  'internal',
] as const;
export type FeedErrorCode = (typeof FEED_ERROR_CODES)[number];

/**
 * One refusal or failure, as plain data: stored in IndexedDB, sent to the options page and
 * worded there in the reader's language (see `describeFeedProblem`).
 */
export interface FeedProblem {
  code: FeedErrorCode;
  /** The feed file concerned, e.g. `feed.json` or `snapshot-v7-1a2b3c4d.json`. */
  file?: string;
  /** HTTP status, for `httpStatus`. */
  status?: number;
  /** The feed's version, for version refusals. */
  version?: number;
  /** The active catalogue's version, for `olderVersion`. */
  activeVersion?: number;
  /** ISO date-time: the expiry, for `expired`. */
  date?: string;
  /** Key ids, for `otherKey`: the one the feed names and the one set in the options or policy. */
  feedKeyId?: string;
  keyId?: string;
  /** A short technical detail (a parser message), shown after the plain words. */
  detail?: string;
  /** The first problem in a catalogue file, for `invalidCatalogue`, with how many there are. */
  importProblem?: ImportProblem;
  problemCount?: number;
  /** The first refused field of the manifest's L&D profile, for `invalidProfile`. */
  profileProblem?: ProfileProblem;
}

/** A typed error for everything that makes a feed check fail; `problem` says what, in data. */
export class FeedError extends Error {
  override name = 'FeedError';
  constructor(readonly problem: FeedProblem) {
    super(`${problem.code}${problem.file ? ` (${problem.file})` : ''}${problem.detail ? `: ${problem.detail}` : ''}`);
  }
}

export const feedError = (code: FeedErrorCode, details: Omit<FeedProblem, 'code'> = {}) => new FeedError({ code, ...details });

/** Shortens a technical message so it fits in a status line. */
export const shortDetail = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);
