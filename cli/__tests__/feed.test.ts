import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCatalogueFile } from '../../utils/catalogue/import';
import { describeProblem } from '../../utils/catalogue/problems';
import { createTranslator } from '../../utils/i18n';
import { build, keygen, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, runFeed, verify } from '../feed';
import { CliError, UsageError } from '../lib/load';
import { serveFolder } from '../lib/static-server';

const HEADER = 'id,title,description,url,type,language,duration_minutes,skills,keywords,provider,audience,level,updated_at,active';
const row = (id: string, title: string, url = `https://learn.example.com/${id}`) =>
  `${id},${title},About ${title},${url},article,en,10,writing,,L&D,,beginner,2026-01-01,true`;

let dir: string;
let keys: string;
let out: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailmark-feed-cli-'));
  keys = join(dir, 'keys');
  out = join(dir, 'feed');
  await keygen(keys);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function catalogue(name: string, ...rows: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, [HEADER, ...rows].join('\n'));
  return path;
}
const buildFrom = (path: string, extra: Partial<Parameters<typeof build>[0]> = {}) =>
  build({ catalogue: path, key: join(keys, PRIVATE_KEY_FILE), out, expiresDays: 30, maxDeltas: 10, ...extra });
const publicKey = () => join(keys, PUBLIC_KEY_FILE);

describe('trailmark feed', () => {
  it('keygen writes a private key only its owner can read and a one-line public key, and never overwrites', async () => {
    expect((await stat(join(keys, PRIVATE_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(await readFile(publicKey(), 'utf8')).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    await expect(keygen(keys)).rejects.toThrow(/already exists/);
  });

  it('builds version 1, then a delta from an edited copy, and both verify', async () => {
    const v1 = await buildFrom(await catalogue('v1.csv', row('a', 'Alpha'), row('b', 'Beta'), row('c', 'Gamma')));
    expect(v1.manifest).toMatchObject({ version: 1, deltas: [], snapshot: { count: 3 } });
    const v2 = await buildFrom(await catalogue('v2.csv', row('a', 'Alpha'), row('b', 'Beta revised'), row('d', 'Delta')));
    expect(v2.lines.join('\n')).toContain('Since version 1: 1 added, 1 changed, 1 retired.');
    expect(v2.manifest.deltas.map((d) => [d.fromVersion, d.toVersion])).toEqual([[1, 2]]);
    const withGzip = (entry: { path: string; gzip?: { path: string } }) => [entry.path, entry.gzip!.path];
    expect((await readdir(out)).sort()).toEqual(
      [...withGzip(v2.manifest.deltas[0]!), 'feed.json', ...withGzip(v1.manifest.snapshot), ...withGzip(v2.manifest.snapshot)].sort(),
    );
    const report = await verify({ dir: out, publicKey: publicKey() });
    expect(report.problems).toBe(0);
    expect(report.lines.join('\n')).toMatch(/✓ delta-v1-v2-[0-9a-f]{8}\.json: from version 1, 2 added or changed, 1 retired/);
  });

  it('refuses a catalogue with problems in the extension’s own words and writes nothing', async () => {
    const bad = await catalogue('bad.csv', row('a', 'Alpha'), row('b', 'Beta', 'http://insecure.example.com/b'));
    const expected = (() => {
      const result = parseCatalogueFile(
        'bad.csv',
        [HEADER, row('a', 'Alpha'), row('b', 'Beta', 'http://insecure.example.com/b')].join('\n'),
      );
      return result.ok ? '' : describeProblem(result.problems[0]!, createTranslator('en'));
    })();
    expect(expected).toBe('Row 3, column “url”: must be a full web address starting with https:// (found “http://insecure.example.com/b”)');
    const error = await buildFrom(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toContain(expected);
    expect((error as Error).message).toContain('Nothing was written.');
    await expect(stat(out)).rejects.toThrow();
  });

  it('prunes content files that neither the new nor the previous feed.json names', async () => {
    const first = await buildFrom(await catalogue('1.csv', row('a', 'One')), { maxDeltas: 0 });
    await buildFrom(await catalogue('2.csv', row('a', 'Two')), { maxDeltas: 0 });
    expect(await readdir(out)).toContain(first.manifest.snapshot.path);
    const third = await buildFrom(await catalogue('3.csv', row('a', 'Three')), { maxDeltas: 0 });
    const files = await readdir(out);
    expect(files).not.toContain(first.manifest.snapshot.path);
    expect(files).not.toContain(first.manifest.snapshot.gzip!.path);
    expect(files).toContain(third.manifest.snapshot.gzip!.path);
    expect(files).toContain(third.manifest.snapshot.path);
  });

  it('verify reports a tampered file, a wrong key and an expired feed, each as a problem', async () => {
    const built = await buildFrom(await catalogue('v1.csv', row('a', 'Alpha')), { expiresDays: 1 });
    const snapshot = join(out, built.manifest.snapshot.path);
    await writeFile(snapshot, (await readFile(snapshot, 'utf8')).replace('Alpha', 'Alpah'));
    const later = new Date(Date.now() + 2 * 86_400_000);
    const report = await verify({ dir: out, publicKey: publicKey(), now: later });
    expect(report.problems).toBe(2);
    expect(report.lines.join('\n')).toMatch(/✗ version 1: The feed expired on/);
    expect(report.lines.join('\n')).toMatch(/✗ snapshot-v1-[0-9a-f]{8}\.json: .* is not the file the feed’s manifest names/);
    const otherKeys = join(dir, 'other');
    await keygen(otherKeys);
    const wrongKey = await verify({ dir: out, publicKey: join(otherKeys, PUBLIC_KEY_FILE) });
    expect(wrongKey.lines.join('\n')).toMatch(/The feed is signed with another key/);
    await expect(runFeed(['verify', '--dir', out, '--public-key', join(otherKeys, PUBLIC_KEY_FILE)])).rejects.toThrow(CliError);
  });

  it('verify --url checks a published feed over HTTP (loopback only for http:)', async () => {
    await buildFrom(await catalogue('v1.csv', row('a', 'Alpha'), row('b', 'Beta')));
    const host = await serveFolder(out);
    try {
      const report = await verify({ url: `${host.origin}/feed.json`, publicKey: publicKey() });
      expect(report).toMatchObject({ problems: 0 });
      // feed.json, the snapshot and its gzipped copy.
      expect(host.requests.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(report.lines.join('\n')).toMatch(/\.json\.gz: SHA-256 and size match/);
    } finally {
      await host.close();
    }
    const insecure = await verify({ url: 'http://feed.example.com/feed.json', publicKey: publicKey() });
    expect(insecure.lines.join('\n')).toMatch(/must be a full address starting with https:\/\//);
  });

  it('refuses to continue a feed.json that was edited by hand', async () => {
    await buildFrom(await catalogue('v1.csv', row('a', 'Alpha')));
    const feed = join(out, 'feed.json');
    await writeFile(feed, (await readFile(feed, 'utf8')).replace('\\"count\\":1', '\\"count\\":2'));
    await expect(buildFrom(await catalogue('v2.csv', row('a', 'Beta')))).rejects.toThrow(/signature does not match/);
  });

  it.each([
    [['build', '--catalogue', 'x.csv']],
    [['verify', '--public-key', 'k']],
    [['frobnicate']],
    [['build', '--catalogue', 'x', '--key', 'k', '--out', 'o', '--expires-days', 'soon']],
  ])('answers %j with a usage error', async (argv) => {
    await expect(runFeed(argv)).rejects.toThrow(UsageError);
  });
});
