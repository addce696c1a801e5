/**
 * What the background keeps per tab in session storage (`session:tab:N`) must stay small: the
 * session area holds 10 MB in all, and a page can make its own address megabytes long with
 * `history.replaceState` (seven 1.9 MB addresses filled it, and then no page got a tip). So the
 * record keeps at most {@link MAX_TAB_URL} characters of the address: a longer one is cut and
 * ends in a fingerprint of the whole address, so "is this still the same page?" stays exact.
 */

/** Longest address kept as written in a tab's record. */
export const MAX_TAB_URL = 2048;

/** Two 32-bit FNV-1a hashes with different offsets: a 64-bit fingerprint, enough to tell pages apart. */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * The address as a tab's record keeps it: unchanged up to {@link MAX_TAB_URL} characters, else its
 * start, the length and a fingerprint of the whole (never longer than MAX_TAB_URL).
 *
 * @example boundTabUrl('https://crm.example.com/' + 'x'.repeat(5000)).length // 2048
 */
export function boundTabUrl(url: string): string {
  if (url.length <= MAX_TAB_URL) return url;
  const tail = `#…trailmark-cut-${url.length}-${fingerprint(url)}`;
  return url.slice(0, MAX_TAB_URL - tail.length) + tail;
}

/** Whether a stored record is about the page at `url` (compares the bounded forms). */
export function sameTabUrl(stored: string | undefined, url: string | undefined): boolean {
  return stored !== undefined && url !== undefined && stored === boundTabUrl(url);
}

/** A tab's record as stored: the same record with its address bounded. */
export function boundedTabRecord<T extends { url: string }>(record: T): T {
  return record.url.length <= MAX_TAB_URL ? record : { ...record, url: boundTabUrl(record.url) };
}
