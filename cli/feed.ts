/**
 * `trailmark feed …`: the L&D publish path. `keygen` makes the signing key pair, `build` turns a
 * catalogue export into a signed, versioned feed folder for any static host, `verify` checks a
 * folder or a published URL exactly as the extension would.
 */
import { chmod, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFeed, type PreviousFeed } from '../utils/catalogue/feed/build';
import { generateKeyPair, importPrivateKey, keyIdOf, parsePublicKey, sha256Hex, verifySignature } from '../utils/catalogue/feed/crypto';
import { describeFeedProblem, formatFeedDate } from '../utils/catalogue/feed/describe';
import { FeedError } from '../utils/catalogue/feed/errors';
import { fetchFeedFile } from '../utils/catalogue/feed/fetch';
import { gunzip } from '../utils/catalogue/feed/gzip';
import { planSync } from '../utils/catalogue/feed/plan';
import {
  CONTENT_FILE,
  EnvelopeSchema,
  FEED_FILE_NAME,
  MAX_CONTENT_BYTES,
  MAX_ENVELOPE_BYTES,
  ManifestSchema,
  type Manifest,
} from '../utils/catalogue/feed/schema';
import { contentUrl, feedUrl } from '../utils/catalogue/feed/url';
import { checkContent, openFeed, parseDelta, parseSnapshot } from '../utils/catalogue/feed/verify';
import { createTranslator } from '../utils/i18n';
import {
  CATALOGUE_READ_ARGS,
  CATALOGUE_READ_USAGE,
  catalogueReadOptions,
  CliError,
  loadCatalogue,
  UsageError,
  type CatalogueReadOptions,
} from './lib/load';
import { loadProfile } from './lib/profile';

export const FEED_USAGE = `Usage: trailmark feed <keygen|build|verify> [options]

  trailmark feed keygen --out <dir>
      Makes an Ed25519 key pair: <dir>/feed-private-key.pem (keep it secret: it can publish to every
      install) and <dir>/feed-public-key.txt (one line, for the options page or policy).

  trailmark feed build --catalogue <file.csv|file.xlsx|file.json> --key <private key file> --out <feed dir>
                       [--profile <profile.json>] [--expires-days N] [--deltas N]
                       [--map f=Column,… | --mapping <file>] [--sheet <name>] [--encoding <name>]
      Validates the catalogue exactly as the extension imports it, then writes the next version of
      the feed into <feed dir>: the snapshot, deltas from up to N (default 10) earlier versions, and
      feed.json, signed, expiring after N days (default 30). Nothing is written if the catalogue has
      problems. Upload the folder with feed.json last. --profile signs L&D's name, tagline, logo
      (logoFile: a PNG or WebP of at most 32 KB), accent colour, contact and about link into the
      manifest (a JSON catalogue may carry the same as "profile"); a profile with any problem writes nothing.

  trailmark feed verify (--dir <feed dir> | --url <feed.json URL>) --public-key <key or key file>
      Checks everything the extension checks and prints a report; exits with 1 on any problem.

Reading a spreadsheet catalogue (build):
${CATALOGUE_READ_USAGE}`;

export const PRIVATE_KEY_FILE = 'feed-private-key.pem';
export const PUBLIC_KEY_FILE = 'feed-public-key.txt';
const t = createTranslator('en');

/**
 * Runs `trailmark feed <command>` and returns what to print. Throws `UsageError` for wrong
 * arguments and `CliError` for problems the person at the terminal can fix.
 *
 * @example process.stdout.write(await runFeed(['verify', '--dir', 'feed', '--public-key', 'feed-public-key.txt']))
 */
