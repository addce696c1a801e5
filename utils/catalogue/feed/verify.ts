import type { z } from 'zod';
import { MAX_CATALOGUE_ROWS, parseCatalogueItems } from '../import';
import { parseLdProfile } from '../../profile/schema';
import { sortById } from '../pages';
import type { Resource } from '../schema';
import { keyIdOf, sha256Hex, verifySignature } from './crypto';
import { feedError, shortDetail } from './errors';
import { fastResource } from './fast-resource';
import {
  DeltaFileSchema,
  EnvelopeSchema,
  FEED_FILE_NAME,
  FEED_FORMAT,
  ManifestSchema,
  MAX_ENVELOPE_BYTES,
  type Delta,
  type DeltaEntry,
  type Envelope,
  type Manifest,
  type SnapshotEntry,
} from './schema';

/*
 * Everything the extension and `trailmark feed verify` check, as pure functions over bytes. Each
 * refusal is a `FeedError` with a code; nothing here touches storage.
 */

const utf8 = new TextEncoder();

/** Strict UTF-8: a feed with broken bytes is refused, never read with replacement characters. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw feedError('badEncoding', { file });
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw feedError('malformed', { file, detail: shortDetail((error as Error).message) });
  }
}

/** The first schema issue as "path: message", for the status line. */
function issueDetail(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
  return shortDetail(`${path ? `${path}: ` : ''}${issue.message}`);
}

/** A feed from a newer Trailmark gets its own message: the fix is to update the extension. */
function refuseNewerFormat(data: unknown, file: string): void {
  const format = data && typeof data === 'object' ? (data as { format?: unknown }).format : undefined;
  if (typeof format === 'number' && format > FEED_FORMAT) throw feedError('newerFormat', { file, detail: `format ${format}` });
}

export interface OpenedFeed {
  envelope: Envelope;
  manifest: Manifest;
}

/**
 * Checks feed.json: size, UTF-8, shape, the signature over the manifest's exact bytes with the
 * configured public key, then the manifest's shape. Expiry and versions are the plan's business
 * (see `planSync`), because they depend on what is active.
 *
 * @example const { manifest } = await openFeed(bytes, parsePublicKey(keyText));
 */
export async function openFeed(bytes: Uint8Array, publicKey: Uint8Array<ArrayBuffer>, file = FEED_FILE_NAME): Promise<OpenedFeed> {
  if (bytes.length > MAX_ENVELOPE_BYTES) throw feedError('tooLarge', { file });
  const data = parseJson(decodeUtf8(bytes, file), file);
  refuseNewerFormat(data, file);
  const parsedEnvelope = EnvelopeSchema.safeParse(data);
  if (!parsedEnvelope.success) throw feedError('malformed', { file, detail: issueDetail(parsedEnvelope.error) });
  const envelope = parsedEnvelope.data;
  if (!(await verifySignature(publicKey, envelope.signature, utf8.encode(envelope.manifest)))) {
    const keyId = await keyIdOf(publicKey);
    // The key id is not signed, so it only chooses the wording: the signature alone decides.
    throw envelope.keyId === keyId
      ? feedError('badSignature', { file })
      : feedError('otherKey', { file, feedKeyId: envelope.keyId, keyId });
  }
  const manifestData = parseJson(envelope.manifest, file);
  refuseNewerFormat(manifestData, file);
  const parsedManifest = ManifestSchema.safeParse(manifestData);
  if (!parsedManifest.success) throw feedError('malformed', { file, detail: issueDetail(parsedManifest.error) });
  const { profile: rawProfile, ...manifest } = parsedManifest.data;
  if (rawProfile === undefined) return { envelope, manifest };
  // A bad field refuses the whole feed, named: the active catalogue and its profile stay.
  const parsedProfile = parseLdProfile(rawProfile, { strict: true });
  const problem = parsedProfile.problems[0];
  if (problem || !parsedProfile.profile)
    throw feedError('invalidProfile', { file, profileProblem: problem ?? { field: 'name', code: 'profileProblem_name' } });
  return { envelope, manifest: { ...manifest, profile: parsedProfile.profile } };
}

/** Checks a downloaded snapshot or delta against its manifest entry: size, SHA-256, then UTF-8. */
export async function checkContent(
  bytes: Uint8Array<ArrayBuffer>,
  entry: Pick<SnapshotEntry, 'path' | 'sha256' | 'bytes'>,
): Promise<string> {
  if (bytes.length !== entry.bytes)
    throw feedError('hashMismatch', { file: entry.path, detail: `${bytes.length} bytes, expected ${entry.bytes}` });
  if ((await sha256Hex(bytes)) !== entry.sha256) throw feedError('hashMismatch', { file: entry.path });
  return decodeUtf8(bytes, entry.path);
}

function catalogueItems(items: readonly unknown[], file: string): Resource[] {
  const fast = fastItems(items);
  if (fast) return fast;
  const result = parseCatalogueItems(items, { strict: true });
  if (!result.ok) throw feedError('invalidCatalogue', { file, importProblem: result.problems[0], problemCount: result.problemCount });
  return result.resources;
}

/**
 * The items as `parseCatalogueItems(items, { strict: true })` returns them, when every one passes
 * the hand-written check and no id repeats; otherwise undefined, and the schema decides and words
 * the problem.
 */
function fastItems(items: readonly unknown[]): Resource[] | undefined {
  if (items.length > MAX_CATALOGUE_ROWS) return undefined;
  const resources: Resource[] = new Array<Resource>(items.length);
  const ids = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const resource = fastResource(items[i]);
    if (!resource || ids.has(resource.id)) return undefined;
    ids.add(resource.id);
    resources[i] = resource;
  }
  return resources;
}

/** Parses a checked snapshot: a JSON array of resources, validated exactly as an import, strictly. */
export function parseSnapshot(text: string, entry: SnapshotEntry): Resource[] {
  const data = parseJson(text, entry.path);
  if (!Array.isArray(data)) throw feedError('malformed', { file: entry.path, detail: 'expected a list of resources' });
  if (data.length !== entry.count)
    throw feedError('malformed', { file: entry.path, detail: `${data.length} resources, the manifest says ${entry.count}` });
  return sortById(catalogueItems(data, entry.path));
}

/** Parses a checked delta and makes sure it is the one the manifest announced. */
export function parseDelta(text: string, entry: DeltaEntry): Delta {
  const parsed = DeltaFileSchema.safeParse(parseJson(text, entry.path));
  if (!parsed.success) throw feedError('malformed', { file: entry.path, detail: issueDetail(parsed.error) });
  const { fromVersion, toVersion, retire } = parsed.data;
  if (fromVersion !== entry.fromVersion || toVersion !== entry.toVersion) {
    throw feedError('malformed', {
      file: entry.path,
      detail: `goes from ${fromVersion} to ${toVersion}, the manifest says ${entry.fromVersion} to ${entry.toVersion}`,
    });
  }
  const upserts = catalogueItems(parsed.data.upserts, entry.path);
  const upserted = new Set(upserts.map((r) => r.id));
  const both = retire.find((id) => upserted.has(id));
  if (both !== undefined) throw feedError('malformed', { file: entry.path, detail: `“${both}” is both changed and retired` });
  if (new Set(retire).size !== retire.length) throw feedError('malformed', { file: entry.path, detail: 'an id is retired twice' });
  return { fromVersion, toVersion, upserts, retire };
}
