/**
 * `npm run bench:import`: a 50,000-row catalogue imported through the options page in real
 * headless Chromium with the built extension, once as `.xlsx` (written by exceljs) and once as the
 * same rows in CSV (the baseline), in the same run. Per file: time to the mapping screen, time to
 * "Imported", the longest pause of the options page's main thread meanwhile (a 10 ms timer's
 * largest gap: a frozen page shows as a long gap), and peak memory (RSS of all Chromium processes,
 * sampled every 50 ms, above what they held before). Run under the machine's browser lock.
 * Figures go to bench-results/import.json. `--no-build` skips the build.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from '../../cli/lib/chromium';
import { generatedRows, rowsToCsv, rowsToXlsx } from '../fixtures/import/xlsx';

const ROOT = resolve(import.meta.dirname, '../..');
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const EXTENSION_DIR = resolve(ROOT, '.output/chrome-mv3');

if (!process.argv.includes('--no-build')) {
  console.log('Building the extension…');
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Every process under the Chromium that loaded this worktree's build, with its resident memory in bytes. */
async function chromiumRss(): Promise<number> {
  const stats = new Map<number, { ppid: number; rss: number; args: string }>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const args = (await readFile(`/proc/${name}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      stats.set(Number(name), { ppid: Number(fields[1]), rss: Number(fields[21]) * 4096, args });
    } catch {
      // The process ended meanwhile.
    }
  }
  const roots = [...stats]
    .filter(([, s]) => s.args.includes(`--load-extension=${EXTENSION_DIR}`) && !s.args.includes('--type='))
    .map(([pid]) => pid);
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 10; p = stats.get(p)?.ppid ?? 0, hops++) if (roots.includes(p)) return true;
    return false;
  };
  let total = 0;
  for (const [pid, s] of stats) if (inTree(pid)) total += s.rss;
  return total;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

console.log(`Writing ${ROWS.toLocaleString('en')} rows as .xlsx (exceljs) and as CSV…`);
const dir = await mkdtemp(join(tmpdir(), 'trailmark-bench-import-'));
const rows = generatedRows(ROWS);
const files = { csv: join(dir, 'catalogue.csv'), xlsx: join(dir, 'catalogue.xlsx') };
await writeFile(files.csv, rowsToCsv(rows));
await writeFile(files.xlsx, await rowsToXlsx(rows));

const session = await launchChromium();
type Figures = { toMappingMs: number; toImportedMs: number; longestPauseMs: number; peakMemoryMb: number; bytes: number };
const results: Record<'csv' | 'xlsx', Figures[]> = { csv: [], xlsx: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    for (const kind of ['csv', 'xlsx'] as const) {
      const page = await session.context.newPage();
      await page.goto(session.extensionUrl('options.html'));
      await page.getByTestId('catalogue-status').waitFor();
      await page.evaluate(() => {
        const probe = { last: performance.now(), longest: 0 };
        (window as unknown as { probe: typeof probe }).probe = probe;
        setInterval(() => {
          const now = performance.now();
          probe.longest = Math.max(probe.longest, now - probe.last);
          probe.last = now;
        }, 10);
      });
      const baseline = await chromiumRss();
      let peak = baseline;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, await chromiumRss());
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const start = performance.now();
      await page.getByLabel('Import catalogue').setInputFiles(files[kind]);
      await page.getByTestId('mapping-import').waitFor({ timeout: 120_000 });
      const toMapping = performance.now() - start;
      await page.getByTestId('mapping-import').click();
      await page.getByTestId('import-ok').waitFor({ timeout: 300_000 });
      const toImported = performance.now() - start;
      sampling = false;
      await sampler;
      const longest = await page.evaluate(() => (window as unknown as { probe: { longest: number } }).probe.longest);
      const count = await page.getByTestId('catalogue-count').textContent();
      if (count?.replace(/\D/g, '') !== String(ROWS))
        throw new Error(`${kind}: expected ${ROWS} resources, the options page says ${count}`);
      const figures = {
        toMappingMs: Math.round(toMapping),
        toImportedMs: Math.round(toImported),
        longestPauseMs: Math.round(longest),
        peakMemoryMb: Math.round((peak - baseline) / 1e5) / 10,
        bytes: (await readFile(files[kind])).length,
      };
      results[kind].push(figures);
      console.log(`run ${run + 1} ${kind.padEnd(4)} ${JSON.stringify(figures)}`);
      await page.close();
    }
  }
} finally {
  await session.close();
  await rm(dir, { recursive: true, force: true });
}

const summary = Object.fromEntries(
  (['csv', 'xlsx'] as const).map((kind) => [
    kind,
    Object.fromEntries((Object.keys(results[kind][0]!) as (keyof Figures)[]).map((key) => [key, median(results[kind].map((r) => r[key]))])),
  ]),
) as Record<'csv' | 'xlsx', Figures>;
const ratio = (key: keyof Figures) => Math.round((summary.xlsx[key] / Math.max(summary.csv[key], 1)) * 100) / 100;
console.log(`\n${ROWS.toLocaleString('en')} rows, median of ${RUNS} runs (baseline: the same rows as CSV, same run):`);
console.log('               CSV (baseline)     .xlsx     ratio');
for (const [key, label] of [
  ['bytes', 'file size (B)'],
  ['toMappingMs', 'to mapping (ms)'],
  ['toImportedMs', 'to imported (ms)'],
  ['longestPauseMs', 'longest pause (ms)'],
  ['peakMemoryMb', 'peak memory (MB)'],
] as const) {
  console.log(`${label.padEnd(20)} ${String(summary.csv[key]).padStart(9)} ${String(summary.xlsx[key]).padStart(9)}   ×${ratio(key)}`);
}
await mkdir(join(ROOT, 'bench-results'), { recursive: true });
await writeFile(join(ROOT, 'bench-results/import.json'), JSON.stringify({ rows: ROWS, runs: RUNS, summary, results }, null, 2));
