import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import {
  CHROMIUM_EXTENSION_ID,
  DEMO_SITE_RULES,
  launchChromium,
  openPopupFor,
  tipResourceIds,
  tipText,
  waitForTipScript,
  type ChromiumSession,
} from './chromium';
import { DEMO_SITE_DIR } from './fixtures';

/**
 * A hostile page against the tip, in a real Chromium: every attack is asserted to fail. The page
 * runs its code before anything else (an init script in the page's own world), as a page that
 * knows Trailmark and its extension id would.
 */
const TIP_PAGE = '/sheets/pivot-help.html';

/** The page's attacks, installed before its own scripts; what they obtain lands in `window.__loot`. */
const ATTACK = (extensionId: string) => {
  const loot: { roots: ShadowRoot[]; internals: ElementInternals[]; messages: string[]; clicked: number } = {
    roots: [],
    internals: [],
    messages: [],
    clicked: 0,
  };
  (window as unknown as { __loot: typeof loot }).__loot = loot;
  // Every root anyone attaches, closed ones included, as far as this world can see.
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    loot.roots.push(root);
    return root;
  };
  // Every message the page receives: none may name the extension.
  window.addEventListener('message', (event) => loot.messages.push(JSON.stringify(event.data ?? null)), true);
  document.addEventListener(`${extensionId}:wxt:content-script-started`, (event) => loot.messages.push(String(event.type)), true);
  (window as unknown as { __id: string }).__id = extensionId;
};

/** The page predefines the host element to grab its internals (and, through them, a closed root). */
const PREDEFINE = () => {
  customElements.define(
    'trailmark-tip',
    class extends HTMLElement {
      constructor() {
        super();
        (window as unknown as { __loot: { internals: ElementInternals[] } }).__loot.internals.push(this.attachInternals());
      }
    },
  );
};

const loot = (page: Page) =>
  page.evaluate(() => {
    const l = (window as unknown as { __loot: { roots: ShadowRoot[]; internals: ElementInternals[]; messages: string[] } }).__loot;
    const host = document.querySelector('trailmark-tip');
    return {
      roots: l.roots.length,
      rootText: l.roots.map((root) => root.textContent ?? '').join(''),
      internalsRoots: l.internals.filter((i) => i.shadowRoot).length,
      messages: l.messages,
      hostRoot: host?.shadowRoot ?? null,
      // What a script can reach from the page: the host, never its inside.
      reachable: host ? [...host.querySelectorAll('*')].length : -1,
    };
  });

