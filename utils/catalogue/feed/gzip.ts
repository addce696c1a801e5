import { feedError } from './errors';

/*
 * gzip through the Compression Streams API, which Chrome (80+), Firefox (113+) and Node (18+) all
 * have: `feed build` packs with exactly the code the extension unpacks with.
 */

async function collect(stream: ReadableStream<Uint8Array>, maxBytes: number, onTooLarge: () => Error): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw onTooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** The bytes gzipped. */
export async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return collect(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip')), Infinity, () => new Error('unreachable'));
}

/** True when the bytes start like a gzip stream (a host may have unpacked the file on the way). */
export const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Whether this browser can unpack gzip; without it the uncompressed file is downloaded. */
export const canGunzip = () => typeof DecompressionStream === 'function';

/**
 * Unpacks gzip, never more than `maxBytes` (a small file cannot unpack into a huge one): a
 * broken stream or one too large is refused as not matching the manifest.
 */
export async function gunzip(bytes: Uint8Array<ArrayBuffer>, maxBytes: number, file: string): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => feedError('hashMismatch', { file, detail: `unpacks to more than ${maxBytes} bytes` });
  try {
    return await collect(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')), maxBytes, tooLarge);
  } catch (error) {
    if ((error as { name?: string }).name === 'FeedError') throw error;
    throw feedError('hashMismatch', { file, detail: 'not a gzip file' });
  }
}
