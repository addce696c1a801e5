import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { DEMO_SITE_RULES, FIREFOX_EXTENSION_UUID, launchFirefox, tabIdFor, waitForTipScript, type FirefoxSession } from './firefox';
import { DEMO_SITE_DIR } from './fixtures';

/**
 * The hostile page of `hostile.chromium.e2e.ts`, in Firefox ESR: it patches `attachShadow`,
 * predefines `<trailmark-tip>` to grab its internals, searches the page for the tip's titles,
 * listens to every message, and floods WXT's event names. Each attack must come away empty.
 */
const TIP_PAGE = '/sheets/pivot-help.html';
const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

const ATTACK = `(() => {
  const loot = { roots: [], internals: [], messages: [] };
  window.__loot = loot;
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { const root = attach.call(this, init); loot.roots.push(root); return root; };
  window.addEventListener('message', (event) => loot.messages.push(JSON.stringify(event.data ?? null)), true);
  if (window.__predefine) customElements.define('trailmark-tip', class extends HTMLElement {
    constructor() { super(); loot.internals.push(this.attachInternals()); }
  });
})();`;

const loot = (page: Page) =>
  page.evaluate(() => {
    const l = (window as unknown as { __loot: { roots: ShadowRoot[]; internals: ElementInternals[]; messages: string[] } }).__loot;
    const host = document.querySelector('trailmark-tip');
    return {
      roots: l.roots.length,
      internalsRoots: l.internals.filter((i) => i.shadowRoot).length,
      messages: l.messages,
      hostRoot: host?.shadowRoot ?? null,
      reachable: host ? host.querySelectorAll('*').length : -1,
    };
  });

describe('Firefox: a hostile page cannot open, read, drive or detect the tip', () => {
  let session: FirefoxSession;
  let site: StaticServer;
  let probe: Page;

  beforeAll(async () => {
    site = await serveFolder(DEMO_SITE_DIR);
    session = await launchFirefox({ siteRules: DEMO_SITE_RULES });
    probe = await session.openExtensionPage('popup.html');
    await waitForTipScript(probe);
    await probe.evaluate(() => browser.storage.local.set({ tipsPerDay: 20, repeatAfterDays: 0 }));
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  const forgetTips = () => probe.evaluate(() => browser.storage.local.remove('tipLog'));
  /** The titles of the tip shown in a tab, as the background keeps them. */
  const tipTitles = async (url: string) => {
    const tabId = await tabIdFor(probe, url);
    return probe.evaluate(async (id) => {
      const found = ((await browser.storage.session.get(`tab:${id}`)) as Record<string, { cards: { title: string }[]; tipCount: number }>)[
        `tab:${id}`
      ];
      return found ? found.cards.slice(0, found.tipCount).map((card) => card.title) : [];
    }, tabId!);
  };

  it('sees the host and nothing inside it, finds none of its titles, and receives no message naming the extension', async () => {
    await forgetTips();
    const page = await session.browser.newPage();
    await page.evaluateOnNewDocument(ATTACK);
    await page.goto(site.origin + TIP_PAGE);
    await page.waitForSelector('trailmark-tip', { timeout: 15_000 });
    await delay(1_500);
    const titles = await tipTitles(page.url());
    expect(titles.length).toBeGreaterThan(0);
    const got = await loot(page);
    expect(got.roots).toBe(0);
    expect(got.hostRoot).toBeNull();
    expect(got.reachable).toBe(0);
    const found = await page.evaluate(
      (list) => list.filter((title) => (window as unknown as { find(text: string): boolean }).find(title)),
      titles,
    );
    expect(found).toEqual([]);
    expect(got.messages.filter((m) => m.includes(FIREFOX_EXTENSION_UUID) || m.includes('wxt') || m.includes('trailmark@'))).toEqual([]);
    await page.close();
  });

  it('a page that predefines <trailmark-tip> gets no tip and no root', async () => {
    await forgetTips();
    const page = await session.browser.newPage();
    await page.evaluateOnNewDocument('window.__predefine = true;');
    await page.evaluateOnNewDocument(ATTACK);
    await page.goto(site.origin + TIP_PAGE);
    await delay(4_000);
    expect((await loot(page)).internalsRoots).toBe(0);
    await page.close();
  });

  it('spoofed WXT events with swapped content do not spend the tip budget', async () => {
    await probe.evaluate(() => browser.storage.local.set({ tipsPerDay: 3 }));
    await forgetTips();
    const page = await session.browser.newPage();
    await page.evaluateOnNewDocument(ATTACK);
    await page.goto(site.origin + TIP_PAGE);
    await page.waitForSelector('trailmark-tip', { timeout: 15_000 });
    await page.evaluate(() => {
      for (let i = 0; i < 5000; i++) {
        document.querySelector('trailmark-tip')?.remove();
        document.title = `Page ${i}`;
        for (const prefix of ['', 'trailmark@trailmark.app:'])
          window.dispatchEvent(new CustomEvent(`${prefix}wxt:locationchange`, { detail: { newUrl: new URL(`${location.href}?${i}`) } }));
      }
    });
    await delay(3_000);
    const log = (await probe.evaluate(() => browser.storage.local.get('tipLog'))) as { tipLog?: unknown[] };
    expect(log.tipLog?.length ?? 0).toBeLessThanOrEqual(1);
    await probe.evaluate(() => browser.storage.local.set({ tipsPerDay: 20 }));
    await page.close();
  });
});
