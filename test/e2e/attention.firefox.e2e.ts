import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import {
  DEMO_SITE_RULES,
  launchFirefox,
  tabIdFor,
  tipFrameOf,
  waitForTipScript,
  type FirefoxSession,
  waitForHandle,
  setViewport,
} from './firefox';
import { DEMO_SITE_DIR } from './fixtures';

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));
const tipAttached = (page: Page) => page.evaluate(() => !!document.querySelector('trailmark-tip'));
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.localName);
const pageKeys = (page: Page) => page.evaluate(() => (window as unknown as { pageKeys: number }).pageKeys);
/**
 * Whether the tip covers any part of an element, by hit-testing a grid over the element's box:
 * from outside a closed shadow root a hit on the tip is reported as its host, which is all a page
 * (and this test) can see of it in Firefox.
 */
const tipCovers = (page: Page, selector: string) =>
  page.$eval(selector, (element) => {
    const box = element.getBoundingClientRect();
    for (let y = box.top + 2; y < box.bottom; y += 8)
      for (let x = box.left + 2; x < box.right; x += 8) if (document.elementFromPoint(x, y)?.localName === 'trailmark-tip') return true;
    return false;
  });

/**
 * The attention budget and the tip's manners in Firefox ESR, with the default settings (what
 * Chromium checks in more detail, since only there can a test read inside the closed shadow root).
 */
describe('Firefox: tips that respect attention', () => {
  let session: FirefoxSession;
  let demo: StaticServer;
  let fixtures: StaticServer;
  let probe: Page;

  beforeAll(async () => {
    demo = await serveFolder(DEMO_SITE_DIR);
    fixtures = await serveFolder(resolve('test/fixtures/pages'));
    session = await launchFirefox({ siteRules: DEMO_SITE_RULES });
    probe = await session.openExtensionPage('popup.html');
    await waitForTipScript(probe);
  });
  afterAll(async () => {
    await session?.close();
    await demo?.close();
    await fixtures?.close();
  });

  it('waits while the employee types, takes no focus, covers neither field nor bars, and is used and closed by keyboard', async () => {
    const page = await session.browser.newPage();
    await setViewport(page, { width: 1280, height: 720 });
    await page.goto(`${fixtures.origin}/reply.html`);
    await waitForHandle(page, () => document.activeElement?.id === 'reply', { timeout: 5_000 });
    for (const character of 'Dear Mr Okafor, I am sorry for the trouble today. ') {
      await page.keyboard.type(character);
      await delay(60);
      expect(await tipAttached(page)).toBe(false);
    }
    const stopped = Date.now();
    await page.waitForSelector('trailmark-tip', { timeout: 10_000 });
    expect(Date.now() - stopped).toBeGreaterThan(4_000);
    expect(await activeId(page)).toBe('reply');
    for (const selector of ['#reply', '#top-bar', '#status-bar']) expect(await tipCovers(page, selector), selector).toBe(false);

    // The tip renders in its own frame after the host is attached: keys pressed before that stay on the page.
    const frame = await tipFrameOf(page);
    const before = await pageKeys(page);
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('trailmark-tip');
    await page.keyboard.press('Enter');
    await frame.waitForSelector('[data-resource-id]', { timeout: 5_000 });
    // Tab past the close button and the first card's link to its "Save" button. Firefox also stops on
    // the card list itself when it scrolls (so the keyboard can scroll it): one more Tab than Chromium.
    const focused = () => frame.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    const stops: string[] = [];
    while (stops.length < 5 && !/^☆ Save /.test(stops.at(-1) ?? '')) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    expect(stops[0]).toBe('×');
    expect(stops.at(-1)).toMatch(/^☆ Save /);
    await page.keyboard.press('Enter'); // "Save" on the first card
    await waitForHandle(frame, () => /Saved “/.test(document.body.textContent ?? ''), { timeout: 5_000 });
    await expect
      .poll(async () => ((await probe.evaluate(() => browser.storage.local.get('saved'))) as { saved?: unknown[] }).saved?.length ?? 0, {
        timeout: 5_000,
      })
      .toBe(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await waitForHandle(page, () => !document.querySelector('trailmark-tip'), { timeout: 5_000 });
    expect(await activeId(page)).toBe('reply');
    expect(await pageKeys(page)).toBe(before + 1); // only the Tab typed on the page itself
    await page.close();
  });

  it('shows at most three unprompted tips a day; then the popup says why', async () => {
    const shown: boolean[] = [];
    let last: Page | undefined;
    // The keyboard test above used one tip of the day's three: two more, then none.
    for (const path of ['/sheets/pivot-help.html', '/crm/opportunity.html', '/intranet/nieuws-datalek.html']) {
      last = await session.browser.newPage();
      await last.goto(demo.origin + path);
      shown.push(
        await last
          .waitForSelector('trailmark-tip', { timeout: 4_000 })
          .then(() => true)
          .catch(() => false),
      );
    }
    expect(shown).toEqual([true, true, false]);
    const popup = await session.openExtensionPage(`popup.html?tab=${await tabIdFor(probe, last!.url())}`);
    await expect
      .poll(() => popup.$eval('main', (main) => main.textContent ?? ''), { timeout: 10_000 })
      .toMatch(/tips for the last 24 hours are used up/);
    await popup.close();
  });
});
