/// <reference types="chrome" />
/**
 * `npx tsx test/bench/trace-page.ts [path…]`: where Trailmark's main-thread time goes on a page,
 * from a DevTools trace in headless Chromium with the built extension (run `npm run build:chrome`
 * first). For each page: the extension's script events on the page's main thread (script
 * evaluation, function calls, timers, message callbacks) and what runs inside them (style, layout,
 * GC, compile), summed by name, over 3 visits. Then the whole main thread with minus without the
 * extension: its tasks by where Chromium posted them (rendering frames, IPC, script injection), what
 * runs inside the rendering frames, the IPC messages it received by interface, and its events by
 * name. A trace, so the figures say where, not a guess.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import {
  allowEveryTip,
  CHROMIUM_EXTENSION_ID,
  DEMO_SITE_RULES,
  launchChromium,
  QUIET_CHROMIUM_FLAGS,
  waitForTipScript,
} from '../../cli/lib/chromium';
import { serveFolder } from '../../cli/lib/static-server';
import { traceVisit } from '../../cli/lib/trace';

const ROOT = resolve(import.meta.dirname, '../..');
const paths = process.argv.slice(2).length ? process.argv.slice(2) : ['/canteen/menu.html', '/hr/review.html'];
const siteDir = await mkdtemp(join(tmpdir(), 'trailmark-trace-'));
await cp(join(ROOT, 'cli/demo-site'), siteDir, { recursive: true });
await mkdir(join(siteDir, 'large'));
// The 4,000-row table of `bench:page`, generated the same way.
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
await writeFile(
  join(siteDir, 'large/table.html'),
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Quarterly revenue by region and product</title><link rel="stylesheet" href="../style.css"></head><body><main><h1>Quarterly revenue by region and product</h1><table><thead><tr>${['Region', 'Product', 'Q1', 'Q2', 'Q3', 'Q4', 'Total', 'Owner'].map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>` +
    Array.from(
      { length: 4000 },
      (_, r) =>
        `<tr><td>Region ${r % 40}</td><td>Product ${r % 97}</td>${Array.from({ length: 5 }, () => `<td>${Math.floor(random() * 100000)}</td>`).join('')}<td>Owner ${r % 13}</td></tr>`,
    ).join('') +
    '</tbody></table></main></body></html>',
);
const site = await serveFolder(siteDir);
const plainProfile = await mkdtemp(join(tmpdir(), 'trailmark-trace-plain-'));
const plain = await chromium.launchPersistentContext(plainProfile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: false,
  args: ['--headless=new', ...QUIET_CHROMIUM_FLAGS],
});
// The demo's site rules, as `bench:page` has them: without a rule Trailmark reads no page.
const session = await launchChromium({ siteRules: DEMO_SITE_RULES });
await waitForTipScript(session.worker);
await allowEveryTip(session.worker);
/** One visit to `url` in a new tab, traced from navigation to 2.5 s after load. */
const tracedVisit = (context: BrowserContext, url: string, categories: string[]) =>
  traceVisit(context, url, categories, { settleMs: 2500 });

