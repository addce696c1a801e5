import type { LdProfile } from '../../profile/schema';
import type { Resource } from '../schema';
import { sha256Hex, sign } from './crypto';
import { composeDeltas, deltaText, diffCatalogues, snapshotText } from './delta';
import { FeedError } from './errors';
import { gzip } from './gzip';
import {
  FEED_FORMAT,
  deltaFileName,
  gzipFileName,
  snapshotFileName,
  type Delta,
  type DeltaEntry,
  type Envelope,
  type GzipEntry,
  type Manifest,
} from './schema';
import { checkContent, parseDelta, parseSnapshot } from './verify';

const utf8 = new TextEncoder();
const DAY = 24 * 60 * 60 * 1000;

/** The feed as it was before this build: its manifest and a way to read its files. */
export interface PreviousFeed {
  manifest: Manifest;
  /** A file of the feed folder, or undefined when it is missing. */
  readFile(path: string): Promise<Uint8Array<ArrayBuffer> | undefined>;
}

export interface BuildInput {
  /** The validated catalogue (see `parseCatalogueFile`). */
  resources: readonly Resource[];
  privateKey: CryptoKey;
  keyId: string;
  now: Date;
  /** Days until the feed expires. */
  expiresDays: number;
  /** Deltas are kept from at most this many earlier versions. */
  maxDeltas: number;
  previous?: PreviousFeed;
  /** The L&D profile to sign into the manifest (already checked with `parseLdProfile`). */
  profile?: LdProfile;
}

export interface BuiltFeed {
  /** feed.json's text. */
  feedJson: string;
  manifest: Manifest;
  /** Content files this build made, by name (JSON text, or the bytes of its .gz copy); existing files are never rewritten. */
  files: Map<string, string | Uint8Array<ArrayBuffer>>;
  /** True when the catalogue is the previous version's: only the expiry moved. */
  unchanged: boolean;
  /** Against the previous version. */
  changes?: { added: number; changed: number; retired: number };
  /** Things the publisher should know, in plain words. */
  warnings: string[];
}

/**
 * Builds the next version of a feed from a validated catalogue: the canonical snapshot, a delta
 * from each of the last `maxDeltas` versions (composed from the previous version's deltas, so old
 * snapshots are not needed), a manifest naming them with SHA-256 and size, and feed.json with the
 * manifest's signature. Pure: the caller writes the files, feed.json last.
 *
 * @example const built = await buildFeed({ resources, privateKey, keyId, now: new Date(), expiresDays: 30, maxDeltas: 10 });
 */
