/**
 * Measures one engine at one catalogue size in processes of their own, so heaps and JIT state do
 * not mix: `node --expose-gc --import tsx test/bench/measure.ts build|load <engine> <size> <queries> <query-budget-ms>`.
 * `build` builds the index and stores its bytes in a file; `load` starts like a service worker that
 * wakes: it reads those bytes, loads the index, measures the heap it holds and times queries.
 * Each prints one JSON line.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ENGINES } from './engines';
import { syntheticCatalogue, syntheticQueries } from './synthetic';

const [phase = 'build', engineName = '', sizeText = '1000', queriesText = '200', budgetText = '20000'] = process.argv.slice(2);
const engine = ENGINES[engineName];
if (!engine) throw new Error(`Unknown engine ${engineName}; known: ${Object.keys(ENGINES).join(', ')}`);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with node --expose-gc');
const collect = () => {
  gc();
  gc();
};
const memory = () => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
};
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

const size = Number(sizeText);
const resources = syntheticCatalogue(size);
const file = resolve('test/.tmp/bench', `${engine.name}-${size}.bin`);

if (phase === 'build') {
  collect();
  const started = performance.now();
  const built = await engine.build(resources);
  const buildMs = performance.now() - started;
  const stored = await engine.store(built);
  mkdirSync(resolve('test/.tmp/bench'), { recursive: true });
  writeFileSync(file, stored);
  process.stdout.write(`${JSON.stringify({ engine: engine.name, size, buildMs, storedBytes: stored.length })}\n`);
} else {
  const queries = syntheticQueries(resources, Number(queriesText));
  const stored = readFileSync(file);
  collect();
  const before = memory();
  let started = performance.now();
  const index = await engine.load(stored);
  const loadMs = performance.now() - started;
  started = performance.now();
  await engine.query(index, queries[0]!);
  const firstQueryMs = performance.now() - started;
  collect();
  const heapBytes = memory() - before;

  for (const words of queries.slice(1, 11)) await engine.query(index, words);
  const times: number[] = [];
  let results = 0;
  const budget = Number(budgetText);
  const queryStart = performance.now();
  for (const words of queries) {
    const t = performance.now();
    results += await engine.query(index, words);
    times.push(performance.now() - t);
    if (performance.now() - queryStart > budget && times.length >= 20) break;
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({
      engine: engine.name,
      size,
      loadMs,
      firstQueryMs,
      heapBytes,
      queries: times.length,
      p50Ms: percentile(times, 0.5),
      p95Ms: percentile(times, 0.95),
      meanResults: results / times.length,
    })}\n`,
  );
}
