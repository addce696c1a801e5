import type { Locale, MessageKey, Translate } from '../../i18n';
import { describeProfileProblem } from '../../profile/problems';
import { describeProblem } from '../problems';
import type { FeedProblem } from './errors';

/**
 * A date as people read it in a status line: "12 May", with the year when it is not this year.
 *
 * @example formatFeedDate('2026-05-12T09:00:00Z', 'nl', new Date('2026-06-01')) // '12 mei'
 */
export function formatFeedDate(iso: string, locale: Locale, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(locale === 'en' ? 'en-GB' : 'nl-NL', {
    day: 'numeric',
    month: 'long',
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
}

/** A date and time for "last check" lines. */
export function formatFeedTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A feed problem in plain words, in the reader's language (the CLI passes English).
 *
 * @example describeFeedProblem({ code: 'badSignature', file: 'feed.json' }, t, 'en')
 * // 'The feed’s signature does not match the public key'
 */
export function describeFeedProblem(problem: FeedProblem, t: Translate, locale: Locale): string {
  const key = `feedProblem_${problem.code}` as MessageKey;
  const file = problem.file ?? '';
  const date = problem.date ? formatFeedDate(problem.date, locale) : '';
  let text: string;
  switch (problem.code) {
    case 'noAccess':
      text = t(key, problem.detail ?? '');
      break;
    case 'httpStatus':
      text = t(key, file, problem.status ?? '?');
      break;
    case 'otherKey':
      text = t(key, problem.feedKeyId ?? '?', problem.keyId ?? '?');
      break;
    case 'expired':
      text = t(key, date);
      break;
    case 'olderVersion':
      text = t(key, problem.version ?? '?', problem.activeVersion ?? '?');
      break;
    case 'sameVersionChanged':
      text = t(key, problem.version ?? '?');
      break;
    case 'invalidCatalogue':
      text = t(key, file, problem.importProblem ? describeProblem(problem.importProblem, t) : '', problem.problemCount ?? 1);
      break;
    case 'invalidProfile':
      text = t(key, problem.profileProblem ? describeProfileProblem(problem.profileProblem, t) : '');
      break;
    default:
      text = t(key, file);
  }
  return problem.detail && !['invalidCatalogue', 'invalidProfile', 'urlNotAllowed', 'noAccess'].includes(problem.code)
    ? `${text} (${problem.detail})`
    : text;
}
