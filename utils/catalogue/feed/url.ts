import { feedError } from './errors';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The feed URL as a `URL`, or a `FeedError` saying why it may not be used: only `https:`, except
 * loopback addresses (tests and the demo serve the feed on 127.0.0.1), and no user name or
 * password in the address.
 *
 * @example feedUrl('https://learning.example.com/trailmark/feed.json')
 */
export function feedUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw feedError('urlNotAllowed', { detail: text.trim().slice(0, 120) });
  }
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!allowed || url.username || url.password) throw feedError('urlNotAllowed', { detail: url.href.slice(0, 120) });
  return url;
}

/** A content file's URL: beside feed.json (the manifest schema only allows plain file names). */
export const contentUrl = (feed: URL, fileName: string) => new URL(encodeURIComponent(fileName), feed);
