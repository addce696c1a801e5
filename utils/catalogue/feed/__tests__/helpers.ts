import type { LdProfile } from '../../../profile/schema';
import { ResourceSchema, type Resource } from '../../schema';
import { buildFeed, type BuiltFeed } from '../build';
import { generateKeyPair, importPrivateKey, keyIdOf, parsePublicKey } from '../crypto';
import { FEED_FILE_NAME, EnvelopeSchema, ManifestSchema } from '../schema';

/** Test data: plain resources with ids r0000…, deterministic per `n` and `variant`. */
export function makeResources(n: number, variant = 0): Resource[] {
  return Array.from({ length: n }, (_, i) =>
    ResourceSchema.parse({
      id: `r${String(i).padStart(4, '0')}`,
      title: `${['Pivot tables', 'Giving feedback', 'Project planning', 'Writing clearly'][i % 4]} ${i}${variant ? ` v${variant}` : ''}`,
      description: `Learn ${['spreadsheets', 'conversations', 'planning', 'writing'][i % 4]} step by step.`,
      url: `https://learn.example.com/r${i}`,
      language: i % 3 === 0 ? 'nl' : 'en',
      skills: [['data-analysis'], ['feedback'], ['project-management'], ['writing']][i % 4],
      durationMinutes: 10 + (i % 50),
    }),
  );
}

export interface TestKey {
  privateKey: CryptoKey;
  publicKey: string;
  keyId: string;
}

export async function makeKey(): Promise<TestKey> {
  const pair = await generateKeyPair();
  const { privateKey, publicKey } = await importPrivateKey(pair.privateKeyPem);
  return { privateKey, publicKey, keyId: await keyIdOf(parsePublicKey(publicKey)) };
}

const utf8 = new TextEncoder();

/**
 * A static feed host in memory: files by name, a `fetch` with ETag / If-None-Match, and a log of
 * requests. Builds publish into it the way the CLI writes a folder.
 */
export class MemoryHost {
  readonly origin = 'https://feed.example.com';
  readonly feedUrl = `${this.origin}/trailmark/${FEED_FILE_NAME}`;
  readonly files = new Map<string, Uint8Array<ArrayBuffer>>();
  readonly requests: { path: string; status: number }[] = [];
  /** Makes the next requests fail at the network level. */
  offline = false;

  fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    if (this.offline) throw new TypeError('Failed to fetch');
    const url = new URL(input);
    const name = decodeURIComponent(url.pathname.replace(/^\/trailmark\//, ''));
    const bytes = this.files.get(name);
    const log = (status: number) => this.requests.push({ path: name, status });
    if (!bytes) {
      log(404);
      return new Response('Not found', { status: 404 });
    }
    const etag = `"${await etagOf(bytes)}"`;
    const ifNoneMatch = new Headers(init?.headers).get('if-none-match');
    if (ifNoneMatch === etag) {
      log(304);
      return new Response(null, { status: 304, headers: { etag } });
    }
    log(200);
    return new Response(bytes, { status: 200, headers: { etag, 'content-length': String(bytes.length) } });
  };

  text(name: string): string {
    return new TextDecoder().decode(this.files.get(name));
  }

  put(name: string, text: string | Uint8Array<ArrayBuffer>): void {
    this.files.set(name, typeof text === 'string' ? utf8.encode(text) : text);
  }

  manifest() {
    const feed = this.files.get(FEED_FILE_NAME);
    if (!feed) return undefined;
    return ManifestSchema.parse(JSON.parse(EnvelopeSchema.parse(JSON.parse(new TextDecoder().decode(feed))).manifest));
  }

  /** Builds the next version from `resources` and publishes it: content files first, feed.json last. */
  async publish(
    resources: readonly Resource[],
    key: TestKey,
    options: { now?: Date; expiresDays?: number; maxDeltas?: number; profile?: LdProfile } = {},
  ): Promise<BuiltFeed> {
    const manifest = this.manifest();
    const built = await buildFeed({
      resources,
      privateKey: key.privateKey,
      keyId: key.keyId,
      now: options.now ?? new Date(),
      expiresDays: options.expiresDays ?? 30,
      maxDeltas: options.maxDeltas ?? 10,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(manifest ? { previous: { manifest, readFile: async (path: string) => this.files.get(path) } } : {}),
    });
    for (const [name, text] of built.files) this.put(name, text);
    this.put(FEED_FILE_NAME, built.feedJson);
    return built;
  }
}

async function etagOf(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', bytes));
  return Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}
