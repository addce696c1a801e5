import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Statement } from '@xapi/xapi';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_LOAD_ENV, postStatements, startLocalLrs, type LocalLrs } from '../../test/lrs/local-lrs';
import { fixtureStatements } from '../../test/lrs/fixture-statements';
import { EXTENSIONS, VERBS } from '../../utils/analytics/xapi';
import { ReportAggregator } from '../report/aggregate';
import { twoProportionPValue, wilsonInterval } from '../report/stats';

/** `trailmark report` as L&D runs it: a plain Node child process, against a real LRS (Learning Locker's statements service). */
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'cli/bin.mjs');
const run = promisify(execFile);
async function trailmark(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_OPTIONS|TEST$)/.test(key)));
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const COUNT = 3_000;
const statements = [...fixtureStatements({ count: COUNT })];
const sumOf = (verb: string) =>
  statements.filter((s) => s.verb.id === verb).reduce((total, s) => total + (s.result!.extensions![EXTENSIONS.count] as number), 0);
const format = (n: number) => n.toLocaleString('en');

let dir: string;
let lrs: LocalLrs;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailmark-report-'));
  lrs = await startLocalLrs(undefined, BULK_LOAD_ENV);
  // A site rule whose name is markup: the report must show it as text.
  const base = statements[0]!;
  const hostile: Statement = {
    ...base,
    id: crypto.randomUUID(),
    verb: { id: VERBS.contentGap.id },
    object: { objectType: 'Activity', id: 'https://trailmark.app/xapi/site-rule/evil' },
    context: {
      extensions: { ...base.context!.extensions, [EXTENSIONS.siteRule]: 'evil', [EXTENSIONS.siteRuleName]: '<img src=x onerror=alert(1)>' },
    },
  };
  const foreign = {
    actor: { objectType: 'Agent', mbox: 'mailto:someone@example.com' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
    object: { id: 'https://lms.example.com/course/1' },
  };
  await postStatements(lrs, [...statements, hostile, foreign], 500);
}, 120_000);
afterAll(async () => {
  await lrs?.stop();
  await rm(dir, { recursive: true, force: true });
});

const ERROR_CASES: [string[], number, string][] = [
  [['--from', '2026-13-01', '--statements', 'x.json'], 2, '--from must be a date written YYYY-MM-DD'],
  [['--lrs', 'http://lrs.example.com/xAPI/', '--key', 'k', '--secret', 's'], 2, 'must start with https://'],
  [['--lrs', 'https://lrs.example.com/xAPI/'], 2, '--lrs needs --key and --secret'],
  [['--statements', 'nowhere.json'], 1, 'No file at nowhere.json'],
  [['--lrs', 'http://127.0.0.1:9/xAPI/', '--key', 'k', '--secret', 's'], 1, 'Could not reach the LRS'],
  [['--lang', 'de', '--statements', 'x.json'], 2, '--lang must be en or nl'],
];
/** One CLI run per error case, all started together (none needs the LRS or another's output); each test checks its own. */
const errorRuns = new Map<string, ReturnType<typeof trailmark>>();