export async function runFeed(argv: string[]): Promise<string> {
  const [command, ...args] = argv;
  const parse = <T>(read: () => T): T => {
    try {
      return read();
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  };
  const help = { type: 'boolean', short: 'h' } as const;
  switch (command) {
    case 'keygen': {
      const { values } = parse(() => parseArgs({ args, options: { out: { type: 'string' }, help } }));
      if (values.help) return FEED_USAGE;
      if (!values.out) throw new UsageError('Missing --out <dir>');
      return keygen(values.out);
    }
    case 'build': {
      const { values } = parse(() =>
        parseArgs({
          args,
          options: {
            catalogue: { type: 'string' },
            key: { type: 'string' },
            out: { type: 'string' },
            'expires-days': { type: 'string' },
            deltas: { type: 'string' },
            ...CATALOGUE_READ_ARGS,
            profile: { type: 'string' },
            help,
          },
        }),
      );
      if (values.help) return FEED_USAGE;
      if (!values.catalogue) throw new UsageError('Missing --catalogue <file.csv|file.xlsx|file.json>');
      if (!values.key) throw new UsageError('Missing --key <private key file>');
      if (!values.out) throw new UsageError('Missing --out <feed dir>');
      const expiresDays = wholeNumber(values['expires-days'] ?? '30', '--expires-days', 1, 3650);
      const maxDeltas = wholeNumber(values.deltas ?? '10', '--deltas', 0, 50);
      const read = await catalogueReadOptions(values);
      const report = await build({
        catalogue: values.catalogue,
        key: values.key,
        out: values.out,
        expiresDays,
        maxDeltas,
        read,
        ...(values.profile ? { profile: values.profile } : {}),
      });
      return report.lines.join('\n');
    }
    case 'verify': {
      const { values } = parse(() =>
        parseArgs({ args, options: { dir: { type: 'string' }, url: { type: 'string' }, 'public-key': { type: 'string' }, help } }),
      );
      if (values.help) return FEED_USAGE;
      if (!values.dir === !values.url) throw new UsageError('Give either --dir <feed dir> or --url <feed.json URL>');
      if (!values['public-key']) throw new UsageError('Missing --public-key <key or key file>');
      const report = await verify({ ...(values.dir ? { dir: values.dir } : { url: values.url! }), publicKey: values['public-key'] });
      if (report.problems > 0) throw new CliError(report.lines.join('\n'));
      return report.lines.join('\n');
    }
    case undefined:
      throw new UsageError('Missing a feed command: keygen, build or verify');
    case '--help':
    case '-h':
      return FEED_USAGE;
    default:
      throw new UsageError(`Unknown feed command "${command}"`);
  }
}

function wholeNumber(text: string, option: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

/** Writes a new key pair into `dir`; never overwrites a key. */
export async function keygen(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  const publicPath = join(dir, PUBLIC_KEY_FILE);
  for (const path of [privatePath, publicPath]) {
    if (await exists(path))
      throw new CliError(`${path} already exists. Keys are never overwritten: choose another --out, or move the old keys away first.`);
  }
  const { publicKey, privateKeyPem } = await generateKeyPair();
  await writeFile(privatePath, privateKeyPem, { mode: 0o600, flag: 'wx' });
  await chmod(privatePath, 0o600);
  await writeFile(publicPath, `${publicKey}\n`, { flag: 'wx' });
  const keyId = await keyIdOf(parsePublicKey(publicKey));
  return [
    `Wrote ${privatePath} (secret: whoever has it can publish a catalogue to every install; store it like a password)`,
    `Wrote ${publicPath}`,
    '',
    'Public key — paste it into Trailmark’s options (“Public key”) or the catalogueFeedPublicKey policy:',
    `  ${publicKey}`,
    `Key fingerprint: ${keyId}`,
  ].join('\n');
}

export interface BuildOptions {
  catalogue: string;
  key: string;
  out: string;
  expiresDays: number;
  maxDeltas: number;
  /** How to read a spreadsheet catalogue (mapping, sheet, encoding). */
  read?: CatalogueReadOptions;
  /** An L&D profile file (see `loadProfile`); without it, a JSON catalogue's own `profile` is used. */
  profile?: string;
  now?: Date;
}

/**
 * `feed build`: validate, build, write the content files, then feed.json (each through a
 * temporary file and a rename, so a reader never sees half a file), then remove content files
 * that neither the new nor the previous feed.json names (a client that read the previous one a
 * moment ago can still fetch its files).
 */
export async function build(options: BuildOptions): Promise<{ lines: string[]; manifest: Manifest }> {
  const nothingWritten = (error: unknown) => {
    if (error instanceof CliError) throw new CliError(`${error.message}\nNothing was written.`);
    throw error;
  };
  const {
    resources,
    taxonomy,
    notes,
    profile: catalogueProfile,
  } = await loadCatalogue(options.catalogue, options.read).catch(nothingWritten);
  const profile = options.profile ? await loadProfile(options.profile).catch(nothingWritten) : catalogueProfile;
  const pem = await readFile(options.key, 'utf8').catch(() => {
    throw new CliError(`Cannot read the private key ${options.key}. Make one with: trailmark feed keygen --out <dir>`);
  });
  const { privateKey, publicKey } = await importPrivateKey(pem).catch((error: Error) => {
    throw new CliError(`${options.key} is ${error.message}. Use the feed-private-key.pem that “trailmark feed keygen” wrote.`);
  });
  const keyId = await keyIdOf(parsePublicKey(publicKey));
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  const lines: string[] = [...notes, `Catalogue ${options.catalogue}: ${resources.length} resources, no problems.`];
  if (profile)
    lines.push(
      `L&D profile: “${profile.name}”${profile.logo ? ', with logo' : ''}${profile.contact ? `, contact ${profile.contact}` : ''}.`,
    );
  if (taxonomy.length > 0) {
    lines.push(
      `Note: the catalogue's skills taxonomy (${taxonomy.length} skills) is not part of the feed; installs index the resources without it.`,
    );
  }

  const previous = await readPreviousFeed(out, publicKey, keyId, lines);
  const built = await buildFeed({
    resources,
    privateKey,
    keyId,
    now: options.now ?? new Date(),
    expiresDays: options.expiresDays,
    maxDeltas: options.maxDeltas,
    ...(previous ? { previous } : {}),
    ...(profile ? { profile } : {}),
  });

  for (const [name, text] of built.files) {
    if (!(await exists(join(out, name)))) await writeAtomically(join(out, name), text);
  }
  await writeAtomically(join(out, FEED_FILE_NAME), built.feedJson);
  const { manifest } = built;
  const named = (m: Manifest) => [m.snapshot, ...m.deltas].flatMap((entry) => (entry.gzip ? [entry.path, entry.gzip.path] : [entry.path]));
  const keep = new Set(named(manifest));
  if (previous) for (const name of named(previous.manifest)) keep.add(name);
  const removed: string[] = [];
  for (const name of await readdir(out)) {
    if (CONTENT_FILE.test(name) && !keep.has(name)) {
      await rm(join(out, name));
      removed.push(name);
    }
  }

  const expires = formatFeedDate(manifest.expiresAt, 'en', new Date(0));
  if (built.unchanged) {
    lines.push(`Nothing changed since version ${manifest.version}: re-signed it; it now expires on ${expires}.`);
  } else {
    lines.push(`Published version ${manifest.version}, signed with key ${keyId}, expires on ${expires}.`);
    if (built.changes)
      lines.push(
        `  Since version ${manifest.version - 1}: ${built.changes.added} added, ${built.changes.changed} changed, ${built.changes.retired} retired.`,
      );
    const packed = (entry: { gzip?: { bytes: number } }) => (entry.gzip ? ` (${size(entry.gzip.bytes)} gzipped)` : '');
    lines.push(
      `  ${manifest.snapshot.path}  ${manifest.snapshot.count} resources, ${size(manifest.snapshot.bytes)}${packed(manifest.snapshot)}`,
    );
    for (const delta of manifest.deltas)
      lines.push(`  ${delta.path}  from version ${delta.fromVersion}, ${size(delta.bytes)}${packed(delta)}`);
  }
  for (const warning of built.warnings) lines.push(`Warning: ${warning}`);
  if (removed.length) lines.push(`Removed ${removed.length} file(s) no feed.json names any more: ${removed.join(', ')}`);
  lines.push(`Upload the folder ${out} to the feed's host, feed.json last.`);
  return { lines, manifest };
}

/** The feed already in `out`, if any; refuses one that is damaged rather than restart at version 1. */
async function readPreviousFeed(out: string, publicKey: string, keyId: string, lines: string[]): Promise<PreviousFeed | undefined> {
  const path = join(out, FEED_FILE_NAME);
  if (!(await exists(path))) return undefined;
  const restart = `Restore it, or move it away to start a new feed at version 1 (installs would then refuse versions below the one they have).`;
  let manifest: Manifest;
  let envelope;
  try {
    envelope = EnvelopeSchema.parse(JSON.parse(await readFile(path, 'utf8')));
    manifest = ManifestSchema.parse(JSON.parse(envelope.manifest));
  } catch {
    throw new CliError(`${path} is not a valid feed. ${restart}`);
  }
  if (envelope.keyId === keyId) {
    const ok = await verifySignature(parsePublicKey(publicKey), envelope.signature, new TextEncoder().encode(envelope.manifest));
    if (!ok) throw new CliError(`${path} claims your key but its signature does not match: it was changed by hand or damaged. ${restart}`);
  } else {
    lines.push(
      `Key change: version ${manifest.version} was signed with key ${envelope.keyId}, this build signs with ${keyId}. Installs refuse the feed until their public key is updated to the new one.`,
    );
  }
  return {
    manifest,
    readFile: async (name) => {
      const bytes = await readFile(join(out, name)).catch(() => undefined);
      return bytes && new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    },
  };
}

export interface VerifyOptions {
  dir?: string;
  url?: string;
  /** The key itself or a file holding it. */
  publicKey: string;
  now?: Date;
}

/** `feed verify`: every check the extension makes, on every file the manifest names. */
export async function verify(options: VerifyOptions): Promise<{ lines: string[]; problems: number }> {
  const keyText = (await exists(options.publicKey)) ? await readFile(options.publicKey, 'utf8') : options.publicKey;
  const lines: string[] = [];
  let problems = 0;
  const fail = (what: string, error: unknown) => {
    problems++;
    lines.push(`  ✗ ${what}: ${error instanceof FeedError ? describeFeedProblem(error.problem, t, 'en') : (error as Error).message}`);
  };
  let publicKey: Uint8Array<ArrayBuffer>;
  try {
    publicKey = parsePublicKey(keyText);
  } catch (error) {
    fail('public key', error);
    return { lines, problems };
  }
  const keyId = await keyIdOf(publicKey);
  let read: Reader;
  try {
    read = options.dir ? readFromDir(resolve(options.dir)) : readFromUrl(options.url!);
  } catch (error) {
    fail('feed URL', error);
    return { lines, problems };
  }
  lines.push(`Checking ${options.dir ? join(resolve(options.dir), FEED_FILE_NAME) : options.url} with key ${keyId}`);

  let manifest: Manifest;
  try {
    ({ manifest } = await openFeed(await read(FEED_FILE_NAME, MAX_ENVELOPE_BYTES), publicKey));
    lines.push(`  ✓ ${FEED_FILE_NAME}: signature matches the public key`);
    if (manifest.profile) lines.push(`  ✓ L&D profile “${manifest.profile.name}”: every field valid`);
  } catch (error) {
    fail(FEED_FILE_NAME, error);
    lines.push('The feed has problems; installs keep their current catalogue.');
    return { lines, problems };
  }
  const now = options.now ?? new Date();
  try {
    planSync(manifest, undefined, now);
    lines.push(
      `  ✓ version ${manifest.version}, published ${formatFeedDate(manifest.publishedAt, 'en', new Date(0))}, expires ${formatFeedDate(manifest.expiresAt, 'en', new Date(0))}`,
    );
  } catch (error) {
    fail(`version ${manifest.version}`, error);
  }
  try {
    const text = await checkContent(await read(manifest.snapshot.path, manifest.snapshot.bytes), manifest.snapshot);
    const resources = parseSnapshot(text, manifest.snapshot);
    lines.push(`  ✓ ${manifest.snapshot.path}: ${resources.length} resources, SHA-256 and size match`);
  } catch (error) {
    fail(manifest.snapshot.path, error);
  }
  for (const entry of manifest.deltas) {
    try {
      const delta = parseDelta(await checkContent(await read(entry.path, entry.bytes), entry), entry);
      lines.push(
        `  ✓ ${entry.path}: from version ${entry.fromVersion}, ${delta.upserts.length} added or changed, ${delta.retire.length} retired`,
      );
    } catch (error) {
      fail(entry.path, error);
    }
  }
  for (const entry of [manifest.snapshot, ...manifest.deltas]) {
    if (!entry.gzip) continue;
    try {
      const packed = await read(entry.gzip.path, entry.gzip.bytes);
      if (packed.length !== entry.gzip.bytes || (await sha256Hex(packed)) !== entry.gzip.sha256)
        throw new FeedError({ code: 'hashMismatch', file: entry.gzip.path });
      await checkContent(await gunzip(packed, entry.bytes, entry.gzip.path), entry);
      lines.push(`  ✓ ${entry.gzip.path}: SHA-256 and size match, unpacks to ${entry.path}`);
    } catch (error) {
      fail(entry.gzip.path, error);
    }
  }
  lines.push(problems === 0 ? 'The feed is valid.' : `The feed has ${problems} problem(s).`);
  return { lines, problems };
}

type Reader = (name: string, maxBytes: number) => Promise<Uint8Array<ArrayBuffer>>;

function readFromDir(dir: string): Reader {
  return async (name, maxBytes) => {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new Error(`${path} does not exist`);
    if (info.size > Math.min(maxBytes, MAX_CONTENT_BYTES)) throw new FeedError({ code: 'tooLarge', file: name });
    const bytes = await readFile(path);
    return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  };
}

function readFromUrl(text: string): Reader {
  const url = feedUrl(text);
  return async (name, maxBytes) => {
    const fetched = await fetchFeedFile(fetch, name === FEED_FILE_NAME ? url : contentUrl(url, name), { file: name, maxBytes });
    if (fetched.notModified) throw new Error('unexpected 304');
    return fetched.bytes;
  };
}

async function writeAtomically(path: string, text: string | Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
const size = (bytes: number) =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