export async function buildFeed(input: BuildInput): Promise<BuiltFeed> {
  const { previous, now } = input;
  const text = snapshotText(input.resources);
  const sha256 = await sha256Hex(text);
  const count = input.resources.filter((r) => r.active).length;
  const expiresAt = new Date(now.getTime() + input.expiresDays * DAY).toISOString();
  const warnings: string[] = [];

  const profileChanged = JSON.stringify(previous?.manifest.profile ?? null) !== JSON.stringify(input.profile ?? null);
  if (previous?.manifest.profile && !input.profile)
    warnings.push(
      'The previous version carried an L&D profile and this one has none, so tips lose the name and logo; pass --profile to keep it.',
    );
  if (previous && previous.manifest.snapshot.sha256 === sha256 && !profileChanged) {
    // Same content, same version: only re-signed, so installs keep it and learn the new expiry.
    const manifest: Manifest = { ...previous.manifest, expiresAt };
    return { feedJson: await envelope(manifest, input), manifest, files: new Map(), unchanged: true, warnings };
  }

  const version = (previous?.manifest.version ?? 0) + 1;
  const files: BuiltFeed['files'] = new Map();
  const snapshotPath = snapshotFileName(version, sha256);
  files.set(snapshotPath, text);
  const snapshotUtf8 = utf8.encode(text);
  const snapshotBytes = snapshotUtf8.length;
  const snapshotGzip = await gzipped(snapshotPath, snapshotUtf8, files);

  let changes: BuiltFeed['changes'];
  const deltas: DeltaEntry[] = [];
  // Without deltas there is nothing to compare with, and a large previous snapshot is slow to read.
  const previousResources = previous && input.maxDeltas > 0 ? await readPreviousSnapshot(previous, warnings) : undefined;
  if (previous && previousResources) {
    const latest = diffCatalogues(previousResources, input.resources, previous.manifest.version, version);
    const before = new Set(previousResources.map((r) => r.id));
    const added = latest.upserts.filter((r) => !before.has(r.id)).length;
    changes = { added, changed: latest.upserts.length - added, retired: latest.retire.length };
    const older = await readPreviousDeltas(previous, warnings);
    const candidates = [
      { delta: latest, fromSha256: previous.manifest.snapshot.sha256 },
      ...older.map(({ delta, fromSha256 }) => ({ delta: composeDeltas(delta, latest), fromSha256 })),
    ].slice(0, input.maxDeltas);
    for (const { delta, fromSha256 } of candidates) {
      const body = deltaText(delta);
      const encoded = utf8.encode(body);
      // A delta as large as the snapshot saves nothing.
      if (encoded.length >= snapshotBytes) continue;
      const deltaSha = await sha256Hex(body);
      const path = deltaFileName(delta.fromVersion, delta.toVersion, deltaSha);
      files.set(path, body);
      deltas.push({
        fromVersion: delta.fromVersion,
        toVersion: delta.toVersion,
        path,
        sha256: deltaSha,
        bytes: encoded.length,
        // The hash chain: the content this delta starts from, so an install applies it without rehashing.
        ...(fromSha256 ? { fromSha256 } : {}),
        gzip: await gzipped(path, encoded, files),
      });
    }
  }

  const manifest: Manifest = {
    format: FEED_FORMAT,
    version,
    publishedAt: now.toISOString(),
    expiresAt,
    snapshot: { path: snapshotPath, sha256, bytes: snapshotBytes, version, count, gzip: snapshotGzip },
    deltas,
    ...(input.profile ? { profile: input.profile } : {}),
  };
  return { feedJson: await envelope(manifest, input), manifest, files, unchanged: false, ...(changes ? { changes } : {}), warnings };
}

/** Adds the gzipped copy of a content file to `files` and returns its manifest entry. */
async function gzipped(path: string, bytes: Uint8Array<ArrayBuffer>, files: BuiltFeed['files']): Promise<GzipEntry> {
  const packed = await gzip(bytes);
  const gzPath = gzipFileName(path);
  files.set(gzPath, packed);
  return { path: gzPath, sha256: await sha256Hex(packed), bytes: packed.length };
}

async function envelope(manifest: Manifest, input: Pick<BuildInput, 'privateKey' | 'keyId'>): Promise<string> {
  const manifestText = JSON.stringify(manifest);
  const feed: Envelope = {
    format: FEED_FORMAT,
    manifest: manifestText,
    signature: await sign(input.privateKey, manifestText),
    keyId: input.keyId,
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

async function readPreviousSnapshot(previous: PreviousFeed, warnings: string[]): Promise<Resource[] | undefined> {
  const entry = previous.manifest.snapshot;
  try {
    const bytes = await previous.readFile(entry.path);
    if (!bytes) throw new Error('the file is missing');
    return parseSnapshot(await checkContent(bytes, entry), entry);
  } catch (error) {
    warnings.push(
      `The previous snapshot ${entry.path} cannot be read (${reason(error)}), so this version has no deltas: every install downloads the whole snapshot once.`,
    );
    return undefined;
  }
}

/** The previous version's deltas, newest start first; unreadable ones are left out with a warning. */
async function readPreviousDeltas(previous: PreviousFeed, warnings: string[]): Promise<{ delta: Delta; fromSha256?: string }[]> {
  const deltas: { delta: Delta; fromSha256?: string }[] = [];
  for (const entry of [...previous.manifest.deltas].sort((a, b) => b.fromVersion - a.fromVersion)) {
    try {
      const bytes = await previous.readFile(entry.path);
      if (!bytes) throw new Error('the file is missing');
      const delta = parseDelta(await checkContent(bytes, entry), entry);
      deltas.push(entry.fromSha256 ? { delta, fromSha256: entry.fromSha256 } : { delta });
    } catch (error) {
      warnings.push(
        `The delta ${entry.path} cannot be read (${reason(error)}); installs at version ${entry.fromVersion} will take the snapshot.`,
      );
    }
  }
  return deltas;
}

const reason = (error: unknown) => (error instanceof FeedError ? error.message : (error as Error).message);