describe('trailmark report', () => {
  beforeAll(() => {
    for (const [args] of ERROR_CASES) errorRuns.set(JSON.stringify(args), trailmark('report', ...args, '--out', join(dir, 'never.html')));
  });

  it('pages through the LRS and writes one self-contained HTML file whose summary adds up', async () => {
    const out = join(dir, 'report.html');
    const result = await trailmark(
      'report',
      '--lrs',
      lrs.endpoint,
      '--key',
      lrs.key,
      '--secret',
      lrs.secret,
      '--page-size',
      '400',
      '--min-group',
      '1',
      '--out',
      out,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${format(COUNT + 1)} daily counts, 1 other statements skipped`);
    const html = await readFile(out, 'utf8');
    const tips = sumOf(VERBS.tipShown.id);
    const opened = sumOf(VERBS.resourceOpened.id);
    expect(html).toContain(
      `In November 2026 Trailmark showed ${format(tips)} tips in 6 tools; ${format(opened)} resources were opened (${Math.round((100 * opened) / tips)}%).`,
    );
    // Self-contained: no script, nothing loaded, a CSP that forbids loading anything.
    const doc = parseHTML(html).document;
    expect(doc.querySelectorAll('script, link, iframe, img, object, embed, image, use, foreignObject').length).toBe(0);
    expect(
      [...doc.querySelectorAll('*')].filter((el) =>
        ['src', 'href', 'xlink:href', 'srcset', 'style'].some((a) => a !== 'style' && el.hasAttribute(a)),
      ),
    ).toEqual([]);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html.match(/<svg /g)?.length).toBe(4);
    // A name from the LRS is text, never markup.
    expect([...doc.querySelectorAll('th[scope="row"]')].some((th) => th.textContent === '<img src=x onerror=alert(1)>')).toBe(true);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  }, 60_000);

  it('in Dutch, from an export file (JSON or one per line) with the same figures, and only the days asked for', async () => {
    const json = join(dir, 'export.json');
    const lines = join(dir, 'export.ndjson');
    await writeFile(json, JSON.stringify({ statements }));
    await writeFile(lines, statements.map((s) => JSON.stringify(s)).join('\n'));
    const outJson = join(dir, 'nl.html');
    const outLines = join(dir, 'nl-lines.html');
    // The two runs read different files and write different files: they run side by side.
    const [fromJson, fromLines] = await Promise.all([
      trailmark('report', '--statements', json, '--lang', 'nl', '--from', '2026-11-02', '--to', '2026-11-15', '--out', outJson),
      trailmark('report', '--statements', lines, '--lang', 'nl', '--from', '2026-11-02', '--to', '2026-11-15', '--out', outLines),
    ]);
    expect(fromJson.code).toBe(0);
    expect(fromLines.code).toBe(0);
    const html = await readFile(outJson, 'utf8');
    expect(html).toContain('<html lang="nl">');
    expect(html).toMatch(/Van 2 november 2026 tot en met 15 november 2026 toonde Trailmark [\d.]+ tips in \d tools/);
    const strip = (text: string) => text.replace(/Gemaakt op [^<]*/, '');
    expect(strip(await readFile(outLines, 'utf8'))).toBe(strip(html));
  }, 60_000);

  it('suppresses figures fewer than k installations contributed to', async () => {
    const out = join(dir, 'k.html');
    expect((await trailmark('report', '--statements', join(dir, 'export.json'), '--min-group', '1000', '--out', out)).code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('showed no tips that enough installations counted');
    expect(html).toContain('fewer than 1000');
    expect(html).not.toMatch(/<svg /);
  }, 60_000);

  it.each(ERROR_CASES)(
    '%j: a clear error',
    async (args, code, message) => {
      const result = await errorRuns.get(JSON.stringify(args))!;
      expect(result.code).toBe(code);
      expect(result.stderr).toContain(message);
    },
    30_000,
  );
});

describe('report figures', () => {
  it('the small-group bound is the largest number of installations behind one key and day', () => {
    const aggregator = new ReportAggregator();
    const base = statements.find((s) => s.verb.id === VERBS.tipShown.id)!;
    const day = (d: string, variant: string) => ({
      ...base,
      context: { ...base.context, extensions: { ...base.context!.extensions, [EXTENSIONS.day]: d, [EXTENSIONS.copyVariant]: variant } },
    });
    // 3 installations on one day (two with A, one with B), 2 on another.
    for (const s of [
      day('2026-11-02', 'A'),
      day('2026-11-02', 'A'),
      day('2026-11-02', 'B'),
      day('2026-11-03', 'A'),
      day('2026-11-03', 'B'),
    ])
      aggregator.add(s);
    const tool = aggregator.result().tools[0]!;
    expect(tool.shown.installations).toBe(3);
    expect(tool.shown.sum).toBe(5 * (base.result!.extensions![EXTENSIONS.count] as number));
  });

  it('Wilson intervals and the two-proportion test match known values', () => {
    const { low, high } = wilsonInterval(17, 100);
    expect(low).toBeCloseTo(0.1091, 3);
    expect(high).toBeCloseTo(0.2554, 3);
    expect(twoProportionPValue(170, 1000, 240, 1000)).toBeCloseTo(0.0001, 3);
    expect(twoProportionPValue(50, 100, 50, 100)).toBeCloseTo(1, 5);
  });
});
