import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'playwright-core';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import {
  DEMO_SITE_RULES,
  allowEveryTip,
  CHROMIUM_EXTENSION_ID,
  launchChromium,
  openPopupFor,
  waitForTipScript,
  type ChromiumSession,
} from './chromium';
import { DEMO_SITE_DIR, demoExpectations } from './fixtures';

interface Captured {
  url: string;
  method: string;
  body: string;
  headers: string;
  from: 'service worker' | 'page';
  frame?: string;
}

/** Words from the demo pages, the search and the saved resource: none may appear in any request Trailmark makes. */
const SECRETS = ['Brightway', 'Okafor', 'pivot', 'datalek', 'zebracanary', 'hybride'];
const SEARCH_TEXT = 'zebracanary draaitabel';

/**
 * Nothing leaves the device: every request the browser makes while the employee browses the
 * demo site, gets tips, searches, saves and pauses is captured (pages, extension pages and the
 * extension's service worker, through Playwright, which listens to the service worker's network
 * too), and the demo server logs what reached it. With no catalogue feed configured, Trailmark
 * makes no network request at all; the only web requests are the pages' own files.
 */
describe('Chromium: nothing leaves the device', () => {
  let session: ChromiumSession;
  let site: StaticServer;
  const captured: Captured[] = [];
  const serverLog: string[] = [];

  beforeAll(async () => {
    site = await serveFolder(DEMO_SITE_DIR);
    site.server.prependListener('request', (request) => serverLog.push(`${request.method} ${request.url}`));
    session = await launchChromium({ siteRules: DEMO_SITE_RULES });
    session.context.on('request', (request: Request) => {
      captured.push({
        url: request.url(),
        method: request.method(),
        body: request.postData() ?? '',
        headers: JSON.stringify(request.headers()),
        from: request.serviceWorker() ? 'service worker' : 'page',
        frame: request.serviceWorker() ? undefined : request.frame().url(),
      });
    });
    await waitForTipScript(session.worker);
    await allowEveryTip(session.worker);
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  it('captures service-worker and page requests (the controls that show the capture works)', async () => {
    await session.worker.evaluate((url) => fetch(url).then((r) => r.status), `${site.origin}/control-from-worker`);
    const page = await session.context.newPage();
    await page.goto(`${site.origin}/index.html`);
    await page.evaluate((url) => fetch(url).then((r) => r.status), `${site.origin}/control-from-page`);
    await page.close();
    await expect
      .poll(() => captured.filter((c) => c.url.includes('/control-from-')).map((c) => c.from))
      .toEqual(['service worker', 'page']);
    expect(serverLog).toEqual(expect.arrayContaining(['GET /control-from-worker', 'GET /control-from-page']));
  });

  it('browsing, tips, search, save and pause send nothing anywhere', async () => {
    for (const { path, tip } of demoExpectations()) {
      const page = await session.context.newPage();
      await page.goto(site.origin + path);
      if (tip) {
        await page.waitForSelector('trailmark-tip', { state: 'attached', timeout: 15_000 });
        // Open the tip and save its first card, by keyboard.
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Enter');
        for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
      } else await page.waitForTimeout(1_000);
      const popup = await openPopupFor(session, page.url());
      await popup.locator('main').waitFor();
      await popup.locator('input[type="search"]').fill(SEARCH_TEXT);
      await popup.waitForTimeout(300);
      await popup.locator('input[type="search"]').fill('pivot');
      await popup.locator('.tm-results [data-resource-id]').first().waitFor();
      await popup.locator('.tm-results .tm-card-actions button').first().click();
      for (const summary of await popup.locator('summary').all()) await summary.click();
      await popup.close();
      await page.close();
    }
    const popup = await session.context.newPage();
    await popup.goto(session.extensionUrl('popup.html'));
    await popup.getByRole('button', { name: 'Pause tips' }).click();
    await popup.getByRole('button', { name: 'Everywhere for an hour' }).click();
    await popup.getByRole('button', { name: 'Resume tips everywhere' }).waitFor();
    await popup.close();
    const options = await session.context.newPage();
    await options.goto(session.extensionUrl('options.html'));
    await options.getByTestId('catalogue-status').waitFor();
    await options.getByRole('button', { name: 'Forget all of it' }).click();
    await options.close();

    const trailmarkSaved = await session.worker.evaluate(() => chrome.storage.local.get(null));
    expect(JSON.stringify(trailmarkSaved)).not.toBe('{}'); // the session did save and remember things, on the device

    const controls = (c: Captured) => c.url.includes('/control-from-');
    const web = captured.filter((c) => /^(https?|wss?):/.test(c.url) && !controls(c));
    const extensionOwn = `chrome-extension://${CHROMIUM_EXTENSION_ID}/`;

    // The service worker fetched its own packaged files only (the sample catalogue), never the web.
    expect(captured.filter((c) => c.from === 'service worker' && !controls(c) && !c.url.startsWith(extensionOwn))).toEqual([]);
    // Extension pages (popup, options) requested nothing from the web.
    expect(web.filter((c) => c.frame?.startsWith('chrome-extension:'))).toEqual([]);

    // Every web request is a page loading its own files from the demo site: GET, no query, no body.
    const files = new Set((await readdir(DEMO_SITE_DIR, { recursive: true })).map((f) => `/${String(f).split('\\').join('/')}`));
    const unexpected = web.filter((c) => {
      const url = new URL(c.url);
      return (
        url.origin !== site.origin ||
        c.method !== 'GET' ||
        url.search !== '' ||
        c.body !== '' ||
        !(files.has(url.pathname) || url.pathname === '/favicon.ico')
      );
    });
    expect(unexpected).toEqual([]);
    // What reached the server agrees: the pages' files and the two controls, nothing else.
    expect(serverLog.filter((line) => !line.includes('/control-from-') && !/^GET \/[\w/.-]*$/.test(line))).toEqual([]);

    // And no request of any kind carried page text, search text, or what was saved.
    for (const c of captured.filter((c) => !controls(c) && !c.url.startsWith(extensionOwn))) {
      const own = new URL(c.url);
      const sent = `${own.search} ${c.body}`;
      for (const secret of SECRETS) expect(sent, `${c.url} carries “${secret}”`).not.toContain(secret);
    }
    // Extension-internal loads do not carry them either (e.g. no page text in a popup URL).
    for (const c of captured.filter((c) => c.url.startsWith(extensionOwn))) {
      for (const secret of SECRETS) expect(c.url, `${c.url} carries “${secret}”`).not.toContain(secret);
    }
    expect(web.length).toBeGreaterThan(demoExpectations().length); // the capture saw the browsing itself
  });
});
