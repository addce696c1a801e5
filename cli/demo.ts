/// <reference types="chrome" />
/**
 * `npm start`: builds the extension, serves the demo "workday" site on 127.0.0.1 and opens
 * Chromium with Trailmark loaded. Without a display (or with `--headless`) it visits every demo
 * page itself and writes screenshots and a JSON summary of what each page got to `demo-output/`.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import {
  DEMO_SITE_RULES,
  allowEveryTip,
  launchChromium,
  openTip,
  tipResourceIds,
  tipText,
  waitForTipScript,
  type ChromiumSession,
} from './lib/chromium';
import { serveFolder } from './lib/static-server';

const ROOT = resolve(import.meta.dirname, '..');
const SITE = join(ROOT, 'cli/demo-site');
const OUTPUT = join(ROOT, 'demo-output');

const args = process.argv.slice(2);
const headless = args.includes('--headless') || (process.platform === 'linux' && !process.env.DISPLAY);
const skipBuild = args.includes('--no-build');

if (!skipBuild) {
  console.log('Building the extension…');
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
const site = await serveFolder(SITE, Number(process.env.PORT ?? 0));
console.log(`Demo workday site: ${site.origin}/`);
const session = await launchChromium({ headless, siteRules: DEMO_SITE_RULES });
await waitForTipScript(session.worker);
// A demo shows every page's tip; in daily use the attention budget allows a few a day.
await allowEveryTip(session.worker);

if (!headless) {
  const page = await session.context.newPage();
  await page.goto(`${site.origin}/`);
  console.log('Chromium is open with Trailmark loaded. Close the browser or press Ctrl+C to stop.');
  await new Promise<void>((done) => session.context.on('close', () => done()));
  await site.close();
} else {
  await mkdir(OUTPUT, { recursive: true });
  const summary = [];
  for (const path of await demoPages()) {
    summary.push(await visit(session, `${site.origin}${path}`, path));
  }
  await shoot(session, 'options.html', join(OUTPUT, 'options.png'), { width: 1000, height: 900 });
  await writeFile(join(OUTPUT, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  for (const page of summary) {
    console.log(`${page.tip ? 'TIP ' : '—   '} ${page.path.padEnd(36)} ${page.decision}${page.tip ? `: ${page.tipCards.join(', ')}` : ''}`);
  }
  console.log(`\nScreenshots and summary.json are in ${relative(process.cwd(), OUTPUT) || '.'}/`);
  await session.close();
  await site.close();
}

/** Every HTML page of the demo site except the start page. */
async function demoPages(): Promise<string[]> {
  const entries = await readdir(SITE, { recursive: true });
  return entries
    .filter((file) => file.endsWith('.html') && file !== 'index.html')
    .map((file) => `/${file.split('\\').join('/')}`)
    .sort();
}

async function visit(session: ChromiumSession, url: string, path: string) {
  const page = await session.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(url);
  const tip = await page
    .waitForSelector('trailmark-tip', { state: 'attached', timeout: 6_000 })
    .then(() => true)
    .catch(() => false);
  const name = path
    .replace(/^\//, '')
    .replace(/\.html$/, '')
    .replace(/\//g, '-');
  let tipCards: string[] = [];
  if (tip) {
    await openTip(page);
    tipCards = await tipResourceIds(page);
    await page.screenshot({ path: join(OUTPUT, `tip-${name}.png`) });
  }
  const tabId = await session.worker.evaluate(
    async (target) => (await chrome.tabs.query({})).find((t) => t.url === target)?.id,
    page.url(),
  );
  const popup = await session.context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(session.extensionUrl(`popup.html?tab=${tabId}`));
  // The first thing under "For this page" says what the background decided once it has answered.
  await popup.waitForFunction(
    () => {
      const first = document.querySelector('section h2 + *');
      return !!first && !first.textContent?.includes('Loading');
    },
    null,
    { timeout: 10_000 },
  );
  await popup.waitForTimeout(200);
  await popup.screenshot({ path: join(OUTPUT, `popup-${name}.png`), fullPage: true });
  const matches = await popup.$$eval('[data-resource-id]', (cards) =>
    cards.map((card) => ({
      id: card.getAttribute('data-resource-id'),
      title: card
        .querySelector('.tm-card-title')
        ?.textContent?.replace(/\s*\(opens in a new tab\)/, '')
        .trim(),
      why: card.querySelector('.tm-card-why')?.textContent ?? '',
    })),
  );
  const decision = (await popup.textContent('section'))?.replace(/\s+/g, ' ').trim() ?? '';
  const result = { path, url, tip, tipCards, tipText: tip ? await tipText(page) : '', decision: summarise(decision, tip), matches };
  await popup.close();
  await page.close();
  return result;
}

/** Keyboard, as a person would: Shift+Tab from the top reaches the tip, Enter opens it. */
function summarise(popupText: string, tip: boolean): string {
  if (tip) return 'tip shown';
  if (/blocks it/.test(popupText)) return 'blocked by a site rule';
  if (/does not look at this site/.test(popupText)) return 'not covered by any site rule';
  return 'no tip: nothing fits well enough';
}

async function shoot(session: ChromiumSession, path: string, file: string, size: { width: number; height: number }) {
  const page = await session.context.newPage();
  await page.setViewportSize(size);
  await page.goto(session.extensionUrl(path));
  await page.waitForTimeout(500);
  await page.screenshot({ path: file, fullPage: true });
  await page.close();
}