describe('Chromium: a hostile page cannot open, read, drive or detect the tip', () => {
  let session: ChromiumSession;
  let site: StaticServer;

  beforeAll(async () => {
    site = await serveFolder(DEMO_SITE_DIR);
    session = await launchChromium({ siteRules: DEMO_SITE_RULES });
    await waitForTipScript(session.worker);
    await session.worker.evaluate(() => chrome.storage.local.set({ tipsPerDay: 20, repeatAfterDays: 0 }));
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  const forgetTips = () => session.worker.evaluate(() => chrome.storage.local.remove('tipLog'));

  it('patched attachShadow, window.find and clicks: the page sees the host and nothing inside it', async () => {
    await forgetTips();
    const page = await session.context.newPage();
    await page.addInitScript(ATTACK, CHROMIUM_EXTENSION_ID);
    await page.goto(site.origin + TIP_PAGE);
    await page.waitForSelector('trailmark-tip', { state: 'attached', timeout: 15_000 });
    // Open the tip (as the employee would), so its cards and titles are on screen.
    await expect.poll(() => tipText(page), { timeout: 10_000 }).not.toBe('');
    const frame = page.frames().find((f) => f.url().includes('/tip-frame.html'))!;
    await frame.click('.tm-toggle');
    await expect.poll(() => tipResourceIds(page), { timeout: 10_000 }).not.toHaveLength(0);
    const text = await tipText(page);
    const got = await loot(page);
    // The page's patch never ran for Trailmark's root (it is attached from another world).
    expect(got.roots).toBe(0);
    expect(got.hostRoot).toBeNull();
    expect(got.reachable).toBe(0);
    // The tip's words are in another document: the page's find() cannot tell what was suggested. Only
    // words the page itself does not contain count (find() would find those anyway).
    const words = await page.evaluate(
      (list) =>
        [...new Set(list)].filter((word) => !(document.documentElement.textContent ?? '').toLowerCase().includes(word.toLowerCase())),
      text.split(' ').filter((word) => word.length > 5),
    );
    expect(words.length).toBeGreaterThan(0);
    const found = await page.evaluate(
      (list) =>
        list.filter((word) => (window as unknown as { find(text: string, ...flags: boolean[]): boolean }).find(word, false, false, true)),
      words,
    );
    expect(found).toEqual([]);
    // Clicking where the tip is hits the host element, which does nothing for the page.
    const stillThere = await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('trailmark-tip')!;
      host.click();
      host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      return document.querySelector('trailmark-tip') !== null;
    });
    expect(stillThere).toBe(true);
    expect(await tipResourceIds(page)).not.toHaveLength(0);
    // No message the page could read names the extension.
    expect(got.messages.filter((m) => m.includes(CHROMIUM_EXTENSION_ID) || m.includes('wxt'))).toEqual([]);
    await page.close();
  });

  it('a page that defined <trailmark-tip> first gets no tip, and one that defines it later gets no root', async () => {
    await forgetTips();
    const page = await session.context.newPage();
    await page.addInitScript(ATTACK, CHROMIUM_EXTENSION_ID);
    await page.addInitScript(PREDEFINE);
    await page.goto(site.origin + TIP_PAGE);
    await page.waitForTimeout(4_000);
    const got = await loot(page);
    expect(got.internalsRoots).toBe(0);
    expect(await tipResourceIds(page)).toEqual([]);
    await page.close();

    await forgetTips();
    const late = await session.context.newPage();
    await late.addInitScript(ATTACK, CHROMIUM_EXTENSION_ID);
    await late.goto(site.origin + TIP_PAGE);
    await late.waitForSelector('trailmark-tip', { state: 'attached', timeout: 15_000 });
    await late.evaluate(PREDEFINE); // upgrades the host that is already there
    const after = await loot(late);
    expect(after.internalsRoots).toBe(0);
    expect(after.hostRoot).toBeNull();
    await late.close();
  });

  it('spoofed WXT events and a flood of URL changes do not make Trailmark read again, stop it, or spend the tip budget', async () => {
    await session.worker.evaluate(() => chrome.storage.local.set({ tipsPerDay: 3 }));
    await forgetTips();
    const page = await session.context.newPage();
    await page.addInitScript(ATTACK, CHROMIUM_EXTENSION_ID);
    await page.goto(site.origin + TIP_PAGE);
    await page.waitForSelector('trailmark-tip', { state: 'attached', timeout: 15_000 });
    // 5,000 spoofed location changes and "a newer script started" events, with the content swapped each time.
    await page.evaluate((id) => {
      for (let i = 0; i < 5000; i++) {
        document.querySelector('trailmark-tip')?.remove();
        document.title = `Page ${i}`;
        window.dispatchEvent(new CustomEvent(`${id}:wxt:locationchange`, { detail: { newUrl: new URL(`${location.href}?${i}`) } }));
        document.dispatchEvent(
          new CustomEvent(`${id}:wxt:content-script-started`, { detail: { contentScriptName: 'tip', messageId: 'x' } }),
        );
        window.postMessage({ type: `${id}:wxt:content-script-started`, contentScriptName: 'tip', messageId: String(i) }, '*');
      }
    }, CHROMIUM_EXTENSION_ID);
    // The popup answers at once meanwhile.
    const popup = await openPopupFor(session, page.url());
    const started = Date.now();
    await popup.waitForSelector('main', { timeout: 5_000 });
    await expect.poll(() => popup.textContent('main'), { timeout: 5_000 }).not.toBe('');
    expect(Date.now() - started).toBeLessThan(5_000);
    await page.waitForTimeout(3_000);
    const log = (await session.worker.evaluate(() => chrome.storage.local.get('tipLog'))) as { tipLog?: unknown[] };
    expect(log.tipLog?.length ?? 0).toBeLessThanOrEqual(1);

    // A flood of real URL changes (replaceState, long URLs) is read at most once per few seconds.
    await page.evaluate(() => {
      for (let i = 0; i < 300; i++) history.replaceState(null, '', `${location.pathname}?flood=${i}`);
    });
    await page.waitForTimeout(3_000);
    const after = (await session.worker.evaluate(() => chrome.storage.local.get('tipLog'))) as { tipLog?: unknown[] };
    expect(after.tipLog?.length ?? 0).toBeLessThanOrEqual(2);

    expect(
      (await loot(page)).messages.filter((m) => m.includes(CHROMIUM_EXTENSION_ID) && !m.includes('wxt:content-script-started')),
    ).toEqual([]);
    await popup.close();
    await page.close();
  });
});