try {
  for (const path of paths) {
    const totals = new Map<string, number>();
    let own = 0;
    const VISITS = 3;
    for (let v = 0; v < VISITS; v++) {
      await session.worker.evaluate(() => chrome.storage.local.remove('tipLog'));
      const url = site.origin + path;
      const events = await tracedVisit(session.context, url, [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8.execute',
        'v8',
        'blink.user_timing',
      ]);
      const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === url);
      if (!parse) throw new Error(`no ParseHTML for ${url}`);
      const onPage = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.dur);
      const ours = onPage.filter(
        (e) =>
          /^(EvaluateScript|FunctionCall|v8\.compile|v8\.callFunction|TimerFire|EventDispatch|v8\.run)$/.test(e.name) &&
          JSON.stringify(e.args ?? {}).includes(CHROMIUM_EXTENSION_ID),
      );
      // Top-level extension events only (nested ones are inside them).
      const top = ours.filter((e) => !ours.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!));
      for (const e of top) {
        own += e.dur! / 1000;
        const fn = e.args?.data?.functionName ? ` ${e.args.data.functionName}` : '';
        const key = `${e.name}${fn} (${(e.args?.data?.url ?? '').replace(/^.*\//, '')})`;
        totals.set(key, (totals.get(key) ?? 0) + e.dur! / 1000);
        // What happens inside: forced style and layout, GC, compilation.
        for (const inner of onPage) {
          if (inner === e || inner.ts < e.ts || inner.ts + inner.dur! > e.ts + e.dur!) continue;
          if (
            !/^(UpdateLayoutTree|Layout|MajorGC|MinorGC|V8\.GC.*|v8\.compile|ParseHTML|RecalculateStyles|v8\.parseOnBackground)$/.test(
              inner.name,
            )
          )
            continue;
          const name = `  inside: ${inner.name}`;
          totals.set(name, (totals.get(name) ?? 0) + inner.dur! / 1000);
        }
      }
      // Tasks between our events that the page did not have to do: message replies arrive as tasks.
    }
    // The whole main thread by event name, with minus without the extension: what is not script too.
    const byName = async (context: typeof plain, name: string) => {
      const sums = new Map<string, number>();
      const tasks = new Map<string, number>();
      const frameParts = new Map<string, number>();
      const mojo = new Map<string, number>();
      for (let v = 0; v < VISITS; v++) {
        const url = site.origin + path;
        const events = await tracedVisit(context, url, ['devtools.timeline', 'v8', 'toplevel']);
        const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === url);
        if (!parse) continue;
        const thread = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.dur).sort((a, b) => a.ts - b.ts);
        // Inside the rendering tasks (a main frame: animation frame callbacks, style, layout, paint,
        // commit): the events one level down, by name.
        for (const task of thread) {
          if (
            task.name !== 'ThreadControllerImpl::RunTask' ||
            (task.args as { src_func?: string })?.src_func !== 'ScheduledActionSendBeginMainFrame'
          )
            continue;
          const end = task.ts + task.dur!;
          const inner = thread.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= end);
          for (const e of inner) {
            if (inner.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!)) continue;
            frameParts.set(e.name, (frameParts.get(e.name) ?? 0) + e.dur! / 1000 / VISITS);
          }
        }
        for (const e of thread) {
          if (e.name === 'ThreadControllerImpl::RunTask') {
            // Where in Chromium each task was posted from: what the main thread spent its tasks on,
            // including the work no script or rendering event names (IPC, frame set-up).
            const { src_file: file = '?', src_func: func = '?' } = (e.args ?? {}) as { src_file?: string; src_func?: string };
            const key = `${file.replace(/^.*\//, '')} ${func}`;
            tasks.set(key, (tasks.get(key) ?? 0) + e.dur! / 1000 / VISITS);
            continue;
          }
          if (
            !/^(UpdateLayoutTree|Layout|ParseHTML|EvaluateScript|FunctionCall|MajorGC|MinorGC|Paint|PrePaint|Layerize|HitTest|ParseAuthorStyleSheet|v8\.compile|LocalWindowProxy::Initialize|Receive mojo message)$/.test(
              e.name,
            )
          )
            continue;
          sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur! / 1000 / VISITS);
          // Which interface each IPC message came in on: the extension's messages, script injection, frame set-up.
          if (e.name === 'Receive mojo message') {
            const tag =
              (e.args as { chrome_mojo_event_info?: { mojo_interface_tag?: string } })?.chrome_mojo_event_info?.mojo_interface_tag ?? '?';
            mojo.set(tag, (mojo.get(tag) ?? 0) + e.dur! / 1000 / VISITS);
          }
        }
      }
      void name;
      return { sums, tasks, frameParts, mojo };
    };
    const { sums: withExt, tasks: tasksWith, frameParts: framesWith, mojo: mojoWith } = await byName(session.context, 'with');
    const { sums: without, tasks: tasksWithout, frameParts: framesWithout, mojo: mojoWithout } = await byName(plain, 'without');
    const total = (tasks: Map<string, number>) => [...tasks.values()].reduce((sum, ms) => sum + ms, 0);
    console.log(
      `\n${path}: main-thread tasks, with minus without Trailmark: ${(total(tasksWith) - total(tasksWithout)).toFixed(2)} ms ` +
        `(${total(tasksWith).toFixed(1)} vs ${total(tasksWithout).toFixed(1)}); by where Chromium posted them, largest differences:`,
    );
    const posted = [...new Set([...tasksWith.keys(), ...tasksWithout.keys()])]
      .map((key) => [key, (tasksWith.get(key) ?? 0) - (tasksWithout.get(key) ?? 0)] as const)
      .sort((a, b) => b[1] - a[1]);
    for (const [key, ms] of posted.slice(0, 10)) console.log(`  ${ms.toFixed(2).padStart(7)} ms  ${key}`);
    console.log(`  inside the main-frame tasks, with minus without:`);
    const parts = [...new Set([...framesWith.keys(), ...framesWithout.keys()])]
      .map((key) => [key, (framesWith.get(key) ?? 0) - (framesWithout.get(key) ?? 0)] as const)
      .sort((a, b) => b[1] - a[1]);
    for (const [key, ms] of parts.slice(0, 8)) console.log(`    ${ms.toFixed(2).padStart(7)} ms  ${key}`);
    console.log(`  IPC messages received, by interface, with minus without:`);
    const interfaces = [...new Set([...mojoWith.keys(), ...mojoWithout.keys()])]
      .map((key) => [key, (mojoWith.get(key) ?? 0) - (mojoWithout.get(key) ?? 0)] as const)
      .sort((a, b) => b[1] - a[1]);
    for (const [key, ms] of interfaces.slice(0, 6)) console.log(`    ${ms.toFixed(2).padStart(7)} ms  ${key}`);
    const names = [...new Set([...withExt.keys(), ...without.keys()])];
    console.log(`\n${path}: main thread by event, with minus without Trailmark (mean of ${VISITS} visits each):`);
    for (const name of names.sort(
      (a, b) => (withExt.get(b) ?? 0) - (without.get(b) ?? 0) - ((withExt.get(a) ?? 0) - (without.get(a) ?? 0)),
    ))
      console.log(
        `  ${name.padEnd(22)} ${((withExt.get(name) ?? 0) - (without.get(name) ?? 0)).toFixed(2).padStart(7)} ms  (${(withExt.get(name) ?? 0).toFixed(1)} vs ${(without.get(name) ?? 0).toFixed(1)})`,
      );
    console.log(`\n${path}: Trailmark on the page's main thread, mean of ${VISITS} visits: ${(own / VISITS).toFixed(2)} ms`);
    for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 14))
      console.log(`  ${(ms / VISITS).toFixed(2).padStart(7)} ms  ${name}`);
  }
} finally {
  await plain.close();
  await rm(plainProfile, { recursive: true, force: true });
  await session.close();
  await site.close();
  await rm(siteDir, { recursive: true, force: true });
}
