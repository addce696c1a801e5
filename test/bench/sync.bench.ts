/// <reference types="chrome" />
/**
 * `npm run bench:sync`: the feed sync in real headless Chromium, with the built extension and a
 * 50,000-resource feed built by the real CLI and served on 127.0.0.1. Measures, in one run:
 *
 *   baseline   structuredClone of the same 50,000 resources, in the service worker
 *   first      the first install: a snapshot over the built-in sample, the whole index built
 *   snapshot   a full snapshot ingest: feed.json, download, SHA-256, parse + validate, index, write
 *   no change  a check when nothing changed: requests made, and whether any body was read
 *   delta      a 1 % delta (500 resources changed, added or retired)
 *
 * and reports them as ratios. Figures go to bench-results/sync.json. `--no-build` skips the build.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../cli/lib/chromium';
import { median } from '../../cli/lib/trace';
import type { DeltaEntry } from '../../utils/catalogue/feed/schema';
import type { CheckResult } from '../../utils/catalogue/feed/sync';
import type { Resource } from '../../utils/catalogue/schema';
import { createFeedWorkspace, syntheticResources } from '../e2e/feed-workspace';

const ROOT = resolve(import.meta.dirname, '../..');
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLONE_RUNS = 7;

if (!process.argv.includes('--no-build')) {
  console.log('Building the extension…');
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

const round = (ms: number) => Math.round(ms * 10) / 10;

console.log(`Making a ${ITEMS.toLocaleString('en')}-resource catalogue and its feed…`);
const feed = await createFeedWorkspace();
const session = await launchChromium();
try {
  const page = await session.context.newPage();
  await page.goto(session.extensionUrl('options.html'));
  await page.evaluate(({ url, key }) => chrome.storage.local.set({ feedUrl: url, feedPublicKey: key }), {
    url: feed.feedUrl,
    key: feed.publicKey,
  });

  let resources = await syntheticResources(ITEMS);
  let round_ = 0;
  /** The next version: a few titles changed, so the content (and its hash) is new. */
  const nextCatalogue = (changes: number): Resource[] => {
    round_++;
    const step = Math.max(1, Math.floor(resources.length / changes));
    return resources.map((r, i) => (i % step === 0 && i / step < changes ? { ...r, title: `${r.title} · edition ${round_}` } : r));
  };

  // First install: the snapshot over the built-in sample catalogue, so the whole index is built.
  let manifest = await feed.publish(resources, { maxDeltas: 0 });
  const firstInstalls = [await check(page, 'snapshot')];
  // Snapshot ingest over the previous version, each time a version no delta leads to (e.g. after
  // more versions than the feed keeps deltas for).
  const snapshots: CheckResult[] = [];
  for (let run = 0; run < RUNS; run++) {
    resources = nextCatalogue(10);
    manifest = await feed.publish(resources, { maxDeltas: 0 });
    snapshots.push(await check(page, 'snapshot'));
  }
  const feedJsonBytes = (await stat(join(feed.out, 'feed.json'))).size;

  // The baseline, in the same worker that ingests: structuredClone of the same parsed data.
  const snapshotUrl = `${feed.host.origin}/${manifest.snapshot.path}`;
  const cloneTimes = await serviceWorker(page).evaluate(
    async ({ url, runs }) => {
      const data: unknown = await (await fetch(url)).json();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        structuredClone(data);
        times.push(performance.now() - start);
      }
      return times;
    },
    { url: snapshotUrl, runs: CLONE_RUNS },
  );

  // No change: one conditional request, answered 304, nothing parsed.
  const noChange: { result: CheckResult; served: typeof feed.host.requests }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const since = feed.host.requests.length;
    const result = await check(page, 'notModified');
    noChange.push({ result, served: feed.host.requests.slice(since) });
  }

  // A 1 % delta: 1 % of the resources changed, added or retired.
  const deltas: CheckResult[] = [];
  const deltaEntries: DeltaEntry[] = [];
  for (let run = 0; run < RUNS; run++) {
    const hundredth = Math.round(ITEMS / 100);
    const changed = nextCatalogue(Math.round(hundredth / 2));
    const retired = new Set(changed.slice(0, Math.round(hundredth / 4)).map((r) => r.id));
    const added = (await syntheticResources(Math.round(hundredth / 4))).map((r, i) => ({ ...r, id: `added-${round_}-${i}` }));
    resources = [...changed.filter((r) => !retired.has(r.id)), ...added];
    deltaEntries.push((await feed.publish(resources)).deltas[0]!);
    deltas.push(await check(page, 'delta'));
  }

  const firstInstallMs = median(firstInstalls.map((r) => r.timings.total!));
  const snapshotMs = median(snapshots.map((r) => r.timings.total!));
  const cloneMs = median(cloneTimes);
  const deltaMs = median(deltas.map((r) => r.timings.total!));
  const phases = (results: CheckResult[]) =>
    Object.fromEntries(Object.keys(results[0]!.timings).map((phase) => [phase, round(median(results.map((r) => r.timings[phase] ?? 0)))]));
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      node: process.version,
      chromium: session.context.browser()?.version() ?? (await chromiumVersion(page)),
    },
    items: ITEMS,
    runs: RUNS,
    snapshotBytes: manifest.snapshot.bytes,
    bytesPerInstallation: {
      snapshot: { uncompressed: feedJsonBytes + manifest.snapshot.bytes, gzipped: feedJsonBytes + (manifest.snapshot.gzip?.bytes ?? NaN) },
      delta1Percent: {
        uncompressed: feedJsonBytes + median(deltaEntries.map((d) => d.bytes)),
        gzipped: feedJsonBytes + median(deltaEntries.map((d) => d.gzip?.bytes ?? NaN)),
      },
      note: 'feed.json plus the content file an installation downloads',
    },
    baseline: {
      name: 'structuredClone of the same resources, in the service worker',
      medianMs: round(cloneMs),
      runsMs: cloneTimes.map(round),
    },
    firstInstall: {
      medianMs: round(firstInstallMs),
      phasesMedianMs: phases(firstInstalls),
      ratioToStructuredClone: round(firstInstallMs / cloneMs),
      goal: '≤ 3× structuredClone',
    },
    snapshot: {
      medianMs: round(snapshotMs),
      phasesMedianMs: phases(snapshots),
      ratioToStructuredClone: round(snapshotMs / cloneMs),
      goal: '≤ 3× structuredClone',
    },
    noChange: {
      medianMs: round(median(noChange.map((n) => n.result.timings.total!))),
      requestsPerCheck: noChange.map((n) => n.result.requests),
      served: noChange.map((n) => n.served.map((s) => `${s.path} ${s.status}`)),
      bodiesRead: noChange.filter((n) => n.served.some((s) => s.status !== 304)).length,
      goal: 'one request, no body parsed',
    },
    delta: {
      changes: `${Math.round(ITEMS / 200)} changed, ${Math.round(ITEMS / 400)} added, ${Math.round(ITEMS / 400)} retired`,
      medianMs: round(deltaMs),
      phasesMedianMs: phases(deltas),
      ratioToSnapshot: Math.round((deltaMs / snapshotMs) * 1000) / 1000,
      goal: '≤ 5 % of the snapshot’s time',
    },
  };
  await mkdir(join(ROOT, 'bench-results'), { recursive: true });
  await writeFile(join(ROOT, 'bench-results/sync.json'), `${JSON.stringify(report, null, 2)}\n`);

  console.log(
    `\nFeed sync, ${ITEMS.toLocaleString('en')} resources (${(manifest.snapshot.bytes / 1024 / 1024).toFixed(1)} MB snapshot), median of ${RUNS} runs, headless Chromium ${report.machine.chromium}`,
  );
  console.log(`  structuredClone (baseline)   ${cloneMs.toFixed(0).padStart(6)} ms`);
  console.log(
    `  first install (snapshot)     ${firstInstallMs.toFixed(0).padStart(6)} ms   ${(firstInstallMs / cloneMs).toFixed(1)}× structuredClone   (goal ≤ 3×)`,
  );
  console.log(
    `    phases: ${Object.entries(report.firstInstall.phasesMedianMs)
      .map(([k, v]) => `${k} ${Math.round(v)}`)
      .join(', ')}`,
  );
  console.log(
    `  snapshot ingest              ${snapshotMs.toFixed(0).padStart(6)} ms   ${(snapshotMs / cloneMs).toFixed(1)}× structuredClone   (goal ≤ 3×)`,
  );
  console.log(
    `    phases: ${Object.entries(report.snapshot.phasesMedianMs)
      .map(([k, v]) => `${k} ${Math.round(v)}`)
      .join(', ')}`,
  );
  console.log(
    `  no-change check              ${report.noChange.medianMs.toFixed(0).padStart(6)} ms   requests ${report.noChange.requestsPerCheck.join('/')}, bodies read ${report.noChange.bodiesRead}   (goal: one request, no body)`,
  );
  console.log(
    `  1 % delta                    ${deltaMs.toFixed(0).padStart(6)} ms   ${((deltaMs / snapshotMs) * 100).toFixed(1)} % of the snapshot   (goal ≤ 5 %)`,
  );
  console.log(
    `    phases: ${Object.entries(report.delta.phasesMedianMs)
      .map(([k, v]) => `${k} ${Math.round(v)}`)
      .join(', ')}`,
  );
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  const { bytesPerInstallation: b } = report;
  console.log(
    `  bytes per installation       snapshot ${mb(b.snapshot.gzipped)} gzipped (${mb(b.snapshot.uncompressed)} plain), 1 % delta ${mb(b.delta1Percent.gzipped)} gzipped (${mb(b.delta1Percent.uncompressed)} plain)`,
  );
  console.log('\nWritten to bench-results/sync.json');
} finally {
  await session.close();
  await feed.close();
}

/** "Check now", as the options page asks it; fails unless the check did what was expected. */
async function check(page: Page, expected: 'snapshot' | 'delta' | 'notModified'): Promise<CheckResult> {
  const reply = (await page.evaluate(() => chrome.runtime.sendMessage({ trailmark: 1, type: 'feed:check' }))) as
    { ok: true; value: { result: CheckResult } } | { ok: false; error: string };
  if (!reply.ok) throw new Error(reply.error);
  const { result } = reply.value;
  const got = result.outcome === 'updated' ? result.via : result.outcome;
  if (got !== expected) throw new Error(`expected ${expected}, got ${JSON.stringify(result)}`);
  return result;
}

function serviceWorker(page: Page) {
  const worker = page
    .context()
    .serviceWorkers()
    .find((w) => w.url().startsWith('chrome-extension://'));
  if (!worker) throw new Error('no service worker');
  return worker;
}

async function chromiumVersion(page: Page): Promise<string> {
  return page.evaluate(() => /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? 'unknown');
}
