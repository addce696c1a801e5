import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueXlsx } from '../../test/fixtures/import/xlsx';

/**
 * `npx trailmark …` exactly as L&D and admins run it: a plain Node child process through the
 * package's `bin`, with no fake browser and no Vitest globals. Every command must work there; the
 * in-process tests beside this file cannot see a module that needs an extension environment.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'cli/bin.mjs');
const run = promisify(execFile);

/** Runs the CLI and returns its exit code and output; never throws on a non-zero exit. */
async function trailmark(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // Only what a terminal would have: no VITEST* variables, no NODE_OPTIONS from the test runner.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_OPTIONS|TEST$)/.test(key)));
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailmark-cli-process-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npx trailmark, as a plain Node process', () => {
  it('feed keygen, build and verify publish a feed that verifies, and a tampered copy fails', async () => {
    const keys = join(dir, 'keys');
    const feed = join(dir, 'feed');
    const keygen = await trailmark('feed', 'keygen', '--out', keys);
    expect(keygen.stderr).toBe('');
    expect(keygen).toMatchObject({ code: 0 });
    expect((await readdir(keys)).sort()).toEqual(['feed-private-key.pem', 'feed-public-key.txt']);

    const build = await trailmark(
      'feed',
      'build',
      '--catalogue',
      'public/sample-catalogue.csv',
      '--key',
      join(keys, 'feed-private-key.pem'),
      '--out',
      feed,
    );
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/version 1/i);

    const publicKey = join(keys, 'feed-public-key.txt');
    const verify = await trailmark('feed', 'verify', '--dir', feed, '--public-key', publicKey);
    expect(verify.code).toBe(0);

    // One changed byte in the snapshot breaks its hash.
    const snapshot = (await readdir(feed)).find((name) => name.startsWith('snapshot-'))!;
    const text = await readFile(join(feed, snapshot), 'utf8');
    await writeFile(join(feed, snapshot), text.replace('"title":"', '"title":"X'));
    const tampered = await trailmark('feed', 'verify', '--dir', feed, '--public-key', publicKey);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout + tampered.stderr).toMatch(snapshot);
  });

  it('preview shows what the extension would suggest on saved pages', async () => {
    const fixture = 'test/fixtures/preview';
    const { code, stdout, stderr } = await trailmark(
      'preview',
      '--catalogue',
      `${fixture}/catalogue.csv`,
      '--pages',
      `${fixture}/pages.tsv`,
      '--rules',
      `${fixture}/rules.json`,
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { page_id: string; tip: boolean });
    expect(Object.fromEntries(lines.map((line) => [line.page_id, line.tip]))).toEqual({ sheet: true, lunch: false, hr: false });
  });

  it('eval measures the Dutch set that ships with the project', async () => {
    const { code, stdout } = await trailmark('eval', 'test/eval/nl', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { trailmark: { ndcg5: number } };
    expect(report.trailmark.ndcg5).toBeGreaterThan(0.5);
  });

  it('eval of several sets scores each one out of set, against both MiniSearch peers', async () => {
    const copy = join(dir, 'nl-copy');
    await cp(resolve(ROOT, 'test/eval/nl'), copy, { recursive: true });
    // Independent runs (one refuses a set named twice): side by side.
    const [{ code, stdout }, twice] = await Promise.all([
      trailmark('eval', 'test/eval/nl', copy, '--json'),
      trailmark('eval', 'test/eval/nl', 'test/eval/nl'),
    ]);
    expect(code).toBe(0);
    const reports = JSON.parse(stdout) as {
      set: string;
      ratio: { ndcg5Stemmed: number };
      outOfSet: { coverage: number; falseTipRate: number };
    }[];
    expect(reports.map((r) => r.set)).toEqual(['test/eval/nl', copy]);
    for (const report of reports) {
      expect(report.ratio.ndcg5Stemmed).toBeGreaterThan(0);
      // The copy is the same set, so a model fitted on one tips on the other's positive pages and not its negatives.
      expect(report.outOfSet.coverage).toBeGreaterThan(0.8);
      expect(report.outOfSet.falseTipRate).toBeLessThanOrEqual(0.05);
    }
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/more than once/);
  });

  it('policy admx writes the templates, and policy check reads a policy file', async () => {
    const out = join(dir, 'admx');
    // Three independent runs, side by side.
    const [admx, valid, invalid] = await Promise.all([
      trailmark('policy', 'admx', '--out', out),
      trailmark('policy', 'check', 'test/fixtures/policy/chromium-valid.json'),
      trailmark('policy', 'check', 'test/fixtures/policy/firefox-invalid.json'),
    ]);
    expect(admx.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['en-US', 'nl-NL', 'trailmark.admx']);

    expect(valid.code).toBe(0);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout + invalid.stderr).toMatch(/siteRules|rule/i);
  });

  it('feed build and catalogue check read an exceljs workbook and an LMS export with --map, and refuse in words', async () => {
    const xlsx = join(dir, 'catalogue.xlsx');
    const bad = join(dir, 'bad.csv');
    await writeFile(xlsx, await catalogueXlsx());
    await writeFile(bad, 'Titel;Link;Taal\nA;http://x.org/a;nl\n');
    await trailmark('feed', 'keygen', '--out', join(dir, 'import-keys'));
    const key = join(dir, 'import-keys', 'feed-private-key.pem');
    const moodle = 'test/fixtures/import/moodle.csv';
    const map = 'url=https://lms.example.org/course/view.php?name={shortname}';
    // Runs that share no output start together; the mapped build waits for the unmapped one (same --out).
    const [built, [unmapped, mapped], check, refused] = await Promise.all([
      trailmark('feed', 'build', '--catalogue', xlsx, '--key', key, '--out', join(dir, 'import-feed')),
      (async () => {
        const first = await trailmark('feed', 'build', '--catalogue', moodle, '--key', key, '--out', join(dir, 'moodle-feed'));
        return [
          first,
          await trailmark('feed', 'build', '--catalogue', moodle, '--key', key, '--out', join(dir, 'moodle-feed'), '--map', map),
        ] as const;
      })(),
      trailmark('catalogue', 'check', moodle, '--map', map, '--json'),
      trailmark('catalogue', 'check', bad),
    ]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(built.stdout).toContain('Read as Trailmark’s own columns');
    expect(built.stdout).toContain('3 resources, no problems');

    expect(unmapped.code).toBe(1);
    expect(unmapped.stderr).toContain('no column is chosen for “url”');
    expect(unmapped.stderr).toContain('Nothing was written.');
    expect(mapped.code).toBe(0);
    expect(mapped.stdout).toContain('Read as a Moodle export');

    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout) as { health: { warnings: { code: string; row: number }[] } };
    expect(report.health.warnings).toContainEqual(expect.objectContaining({ code: 'healthAllCaps', row: 4 }));

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Row 2, column “Link”: must be a full web address starting with https://');
  }, 180_000);
});
