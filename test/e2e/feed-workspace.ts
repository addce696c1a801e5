import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, keygen, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from '../../cli/feed';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { parseCatalogueCsv } from '../../utils/catalogue/import';
import { importPrivateKey, sign } from '../../utils/catalogue/feed/crypto';
import { FEED_FILE_NAME, type Manifest } from '../../utils/catalogue/feed/schema';
import type { Resource } from '../../utils/catalogue/schema';

/**
 * A publisher's desk for browser tests and the benchmark: a key pair, a feed folder built with the
 * real CLI (`trailmark feed build`), served on 127.0.0.1 with ETags.
 */
export interface FeedWorkspace {
  dir: string;
  out: string;
  publicKey: string;
  host: StaticServer;
  feedUrl: string;
  /** Writes `resources` as a JSON catalogue and runs `feed build` on it. */
  publish(resources: readonly Resource[], options?: { maxDeltas?: number; expiresDays?: number; profile?: object }): Promise<Manifest>;
  /**
   * Changes the published manifest's L&D profile and signs it again with the feed's own key: a
   * feed that `feed build` would never write (it checks the profile), as a hostile or broken
   * publishing tool might.
   */
  resignProfile(change: (profile: Record<string, unknown>) => Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export async function createFeedWorkspace(): Promise<FeedWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'trailmark-feed-e2e-'));
  const keys = join(dir, 'keys');
  const out = join(dir, 'feed');
  await keygen(keys);
  const publicKey = (await readFile(join(keys, PUBLIC_KEY_FILE), 'utf8')).trim();
  let published = 0;
  const workspace: FeedWorkspace = {
    dir,
    out,
    publicKey,
    host: undefined as unknown as StaticServer,
    feedUrl: '',
    async publish(resources, options = {}) {
      const catalogue = join(dir, `catalogue-${++published}.json`);
      await writeFile(catalogue, JSON.stringify(resources));
      const profile = options.profile ? join(dir, `profile-${published}.json`) : undefined;
      if (profile) await writeFile(profile, JSON.stringify(options.profile));
      const { manifest } = await build({
        catalogue,
        key: join(keys, PRIVATE_KEY_FILE),
        out,
        expiresDays: options.expiresDays ?? 30,
        maxDeltas: options.maxDeltas ?? 10,
        ...(profile ? { profile } : {}),
      });
      await rm(catalogue);
      return manifest;
    },
    async resignProfile(change) {
      const path = join(out, FEED_FILE_NAME);
      const envelope = JSON.parse(await readFile(path, 'utf8')) as { manifest: string; signature: string };
      const manifest = JSON.parse(envelope.manifest) as { profile?: Record<string, unknown> };
      manifest.profile = change(manifest.profile ?? {});
      envelope.manifest = JSON.stringify(manifest);
      const { privateKey } = await importPrivateKey(await readFile(join(keys, PRIVATE_KEY_FILE), 'utf8'));
      envelope.signature = await sign(privateKey, envelope.manifest);
      await writeFile(path, `${JSON.stringify(envelope, null, 2)}\n`);
    },
    async close() {
      await workspace.host?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await mkdir(out, { recursive: true });
  workspace.host = await serveFolder(out);
  workspace.feedUrl = `${workspace.host.origin}/feed.json`;
  return workspace;
}

/** The built-in sample catalogue as resources (179, English and Dutch). */
export async function sampleResources(): Promise<Resource[]> {
  const result = parseCatalogueCsv(await readFile(resolve('public/sample-catalogue.csv'), 'utf8'));
  if (!result.ok) throw new Error('the sample catalogue does not parse');
  return result.resources;
}

/** A resource with a word no sample resource has, so a search proves which version is active. */
export function marker(id: string, word: string, title = `Marker ${word}`): Resource {
  return {
    id,
    title,
    description: `Only this resource mentions ${word}.`,
    url: `https://learn.example.com/${id}`,
    type: 'article',
    language: 'en',
    skills: [],
    keywords: [word],
    provider: 'L&D',
    audience: [],
    level: '',
    active: true,
  };
}

/**
 * `n` realistic resources: the sample catalogue repeated with unique ids, addresses and a numbered
 * title, so text, languages and field sizes are those of a real catalogue.
 */
export async function syntheticResources(n: number): Promise<Resource[]> {
  const base = (await sampleResources()).filter((r) => r.active);
  return Array.from({ length: n }, (_, i) => {
    const r = base[i % base.length]!;
    return {
      ...r,
      id: `${r.id}-${i}`,
      title: `${r.title} (${Math.floor(i / base.length) + 1})`,
      url: `${r.url}${r.url.includes('?') ? '&' : '?'}n=${i}`,
    };
  });
}
