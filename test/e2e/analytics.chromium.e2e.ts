import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Frame, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { statementProblems } from '../../utils/analytics/validate';
import { EXTENSIONS, VERBS } from '../../utils/analytics/xapi';
import { OUTBOX_CAP } from '../../utils/analytics/outbox';
import { allStatements, startLocalLrs, type LocalLrs } from '../lrs/local-lrs';
import {
  CHROMIUM_EXTENSION_ID,
  DEMO_SITE_RULES,
  allowEveryTip,
  launchChromium,
  setSiteRules,
  waitForTipScript,
  type ChromiumSession,
} from './chromium';
import { DEMO_SITE_DIR } from './fixtures';

/**
 * Analytics in a real Chromium against a real LRS (Learning Locker's statements service, started
 * here on loopback): first without the policy (nothing counted, no request to any LRS), then with
 * it, turned on the way an admin does (a managed policy file, read again). A day of tips, a
 * resource opened, saved, marked not relevant, a dismissed tip, a page where nothing fits and a
 * popup search without result arrives as the expected statements; a worker stopped between
 * queueing and sending loses and doubles nothing; an LRS that is down gets the statements later
 * and the outbox stays under its cap. Every request the extension makes (worker and pages) is
 * captured: none carries a page address, title or search text, and none goes anywhere but the LRS.
 * The daily send runs through a hook on the worker's global (`trailmarkAnalytics`), which only the
 * extension's own code (and a test driving the worker) can reach; `at` stands in for the clock.
 */
const POLICY_FILE = '/etc/chromium/policies/managed/trailmark-analytics-test.json';
const DAY = 86_400_000;
const SEARCH_TEXT = 'qwertyzebrafication';
const HOME = 'https://example.com';
const COUNT = EXTENSIONS.count;

async function writePolicy(values: Record<string, unknown> | null): Promise<void> {
  if (!values) return rm(POLICY_FILE, { force: true });
  await mkdir(dirname(POLICY_FILE), { recursive: true });
  await writeFile(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [CHROMIUM_EXTENSION_ID]: values } } }));
}

interface Captured {
  url: string;
  method: string;
  body: string;
}
/** Requests made by the extension itself: its service worker and its pages (not the web pages it runs on). */
function captureExtensionRequests(session: ChromiumSession): Captured[] {
  const captured: Captured[] = [];
  session.context.on('request', (request: Request) => {
    const fromWorker = request.serviceWorker() !== null;
    let fromExtensionPage = false;
    try {
      fromExtensionPage = request.frame().url().startsWith('chrome-extension://');
    } catch {
      // No frame: a worker or a navigation.
    }
    if ((fromWorker || fromExtensionPage) && !request.url().startsWith('chrome-extension://'))
      captured.push({ url: request.url(), method: request.method(), body: request.postData() ?? '' });
  });
  return captured;
}

interface Status {
  queued: number;
  counting: boolean;
  lastBatch?: { id: string }[];
}
type Hook = {
  send(options: { force?: boolean; at?: number }): Promise<unknown>;
  queue(at: number): Promise<number>;
  status(): Promise<Status>;
};
const hook = (session: ChromiumSession) => ({
  send: (at: number, force = true) =>
    session.worker.evaluate(
      ([at, force]) => (globalThis as unknown as { trailmarkAnalytics: Hook }).trailmarkAnalytics.send({ force, at }),
      [at, force] as const,
    ) as Promise<{ sent: number; failed?: string; skipped?: string } | null>,
  queue: (at: number) =>
    session.worker.evaluate((at) => (globalThis as unknown as { trailmarkAnalytics: Hook }).trailmarkAnalytics.queue(at), at),
  status: () => session.worker.evaluate(() => (globalThis as unknown as { trailmarkAnalytics: Hook }).trailmarkAnalytics.status()),
});

/** Rows of one of analytics' tables in IndexedDB, read from the worker (what the extension keeps). */
function tableRows(session: ChromiumSession, table: string): Promise<unknown[]> {
  return session.worker.evaluate(async (table) => {
    const names = (await indexedDB.databases()).map((d) => d.name!);
    const out: unknown[] = [];
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      if (db.objectStoreNames.contains(table)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(table).objectStore(table).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        out.push(...rows);
      }
      db.close();
    }
    return out;
  }, table);
}

