/**
 * `npx tsx test/bench/frame-floor.ts [path] [rounds]`: what one cross-site iframe costs a page's main thread, with
 * no extension at all, as the floor under `bench:page`'s "pages with a tip". In a plain headless Chromium, one
 * demo page (the CRM page unless named) is visited as it is and with a script that, after the load event, adds what the tip host adds: a
 * `<trailmark-tip>`-like element with a closed shadow root holding one fixed iframe of the tip's size, whose
 * document comes from another site (`localhost` against `127.0.0.1`, so Chromium renders it out of process,
 * as it does the extension's frame), and that then resizes once, as the host does when the frame reports its
 * size. Same CDP `TaskDuration` as `bench:page`, medians over rounds, alternating order.
 */
import { mkdtemp, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { QUIET_CHROMIUM_FLAGS } from '../../cli/lib/chromium';
import { serveFolder } from '../../cli/lib/static-server';
import { median } from '../../cli/lib/trace';

const ROOT = resolve(import.meta.dirname, '../..');
const path = process.argv[2] ?? '/crm/opportunity.html';
const ROUNDS = Number(process.argv[3] ?? 9);
const SETTLE_MS = 1500;

const siteDir = await mkdtemp(join(tmpdir(), 'trailmark-frame-floor-'));
await cp(join(ROOT, 'cli/demo-site'), siteDir, { recursive: true });
await writeFile(
  join(siteDir, 'frame.html'),
  '<!DOCTYPE html><html><body style="margin:0;background:transparent"><div style="margin:16px;width:330px;height:44px;' +
    'border-radius:8px;background:#fff;box-shadow:0 2px 8px #0003;font:14px system-ui">Pivot tables · 3 suggestions</div></body></html>',
);
const site = await serveFolder(siteDir);
const frameUrl = site.origin.replace('127.0.0.1', 'localhost') + '/frame.html';
const profile = await mkdtemp(join(tmpdir(), 'trailmark-frame-floor-profile-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: false,
  args: ['--headless=new', ...QUIET_CHROMIUM_FLAGS],
});

/** What the tip host does on the page, minus the extension: a closed host, one fixed frame, one resize. */
const ADD_FRAME = (src: string) => {
  addEventListener('load', () =>
    setTimeout(() => {
      const host = document.createElement('frame-floor');
      const shadow = host.attachShadow({ mode: 'closed' });
      const frame = document.createElement('iframe');
      frame.style.cssText = 'position:fixed;z-index:2147483646;border:0;bottom:0;right:0;width:392px;height:84px;background:transparent';
      frame.src = src;
      frame.addEventListener('load', () => setTimeout(() => ((frame.style.width = '362px'), (frame.style.height = '76px')), 20), {
        once: true,
      });
      shadow.append(frame);
      document.body.append(host);
    }, 40),
  );
};

async function visit(browser: BrowserContext, url: string, withFrame: boolean): Promise<number> {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  if (withFrame) await page.addInitScript(ADD_FRAME, frameUrl);
  const cdp = await browser.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(SETTLE_MS);
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  await cdp.detach();
  await page.close();
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

try {
  const url = site.origin + path;
  await visit(context, url, true); // warm-up: process start-up and the frame's site
  const plain: number[] = [];
  const framed: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      plain.push(await visit(context, url, false));
      framed.push(await visit(context, url, true));
    } else {
      framed.push(await visit(context, url, true));
      plain.push(await visit(context, url, false));
    }
  }
  const added = median(framed) - median(plain);
  console.log(
    `${path}: task ms without a frame ${median(plain).toFixed(1)}, with one cross-site frame ${median(framed).toFixed(1)}: ` +
      `added ${added.toFixed(1)} ms (median of ${ROUNDS} rounds each)`,
  );
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
  await site.close();
  await rm(siteDir, { recursive: true, force: true });
}
