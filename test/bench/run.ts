/**
 * `npm run bench [-- --quick] [--sizes 1000,10000] [--engines Trailmark,MiniSearch] [--no-write]`:
 * Trailmark's index against MiniSearch, Orama and FlexSearch on synthetic catalogues, each engine
 * and size in a fresh Node process; writes the table to BENCHMARKS.md with the machine described.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ENGINES } from './engines';
import { FIELD_WORDS, VOCABULARY_SIZE } from './synthetic';

interface Result {
  engine: string;
  size: number;
  buildMs: number;
  storedBytes: number;
  loadMs: number;
  firstQueryMs: number;
  heapBytes: number;
  queries: number;
  p50Ms: number;
  p95Ms: number;
  meanResults: number;
}

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    sizes: { type: 'string' },
    engines: { type: 'string' },
    queries: { type: 'string', default: '200' },
    'no-write': { type: 'boolean' },
  },
});
const sizes = (values.sizes ?? (values.quick ? '1000,10000' : '1000,10000,50000,100000')).split(',').map(Number);
const engines = (values.engines ?? Object.keys(ENGINES).join(',')).split(',');
const QUERY_BUDGET_MS = values.quick ? 5_000 : 15_000;
const TIMEOUT_MS = 300_000;

function child(phase: 'build' | 'load', engine: string, size: number): Promise<Record<string, number | string> | { error: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [
        '--expose-gc',
        '--max-old-space-size=8192',
        '--import',
        'tsx',
        resolve('test/bench/measure.ts'),
        phase,
        engine,
        String(size),
        values.queries!,
        String(QUERY_BUDGET_MS),
      ],
      { timeout: TIMEOUT_MS, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error)
          done({
            error: error.killed
              ? `did not finish in ${TIMEOUT_MS / 1000} s (${phase})`
              : (stderr.trim().split('\n').pop() ?? error.message),
          });
        else done(JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number | string>);
      },
    );
  });
}

/** Build in one process, load and query in a fresh one (as a service worker that wakes). */
async function measure(engine: string, size: number): Promise<Result | { engine: string; size: number; error: string }> {
  const built = await child('build', engine, size);
  if ('error' in built) return { engine, size, error: String(built.error) };
  const loaded = await child('load', engine, size);
  if ('error' in loaded) return { engine, size, error: String(loaded.error) };
  return { ...built, ...loaded } as unknown as Result;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const ratio = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1)) + '×';

const results: (Result | { engine: string; size: number; error: string })[] = [];
for (const size of sizes) {
  for (const engine of engines) {
    process.stderr.write(`${engine} at ${size.toLocaleString('en')} … `);
    const result = await measure(engine, size);
    results.push(result);
    process.stderr.write('error' in result ? `${result.error}\n` : `query p50 ${ms(result.p50Ms)} ms, load ${ms(result.loadMs)} ms\n`);
  }
}

const rows = results.map((r) => {
  if ('error' in r) return `| ${r.size.toLocaleString('en')} | ${r.engine} | ${r.error} | | | | | | | |`;
  const mini = results.find((m): m is Result => m.engine === 'MiniSearch' && m.size === r.size && !('error' in m));
  const vs = (mine: number, theirs: number | undefined, higherIsBetter = false) =>
    theirs === undefined || r.engine === 'MiniSearch' ? '' : ` (${ratio(higherIsBetter ? mine / theirs : theirs / mine)})`;
  return [
    r.size.toLocaleString('en'),
    r.engine,
    ms(r.buildMs),
    `${ms(r.p50Ms)}${vs(r.p50Ms, mini?.p50Ms)}`,
    ms(r.p95Ms),
    `${ms(r.loadMs)}${vs(r.loadMs, mini?.loadMs)}`,
    ms(r.firstQueryMs),
    `${mb(r.heapBytes)}${mini && r.engine !== 'MiniSearch' ? ` (${(r.heapBytes / mini.heapBytes).toFixed(2)}×)` : ''}`,
    mb(r.storedBytes),
    String(r.queries),
  ]
    .join(' | ')
    .replace(/^/, '| ')
    .replace(/$/, ' |');
});

const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpu}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GB memory, Node ${process.version}, ${process.platform}`;
const table = [
  '| resources | engine | build ms | query p50 ms (MiniSearch ÷ this) | query p95 ms | cold load ms (MiniSearch ÷ this) | first query ms | heap MB (this ÷ MiniSearch) | stored MB | queries timed |',
  '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
process.stdout.write(`\n${machine}\n\n${table}\n`);

if (!values['no-write']) {
  const path = resolve('BENCHMARKS.md');
  const text = readFileSync(path, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const block = `${start}\nMeasured ${new Date().toISOString().slice(0, 10)} with \`npm run bench${values.quick ? ' -- --quick' : ''}\` on ${machine}. Catalogue: ${VOCABULARY_SIZE.toLocaleString('en')}-word Zipf vocabulary, ${Object.values(FIELD_WORDS).reduce((a, b) => a + b, 0)} words per resource; ${values.queries} page-derived queries of 50 distinct words.\n\n${table}\n${end}`;
  if (!text.includes(start)) throw new Error(`${path} has no ${start} … ${end} block to replace`);
  writeFileSync(path, text.replace(new RegExp(`${start}[\\s\\S]*${end}`), block));
  process.stderr.write(`Wrote ${path}\n`);
}
