import { z } from 'zod';
import type { LdProfile } from '../../profile/schema';
import { ResourceSchema } from '../schema';

/*
 * The feed, as L&D publishes it on any static host:
 *
 *   feed.json                      { format, manifest, signature, keyId }: the manifest as an exact
 *                                  string, with an Ed25519 signature over its UTF-8 bytes. One file,
 *                                  so a half-finished upload can never pair a new manifest with an
 *                                  old signature, and "nothing changed" is one conditional GET.
 *   snapshot-v7-1a2b3c4d.json      every active resource, sorted by id: the import schema's JSON
 *   delta-v5-v7-9f8e7d6c.json      { fromVersion, toVersion, upserts, retire } from an earlier version
 *   ….json.gz                      (format 2) the same file gzipped: what installs download where
 *                                  DecompressionStream exists; the SHA-256 that identifies the
 *                                  content stays the one of the uncompressed bytes
 *
 * File names carry the version and the start of the SHA-256, so a cache never serves an old file
 * under a new name.
 */

/**
 * The feed format `feed build` writes; the extension reads it and every earlier one. A larger
 * number means a newer Trailmark wrote the feed. 2 adds gzipped copies of the content files and,
 * on each delta, the SHA-256 of the content it starts from (so applying it needs no rehash).
 */
export const FEED_FORMAT = 2;
const Format = z.union([z.literal(1), z.literal(2)]);
/** The name the manifest is published under; admins set the URL of this file. */
export const FEED_FILE_NAME = 'feed.json';

/**
 * Larger than this is refused before reading further. feed.json is a few hundred bytes, up to
 * about 45 KB with an L&D logo (at most 32 KB, base64); the margin lets a feed whose logo is far
 * too large still be read, so the refusal can name the logo rather than just the file's size.
 */
export const MAX_ENVELOPE_BYTES = 4 * 1024 * 1024;
/** A snapshot or delta larger than this is refused before download (a 200,000-row catalogue fits). */
export const MAX_CONTENT_BYTES = 256 * 1024 * 1024;
/** At most this many deltas are listed. */
export const MAX_DELTAS = 64;
/** The catalogue version counts up by one per change; this keeps it an exact integer everywhere. */
const MAX_VERSION = 2 ** 31 - 1;

const Version = z.int().min(1).max(MAX_VERSION);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits');
/** A plain file name beside feed.json: never a path, so a feed can only point into its own folder. */
const FileName = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/, 'must be a file name beside feed.json');
const GzipName = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.json\.gz$/, 'must be a file name beside feed.json');
const Bytes = z.int().min(2).max(MAX_CONTENT_BYTES);
const DateTime = z.iso.datetime({ offset: true });

export const EnvelopeSchema = z.strictObject({
  format: Format,
  /** The manifest JSON exactly as signed. */
  manifest: z.string().max(MAX_ENVELOPE_BYTES),
  /** Ed25519 over the UTF-8 bytes of `manifest`, base64. */
  signature: z.string().max(200),
  /** Fingerprint of the signing key (see `keyIdOf`): tells admins which key a feed expects. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** A gzipped copy of a content file: its own name, size and SHA-256 (checked before it is unpacked). */
export const GzipEntrySchema = z.strictObject({ path: GzipName, sha256: Sha256, bytes: Bytes });
export type GzipEntry = z.infer<typeof GzipEntrySchema>;

export const SnapshotEntrySchema = z.strictObject({
  path: FileName,
  /** Of the uncompressed bytes: identifies the catalogue's content. */
  sha256: Sha256,
  bytes: Bytes,
  version: Version,
  /** Number of resources in the file. */
  count: z.int().min(0).max(200_000),
  gzip: GzipEntrySchema.optional(),
});
export type SnapshotEntry = z.infer<typeof SnapshotEntrySchema>;

export const DeltaEntrySchema = z.strictObject({
  fromVersion: Version,
  toVersion: Version,
  path: FileName,
  sha256: Sha256,
  bytes: Bytes,
  /** SHA-256 of the snapshot of `fromVersion`: the content this delta must be applied to. */
  fromSha256: Sha256.optional(),
  gzip: GzipEntrySchema.optional(),
});
export type DeltaEntry = z.infer<typeof DeltaEntrySchema>;

export const ManifestSchema = z
  .strictObject({
    format: Format,
    /** The catalogue version: grows by one with every published change, never goes back. */
    version: Version,
    publishedAt: DateTime,
    /** After this the feed is refused (and the popup says the catalogue may be out of date). */
    expiresAt: DateTime,
    snapshot: SnapshotEntrySchema,
    deltas: z.array(DeltaEntrySchema).max(MAX_DELTAS),
    /** Who offers the catalogue (see `utils/profile`); checked field by field by `openFeed`. */
    profile: z.custom<LdProfile>((value) => !!value && typeof value === 'object' && !Array.isArray(value)).optional(),
  })
  .superRefine((manifest, context) => {
    const issue = (message: string, path: (string | number)[]) => context.addIssue({ code: 'custom', message, path });
    if (manifest.snapshot.version !== manifest.version) issue('the snapshot must be of the manifest’s version', ['snapshot', 'version']);
    if (Date.parse(manifest.expiresAt) <= Date.parse(manifest.publishedAt)) issue('must be after publishedAt', ['expiresAt']);
    const seen = new Set<number>();
    manifest.deltas.forEach((delta, i) => {
      if (delta.toVersion !== manifest.version) issue('a delta must lead to the manifest’s version', ['deltas', i, 'toVersion']);
      if (delta.fromVersion >= delta.toVersion) issue('must be below toVersion', ['deltas', i, 'fromVersion']);
      if (seen.has(delta.fromVersion)) issue('two deltas from the same version', ['deltas', i, 'fromVersion']);
      seen.add(delta.fromVersion);
    });
  });
export type Manifest = z.infer<typeof ManifestSchema>;

/** A delta file's outer shape; its upserts are checked as catalogue items (see `parseDeltaFile`). */
export const DeltaFileSchema = z.strictObject({
  fromVersion: Version,
  toVersion: Version,
  upserts: z.array(z.unknown()).max(200_000),
  retire: z.array(ResourceSchema.shape.id).max(200_000),
});

/** Resources changed between two versions: `upserts` replace or add, `retire` removes by id. */
export interface Delta {
  fromVersion: number;
  toVersion: number;
  upserts: z.infer<typeof ResourceSchema>[];
  retire: string[];
}

export const snapshotFileName = (version: number, sha256: string) => `snapshot-v${version}-${sha256.slice(0, 8)}.json`;
export const deltaFileName = (fromVersion: number, toVersion: number, sha256: string) =>
  `delta-v${fromVersion}-v${toVersion}-${sha256.slice(0, 8)}.json`;
/** Files a feed folder holds besides feed.json (the CLI prunes only these). */
export const CONTENT_FILE = /^(snapshot-v\d+|delta-v\d+-v\d+)-[0-9a-f]{8}\.json(\.gz)?$/;
export const gzipFileName = (path: string) => `${path}.gz`;
