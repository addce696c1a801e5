import { feedError, shortDetail } from './errors';
import { feedUrl } from './url';

/** `fetch`, injectable so tests can serve feeds from memory. */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export type Fetched = { notModified: true } | { notModified: false; bytes: Uint8Array<ArrayBuffer>; etag?: string };

/**
 * Downloads one feed file, never more than `maxBytes` (checked against Content-Length first, then
 * while reading). With `etag`, asks `If-None-Match` and reports a 304 without reading a body.
 * Bypasses the HTTP cache: freshness is decided by the ETag and the signed version alone.
 */
export async function fetchFeedFile(
  fetchFn: FetchFn,
  url: URL,
  options: { file: string; maxBytes: number; etag?: string; signal?: AbortSignal },
): Promise<Fetched> {
  const { file, maxBytes } = options;
  let response: Response;
  try {
    response = await fetchFn(url.href, {
      cache: 'no-store',
      credentials: 'omit',
      headers: options.etag ? { 'If-None-Match': options.etag } : {},
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw feedError('unreachable', { file, detail: shortDetail((error as Error).message ?? String(error)) });
  }
  if (response.url) feedUrl(response.url); // a redirect may not leave https:
  if (response.status === 304) {
    await response.body?.cancel();
    return { notModified: true };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw feedError('httpStatus', { file, status: response.status });
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw feedError('tooLarge', { file });
  }
  const bytes = await readCapped(response, maxBytes, file);
  const etag = response.headers.get('etag') ?? undefined;
  return { notModified: false, bytes, ...(etag ? { etag } : {}) };
}

async function readCapped(response: Response, maxBytes: number, file: string): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel();
        throw feedError('tooLarge', { file });
      }
      chunks.push(value);
    }
  } catch (error) {
    if ((error as { name?: string }).name === 'FeedError') throw error;
    throw feedError('unreachable', { file, detail: shortDetail((error as Error).message ?? String(error)) });
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
