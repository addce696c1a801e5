import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { statementProblems } from '../../utils/analytics/validate';
import { EXTENSIONS, VERBS } from '../../utils/analytics/xapi';
import { allStatements, startLocalLrs, type LocalLrs } from '../lrs/local-lrs';
import {
  DEMO_SITE_RULES,
  FIREFOX_ADDON_ID,
  allowEveryTip,
  launchFirefox,
  setSiteRules,
  tabIdFor,
  waitForTipScript,
  type FirefoxSession,
} from './firefox';
import { DEMO_SITE_DIR } from './fixtures';
import { proxyPrefs, startRecordingProxy, type RecordingProxy } from './recording-proxy';

/**
 * Analytics in a real Firefox ESR against a real LRS (Learning Locker's statements service on
 * loopback), with the policy in policies.json as an admin writes it (Firefox reads it at start-up).
 * The network capture is a recording proxy every request goes through, loopback included (Firefox's
 * WebDriver BiDi does not report the background page's requests): nothing but the LRS, the pages the
 * test opened and Firefox's own switched-off services appears, and no request to the LRS carries a
 * page address, title or search text. A day of tips, a resource opened, a page where nothing fits
 * and an empty search arrive as the expected statements; the background stopped (the add-on
 * reloaded) between queueing and sending loses and doubles nothing; an LRS that is down gets the
 * statements later. The send runs through the background's `trailmarkAnalytics` hook.
 */
const POLICY_FILE = '/etc/firefox/policies/policies.json';
const DAY = 86_400_000;
const SEARCH_TEXT = 'qwertyzebrafication';
const HOME = 'https://example.com';

type Report = { sent: number; failed?: string; skipped?: string } | null;
/** Calls the background's test hook from an extension page (MV2: the background page is reachable). */
function call(page: Page, method: 'send' | 'queue' | 'status', arg?: unknown): Promise<unknown> {
  return page.evaluate(
    async (method, arg) => {
      const background = (await browser.runtime.getBackgroundPage()) as unknown as {
        trailmarkAnalytics: Record<string, (arg?: unknown) => Promise<unknown>>;
      };
      return JSON.parse(JSON.stringify((await background.trailmarkAnalytics[method]!(arg)) ?? null)) as unknown;
    },
    method,
    arg as never,
  );
}
const send = (page: Page, at: number) => call(page, 'send', { force: true, at }) as Promise<Report>;
const status = (page: Page) => call(page, 'status') as Promise<{ queued: number; counting: boolean }>;

const sumOf = (statements: Record<string, unknown>[], verb: string) =>
  statements
    .filter((s) => (s.verb as { id: string }).id === verb)
    .reduce((n, s) => n + ((s.result as { extensions: Record<string, number> }).extensions[EXTENSIONS.count] ?? 0), 0);

