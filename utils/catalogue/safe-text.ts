/**
 * Checks for catalogue text and links that would deceive the employee: links that are `https:`
 * but not what they seem, text with invisible characters or direction overrides, and dates that
 * do not exist. Pure functions; the catalogue schema uses them, so the options import, the feed
 * and `trailmark feed build` refuse the same things with the same words.
 */

/**
 * Characters that change how text reads without being seen: bidirectional overrides, embeddings,
 * isolates and marks (a title `gnp.exe` with U+202E shows as "exe.png"), and zero-width or
 * invisible characters. Zero-width joiner and non-joiner stay allowed: some scripts and emoji need them.
 */
const HIDDEN =
  /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u206a-\u206f\ufeff\ufff9-\ufffb\u180e\u00ad\u034f\u115f\u1160\u3164\uffa0]/u;

/** The first hidden character in `text` as `U+202E`, or undefined when there is none. */
export function hiddenCharacter(text: string): string | undefined {
  const found = HIDDEN.exec(text)?.[0];
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Hosts on the device itself or on a private network: a catalogue link there is refused. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  if (!host.includes('.') && !host.includes(':')) return true; // a single label: an intranet name
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (host.includes(':'))
    return host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:');
  return false;
}

/** Why a catalogue link is refused (an i18n key of the import's problem list). */
export type LinkProblem = 'problemLinkForm' | 'problemLinkHidden' | 'problemLinkUserInfo' | 'problemLinkPrivate';
/** The normalised link and its host, or why it is refused. */
export type LinkCheck = { ok: true; href: string; host: string } | { ok: false; problem: LinkProblem };

/**
 * Reads a catalogue link as the browser will, and refuses what would mislead: it must be written
 * as `https://host/…` (not a form the browser repairs, such as `https:host`, `https:\\host` or
 * `https:///host`), have a real host, no user name or password (`https://learn.example.com@evil.example.com/`
 * goes to evil.example.com), no control characters or spaces, and not point at this device or a
 * private network. The link stored and rendered is the browser's own normalised `href`.
 *
 * @example checkLink('https://LEARN.example.com/a b').ok // false (a space)
 */
export function checkLink(raw: string): LinkCheck {
  if (/[\u0000-\u0020\u007f-\u009f]/.test(raw)) return { ok: false, problem: 'problemLinkHidden' };
  if (hiddenCharacter(raw)) return { ok: false, problem: 'problemLinkHidden' };
  if (!/^https:\/\/[^/\\]/i.test(raw) || raw.includes('\\')) {
    return { ok: false, problem: 'problemLinkForm' };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: 'problemLinkForm' };
  }
  if (url.protocol !== 'https:' || !url.hostname) return { ok: false, problem: 'problemLinkForm' };
  if (url.username || url.password || /^https:\/\/[^/?#]*@/i.test(raw)) {
    return { ok: false, problem: 'problemLinkUserInfo' };
  }
  if (isPrivateHost(url.hostname)) return { ok: false, problem: 'problemLinkPrivate' };
  return { ok: true, href: url.href, host: url.hostname };
}

/**
 * Whether `YYYY-MM-DD` (optionally with a time) is a day that exists: `2026-13-45` and
 * `2026-02-30` are not, and hours, minutes and seconds must be in range.
 */
export function isRealDate(value: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!parts) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts
    .slice(1, 7)
    .map((p) => (p === undefined ? undefined : Number(p))) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 60
  );
}
