/**
 * `npm run bench:report`: `trailmark report` over 10,000 to 200,000 statements served by a real LRS
 * (Learning Locker's statements service, in memory, on loopback), and the same statements from an
 * export file. Each report runs in its own process, so its CPU time and peak memory are its own.
 * The 10,000-statement run is the baseline: time should grow in proportion to the statements, and
 * peak memory should stay flat. Prints a table and writes bench-results/report.json.
 *
 * Options: --sizes 10000,50000,100000,200000 --page-size 5000
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { fixtureStatements } from '../lrs/fixture-statements';
import { BULK_LOAD_ENV, postStatements, startLocalLrs } from '../lrs/local-lrs';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '10000,50000,100000,200000' }, 'page-size': { type: 'string', default: '5000' } },
});
const SIZES = values.sizes.split(',').map(Number);
const PAGE_SIZE = values['page-size'];
const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

interface Measure {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  output: string;
}
/**
 * Every run gets the same small heap limit: V8 otherwise grows its heap lazily when it has room, and
 * peak RSS would measure its appetite, not what the report needs. A report whose memory grew with
 * the statements would fail or crawl under the limit at 200,000.
 */
export const HEAP_LIMIT_MB = 96;

async function report(args: string[]): Promise<Measure> {
  const { stdout } = await run(
    process.execPath,
    [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--import', 'tsx', join(ROOT, 'test/bench/report-child.ts'), ...args],
    {
      cwd: ROOT,
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measure;
}

const dir = await mkdtemp(join(tmpdir(), 'trailmark-bench-report-'));
const rows: { statements: number; lrs: Measure; file: Measure; loadMs: number }[] = [];
try {
  for (const size of SIZES) {
    const file = join(dir, `statements-${size}.ndjson`);
    const stream = createWriteStream(file);
    for (const statement of fixtureStatements({ count: size })) stream.write(`${JSON.stringify(statement)}\n`);
    await new Promise((r) => stream.end(r));
    const lrs = await startLocalLrs(undefined, BULK_LOAD_ENV);
    try {
      const loadStarted = performance.now();
      await postStatements(lrs, fixtureStatements({ count: size }), 2000);
      const loadMs = performance.now() - loadStarted;
      const fromLrs = await report([
        '--lrs',
        lrs.endpoint,
        '--key',
        lrs.key,
        '--secret',
        lrs.secret,
        '--page-size',
        PAGE_SIZE,
        '--out',
        join(dir, `lrs-${size}.html`),
      ]);
      if (!fromLrs.output.includes(`${size.toLocaleString('en')} daily counts`))
        throw new Error(`The report did not count all ${size} statements: ${fromLrs.output}`);
      const fromFile = await report(['--statements', file, '--out', join(dir, `file-${size}.html`)]);
      rows.push({ statements: size, lrs: fromLrs, file: fromFile, loadMs });
      process.stderr.write(`${size}: LRS ${Math.round(fromLrs.wallMs)} ms, file ${Math.round(fromFile.wallMs)} ms\n`);
    } finally {
      await lrs.stop();
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const base = rows[0]!;
const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const lines = [
  `trailmark report, baseline ${fmt(base.statements)} statements (same run); page size ${PAGE_SIZE}; heap limit ${HEAP_LIMIT_MB} MB; Node ${process.version}`,
  '',
  '| statements | × | from LRS: wall | CPU (report) | × base | peak RSS | × base | from file: wall | CPU | × base | peak RSS |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${fmt(r.statements)} | ${fmt(r.statements / base.statements, 1)} | ${fmt(r.lrs.wallMs / 1000, 1)} s | ${fmt(r.lrs.cpuMs / 1000, 1)} s | ${fmt(r.lrs.cpuMs / base.lrs.cpuMs, 1)} | ${fmt(r.lrs.maxRssMb)} MB | ${fmt(r.lrs.maxRssMb / base.lrs.maxRssMb, 2)} | ${fmt(r.file.wallMs / 1000, 1)} s | ${fmt(r.file.cpuMs / 1000, 1)} s | ${fmt(r.file.cpuMs / base.file.cpuMs, 1)} | ${fmt(r.file.maxRssMb)} MB |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
await mkdir(join(ROOT, 'bench-results'), { recursive: true });
await writeFile(
  join(ROOT, 'bench-results/report.json'),
  JSON.stringify({ pageSize: Number(PAGE_SIZE), node: process.version, rows }, null, 2),
);