const tipFrame = (page: Page): Frame | undefined => page.frames().find((frame) => frame.url().includes('/tip-frame.html'));
async function openedTip(page: Page): Promise<Frame> {
  await page.waitForSelector('trailmark-tip', { state: 'attached', timeout: 15_000 });
  await expect.poll(() => tipFrame(page)?.locator('.tm-toggle').count() ?? 0, { timeout: 10_000 }).toBe(1);
  const frame = tipFrame(page)!;
  await frame.locator('.tm-toggle').click();
  await frame.locator('[data-resource-id]').first().waitFor();
  return frame;
}

/** Everything visited, and the resources acted on, to look for in the capture. */
interface Day {
  private: string[];
  dismissed: number;
  notRelevant: number;
}

/**
 * A day at work: a CRM page whose tip is opened, a resource opened from it, saved, another marked
 * not relevant; a spreadsheet help page whose tip is dismissed; the canteen menu (nothing fits);
 * a popup search for a word no resource has.
 */
async function aDayAtWork(session: ChromiumSession, site: StaticServer): Promise<Day> {
  const day: Day = { private: [SEARCH_TEXT], dismissed: 0, notRelevant: 0 };
  const crm = await session.context.newPage();
  await crm.goto(`${site.origin}/crm/opportunity.html`);
  day.private.push(crm.url(), await crm.title());
  let frame = await openedTip(crm);
  const cards = frame.locator('[data-resource-id]');
  const opened = session.context.waitForEvent('page');
  await cards.first().locator('a').first().click();
  await (await opened).close();
  await cards.first().getByRole('button', { name: 'Save' }).click();
  if ((await cards.count()) > 1) {
    await cards.nth(1).getByRole('button', { name: 'Not relevant' }).click();
    day.notRelevant = 1;
  }
  await crm.waitForTimeout(300);
  await crm.close();

  const sheets = await session.context.newPage();
  await sheets.goto(`${site.origin}/sheets/pivot-help.html`);
  day.private.push(sheets.url(), await sheets.title());
  frame = await openedTip(sheets);
  day.dismissed = await frame.locator('[data-resource-id]').count();
  await frame.getByRole('button', { name: 'Dismiss learning tip' }).click();
  await sheets.waitForSelector('trailmark-tip', { state: 'detached', timeout: 5_000 });
  await sheets.close();

  const gap = await session.context.newPage();
  await gap.goto(`${site.origin}/canteen/menu.html`);
  day.private.push(gap.url(), await gap.title());
  await expect
    .poll(async () => (await tableRows(session, 'analyticsBuckets')).some((b) => (b as { event: string }).event === 'contentGap'), {
      timeout: 10_000,
    })
    .toBe(true);
  await gap.close();

  const popup = await session.context.newPage();
  await popup.goto(session.extensionUrl('popup.html'));
  await popup.getByRole('searchbox').fill(SEARCH_TEXT);
  await popup.keyboard.press('Enter');
  await expect
    .poll(async () => (await tableRows(session, 'analyticsBuckets')).some((b) => (b as { event: string }).event === 'searchNoResult'), {
      timeout: 10_000,
    })
    .toBe(true);
  await popup.close();
  return day;
}

const sumOf = (statements: Record<string, unknown>[], verb: string) =>
  statements
    .filter((s) => (s.verb as { id: string }).id === verb)
    .reduce((n, s) => n + ((s.result as { extensions: Record<string, number> }).extensions[COUNT] ?? 0), 0);

let lrs: LocalLrs;
let site: StaticServer;
let lrsOrigin: string;
beforeAll(async () => {
  await writePolicy(null);
  lrs = await startLocalLrs();
  lrsOrigin = new URL(lrs.endpoint).origin;
  site = await serveFolder(DEMO_SITE_DIR);
});
afterAll(async () => {
  await writePolicy(null);
  await site?.close();
  await lrs?.stop();
});

async function launch(): Promise<{ session: ChromiumSession; captured: Captured[] }> {
  const session = await launchChromium({ siteRules: DEMO_SITE_RULES });
  const captured = captureExtensionRequests(session);
  // Resource links point at *.example.com; answer them locally instead of the network.
  await session.context.route('https://*.example.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Resource</title>' }),
  );
  await waitForTipScript(session.worker);
  await allowEveryTip(session.worker);
  return { session, captured };
}