describe('Firefox: analytics to the organisation’s LRS', () => {
  let lrs: LocalLrs;
  let site: StaticServer;
  let proxy: RecordingProxy;
  let session: FirefoxSession;
  let probe: Page;

  beforeAll(async () => {
    lrs = await startLocalLrs();
    site = await serveFolder(DEMO_SITE_DIR);
    proxy = await startRecordingProxy();
    await mkdir(dirname(POLICY_FILE), { recursive: true });
    const values = {
      analyticsLrsEndpoint: lrs.endpoint,
      analyticsLrsKey: lrs.key,
      analyticsLrsSecret: lrs.secret,
      analyticsOrgHomePage: HOME,
    };
    await writeFile(POLICY_FILE, JSON.stringify({ policies: { '3rdparty': { Extensions: { [FIREFOX_ADDON_ID]: values } } } }));
    session = await launchFirefox({ siteRules: DEMO_SITE_RULES, prefs: proxyPrefs(proxy.port) });
    probe = await session.openExtensionPage('options.html');
    await waitForTipScript(probe);
    await allowEveryTip(probe);
    for (let i = 0; i < 150 && !(await status(probe).catch(() => ({ counting: false }))).counting; i++)
      await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await rm(POLICY_FILE, { force: true });
    await session?.close();
    await proxy?.close();
    await site?.close();
    await lrs?.stop();
  });

  it('a day of tips, an opened resource, a gap and an empty search arrive as the expected statements; the capture shows nothing private', async () => {
    expect((await status(probe)).counting).toBe(true);
    const privateText = [SEARCH_TEXT];
    for (const path of ['/crm/opportunity.html', '/sheets/pivot-help.html']) {
      const page = await session.browser.newPage();
      await page.goto(site.origin + path);
      privateText.push(page.url(), await page.title());
      await page.waitForSelector('trailmark-tip', { timeout: 15_000 });
      if (path.startsWith('/crm')) {
        // Opened from the popup about this tab, as the employee would.
        const popup = await session.openExtensionPage(`popup.html?tab=${await tabIdFor(probe, page.url())}`);
        const link = await popup.waitForSelector('[data-resource-id] a', { timeout: 10_000 });
        await link!.click();
        await expect.poll(() => sumOfBuckets(probe, 'resourceOpened'), { timeout: 10_000 }).toBe(1);
        await popup.close();
      }
      await page.close();
    }
    const gap = await session.browser.newPage();
    await gap.goto(`${site.origin}/canteen/menu.html`);
    privateText.push(gap.url(), await gap.title());
    await expect.poll(() => sumOfBuckets(probe, 'contentGap'), { timeout: 10_000 }).toBeGreaterThan(0);
    await gap.close();
    const popup = await session.openExtensionPage('popup.html');
    const search = await popup.waitForSelector('input[type="search"]', { timeout: 10_000 });
    await search!.type(SEARCH_TEXT);
    await expect.poll(() => sumOfBuckets(probe, 'searchNoResult'), { timeout: 10_000 }).toBe(1);
    await popup.close();

    const report = await send(probe, Date.now() + DAY);
    expect(report?.failed).toBeUndefined();
    const stored = await allStatements(lrs);
    expect(sumOf(stored, VERBS.tipShown.id)).toBe(2);
    expect(sumOf(stored, VERBS.resourceOpened.id)).toBe(1);
    expect(sumOf(stored, VERBS.contentGap.id)).toBeGreaterThanOrEqual(1);
    expect(sumOf(stored, VERBS.searchNoResult.id)).toBe(1);
    for (const statement of stored) {
      expect(statement.actor).toEqual({ objectType: 'Agent', account: { homePage: HOME, name: 'trailmark' } });
      const { stored: _s, authority: _a, version: _v, ...sent } = statement;
      expect(statementProblems(sent)).toEqual([]);
    }

    // The capture: every request the browser made went to the pages the test opened, the LRS, or
    // Firefox's own services (switched off to 127.0.0.1:9 by the test prefs); nothing else.
    const lrsOrigin = new URL(lrs.endpoint).origin;
    const toLrs = proxy.recorded.filter((r) => r.url.startsWith(lrsOrigin));
    expect(toLrs.some((r) => r.method === 'POST' && r.url === `${lrs.endpoint}statements`)).toBe(true);
    for (const request of proxy.recorded) {
      const origin = new URL(request.url).origin;
      const firefoxOwn = request.method === 'CONNECT' && /\.(mozilla\.(com|net|org)|firefox\.com)$/.test(new URL(request.url).hostname);
      // The resource the employee opened from the popup (a tab the test opened, not the extension).
      const resource = request.method === 'CONNECT' && /\.example\.com$/.test(new URL(request.url).hostname);
      if (!firefoxOwn && !resource) expect([lrsOrigin, site.origin, 'http://127.0.0.1:9'], request.url).toContain(origin);
    }
    for (const request of toLrs) {
      const text = `${request.url}\n${request.body}`;
      for (const secret of [...privateText, site.origin]) expect(text, `${request.url} carries “${secret}”`).not.toContain(secret);
    }
  });

  it('the background stopped between queueing and sending: nothing lost, nothing doubled', async () => {
    const before = (await allStatements(lrs)).length;
    // A new bucket for today (the first test sent today's early): the same page under a renamed rule.
    await renameRule(probe, 'killed');
    const page = await session.browser.newPage();
    await page.goto(`${site.origin}/canteen/menu.html`);
    await expect.poll(() => sumOfBuckets(probe, 'contentGap'), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.close();
    expect(await call(probe, 'queue', Date.now() + 2 * DAY)).toBe(1);
    // Reloading the add-on stops its background page and starts a new one, as a browser restart would.
    await probe.evaluate(() => setTimeout(() => browser.runtime.reload(), 50));
    await new Promise((r) => setTimeout(r, 1500));
    probe = await session.openExtensionPage('options.html');
    await expect.poll(async () => (await status(probe).catch(() => ({ queued: -1 }))).queued, { timeout: 15_000 }).toBe(1);
    expect((await send(probe, Date.now() + 2 * DAY))?.sent).toBe(1);
    expect((await send(probe, Date.now() + 3 * DAY))?.sent).toBe(0);
    expect((await allStatements(lrs)).length).toBe(before + 1);
  });

  it('the LRS down for a while: the statements wait in the outbox and arrive once it is back', async () => {
    const port = lrs.port;
    const before = (await allStatements(lrs)).map((s) => s.id);
    await lrs.stop();
    await renameRule(probe, 'down');
    const page = await session.browser.newPage();
    await page.goto(`${site.origin}/canteen/menu.html`);
    await expect.poll(() => sumOfBuckets(probe, 'contentGap'), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.close();
    const down = await send(probe, Date.now() + 4 * DAY);
    expect(down?.failed).toBeTruthy();
    expect((await status(probe)).queued).toBe(1);
    lrs = await startLocalLrs(port);
    const back = await send(probe, Date.now() + 5 * DAY);
    expect(back?.sent).toBe(1);
    expect((await status(probe)).queued).toBe(0);
    const now = await allStatements(lrs);
    expect(now).toHaveLength(1);
    expect(before).not.toContain(now[0]!.id);
  });
});

/**
 * The demo's suggest rule under another id. Events count per UTC day and rule, and the tests close
 * today early (the hook's clock), so a later test needs a bucket the first one did not send.
 */
async function renameRule(page: Page, suffix: string): Promise<void> {
  await setSiteRules(
    page,
    DEMO_SITE_RULES.map((rule) => (rule.action === 'suggest' ? { ...rule, id: `${rule.id}-${suffix}` } : rule)),
  );
  await new Promise((r) => setTimeout(r, 500));
}

/** How often `event` is counted in the open days' buckets, read from the background's IndexedDB. */
async function sumOfBuckets(page: Page, event: string): Promise<number> {
  return page.evaluate(async (event) => {
    const names = (await indexedDB.databases()).map((d) => d.name!);
    let total = 0;
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      if (db.objectStoreNames.contains('analyticsBuckets')) {
        const rows = await new Promise<{ event: string; count: number }[]>((resolve, reject) => {
          const request = db.transaction('analyticsBuckets').objectStore('analyticsBuckets').getAll();
          request.onsuccess = () => resolve(request.result as { event: string; count: number }[]);
          request.onerror = () => reject(request.error);
        });
        total += rows.filter((r) => r.event === event).reduce((n, r) => n + r.count, 0);
      }
      db.close();
    }
    return total;
  }, event);
}