describe('Chromium: analytics without the policy', () => {
  let session: ChromiumSession;
  let captured: Captured[];
  beforeAll(async () => ({ session, captured } = await launch()));
  afterAll(() => session?.close());

  it('counts nothing and sends no request to any LRS', async () => {
    const page = await session.context.newPage();
    await page.goto(`${site.origin}/crm/opportunity.html`);
    await openedTip(page);
    await page.close();
    const gap = await session.context.newPage();
    await gap.goto(`${site.origin}/canteen/menu.html`);
    await gap.waitForTimeout(1500);
    await gap.close();
    expect(await hook(session).send(Date.now() + DAY)).toBeNull();
    expect(await tableRows(session, 'analyticsBuckets')).toEqual([]);
    expect(await tableRows(session, 'analyticsOutbox')).toEqual([]);
    expect(captured).toEqual([]);
    expect(await allStatements(lrs)).toEqual([]);
  });
});

describe('Chromium: analytics to the organisation’s LRS', () => {
  let session: ChromiumSession;
  let captured: Captured[];
  beforeAll(async () => {
    await writePolicy({
      analyticsLrsEndpoint: lrs.endpoint,
      analyticsLrsKey: lrs.key,
      analyticsLrsSecret: lrs.secret,
      analyticsOrgHomePage: HOME,
    });
    ({ session, captured } = await launch());
    for (
      let i = 0;
      i < 150 &&
      !(
        await hook(session)
          .status()
          .catch(() => ({ counting: false }))
      ).counting;
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(() => session?.close());

  it('a day of tips, opens, a gap and an empty search arrives as the expected statements; nothing private in any request', async () => {
    const day = await aDayAtWork(session, site);
    const report = await hook(session).send(Date.now() + DAY);
    expect(report?.failed).toBeUndefined();
    const stored = await allStatements(lrs);
    expect(sumOf(stored, VERBS.tipShown.id)).toBe(2);
    expect(sumOf(stored, VERBS.tipOpened.id)).toBe(2);
    expect(sumOf(stored, VERBS.resourceOpened.id)).toBe(1);
    expect(sumOf(stored, VERBS.saved.id)).toBe(1);
    expect(sumOf(stored, VERBS.notRelevant.id)).toBe(day.notRelevant);
    expect(sumOf(stored, VERBS.dismissed.id)).toBe(day.dismissed);
    expect(sumOf(stored, VERBS.contentGap.id)).toBeGreaterThanOrEqual(1);
    expect(sumOf(stored, VERBS.searchNoResult.id)).toBe(1);
    for (const statement of stored) {
      expect(statement.actor).toEqual({ objectType: 'Agent', account: { homePage: HOME, name: 'trailmark' } });
      const ext = (statement.context as { extensions: Record<string, unknown> }).extensions;
      expect([null, 'demo-workday']).toContain(ext[EXTENSIONS.siteRule] ?? null);
      const { stored: _s, authority: _a, version: _v, ...sent } = statement;
      expect(statementProblems(sent)).toEqual([]);
    }
    const opened = stored.find((s) => (s.verb as { id: string }).id === VERBS.resourceOpened.id)!;
    expect((opened.object as { id: string }).id).toMatch(/^https:\/\/[a-z.]+\.example\.com\//);

    // The capture: only the LRS, and nothing of the pages or the search.
    const toLrs = captured.filter((r) => r.url.startsWith(lrs.endpoint));
    expect(toLrs.filter((r) => r.method === 'POST').length).toBeGreaterThan(0);
    for (const request of captured) {
      expect(new URL(request.url).origin, request.url).toBe(lrsOrigin);
      const text = `${request.url}\n${request.body}`;
      for (const secret of [...day.private, site.origin]) expect(text, `${request.url} carries “${secret}”`).not.toContain(secret);
    }
    // What "See what is shared" shows is exactly what the LRS got.
    const status = await hook(session).status();
    expect(status.lastBatch!.map((s) => s.id).sort()).toEqual(stored.map((s) => s.id).sort());
    // One statement exactly as the extension sent it, for the record (the closing note).
    console.info(
      `A statement as sent:\n${JSON.stringify(
        status.lastBatch!.find((s) => (s as unknown as { verb: { id: string } }).verb.id === VERBS.resourceOpened.id),
        null,
        2,
      )}`,
    );
    // Sent again (a retry of the same day): the LRS has each statement once.
    await hook(session).send(Date.now() + DAY);
    expect((await allStatements(lrs)).length).toBe(stored.length);
  });

  it('a worker stopped between queueing and sending: nothing lost, nothing doubled', async () => {
    const before = (await allStatements(lrs)).length;
    // A new bucket for today (the first test sent today's early): the same page under a renamed rule.
    await setSiteRules(
      session.worker,
      DEMO_SITE_RULES.map((rule) => (rule.action === 'suggest' ? { ...rule, id: `${rule.id}-killed` } : rule)),
    );
    await new Promise((r) => setTimeout(r, 500));
    const page = await session.context.newPage();
    await page.goto(`${site.origin}/canteen/menu.html`);
    await expect.poll(async () => (await tableRows(session, 'analyticsBuckets')).length, { timeout: 10_000 }).toBe(1);
    await page.close();
    expect(await hook(session).queue(Date.now() + 2 * DAY)).toBe(1);
    // Stop the service worker, as the browser does when it is idle: through DevTools, from one of
    // the extension's pages (ServiceWorker is per storage partition, and the extension has its own).
    // A mark in the worker's memory: a new worker starts without it.
    await session.worker.evaluate(() => Object.assign(globalThis, { trailmarkTestMark: true }));
    const extensionWorker = () => session.context.serviceWorkers().find((w) => w.url().includes(CHROMIUM_EXTENSION_ID));
    const options = await session.context.newPage();
    await options.goto(session.extensionUrl('options.html'));
    const cdp = await session.context.newCDPSession(options);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    // Anything that wakes the extension starts a new worker, which must find the outbox as it was.
    const fresh = async () => {
      const worker = extensionWorker();
      const marked = await worker?.evaluate(() => 'trailmarkTestMark' in globalThis).catch(() => undefined);
      if (marked === false) return true;
      await options.reload().catch(() => undefined);
      return false;
    };
    await expect.poll(fresh, { timeout: 20_000, interval: 500 }).toBe(true);
    session.worker = extensionWorker()!;
    await options.close();
    await expect
      .poll(
        async () =>
          (
            await hook(session)
              .status()
              .catch(() => ({ queued: -1 }))
          ).queued,
        { timeout: 10_000 },
      )
      .toBe(1);
    expect((await hook(session).send(Date.now() + 2 * DAY))?.sent).toBe(1);
    expect((await hook(session).send(Date.now() + 3 * DAY))?.sent).toBe(0);
    expect((await allStatements(lrs)).length).toBe(before + 1);
    expect((await hook(session).status()).queued).toBe(0);
  });

  it('the LRS down for a while: the outbox keeps the statements, stays under its cap, and sends them once it is back', async () => {
    const port = lrs.port;
    const before = (await allStatements(lrs)).length;
    await lrs.stop();
    // Thirty days the LRS did not answer, as the outbox would hold them: more than its cap.
    const [sample] = (await tableRows(session, 'analyticsState')) as { lastBatch: Record<string, unknown>[] }[];
    const template = sample!.lastBatch[0]!;
    await session.worker.evaluate(
      async ({ template, count, now }) => {
        let db: IDBDatabase | undefined;
        for (const { name } of await indexedDB.databases()) {
          const open = await new Promise<IDBDatabase>((resolve, reject) => {
            const request = indexedDB.open(name!);
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          if (open.objectStoreNames.contains('analyticsOutbox')) db = open;
          else open.close();
        }
        if (!db) throw new Error('no analytics outbox in IndexedDB');
        const tx = db.transaction('analyticsOutbox', 'readwrite');
        for (let i = 0; i < count; i++) {
          const day = new Date(now - (1 + (i % 25)) * 86_400_000).toISOString().slice(0, 10);
          const id = crypto.randomUUID();
          tx.objectStore('analyticsOutbox').put({ id, day, statement: { ...template, id } });
        }
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      { template, count: OUTBOX_CAP + 300, now: Date.now() },
    );
    const down = await hook(session).send(Date.now() + 4 * DAY);
    expect(down?.failed).toBeTruthy();
    const queued = (await hook(session).status()).queued;
    expect(queued).toBe(OUTBOX_CAP);
    // The back-off holds: a send that is not forced waits.
    expect((await hook(session).send(Date.now() + 4 * DAY, false))?.skipped).toBe('notDue');

    lrs = await startLocalLrs(port);
    let sent = 0;
    for (let i = 0; i < 3 && (await hook(session).status()).queued > 0; i++) sent += (await hook(session).send(Date.now() + 5 * DAY))!.sent;
    expect(sent).toBe(OUTBOX_CAP);
    expect((await hook(session).status()).queued).toBe(0);
    // The restarted LRS is empty; it now holds exactly what the outbox kept.
    expect((await allStatements(lrs)).length).toBe(OUTBOX_CAP);
    expect(before).toBeGreaterThan(0);
    for (const request of captured) expect(new URL(request.url).origin, request.url).toBe(lrsOrigin);
  });
});
