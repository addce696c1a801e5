import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import {
  DEMO_SITE_RULES,
  allowEveryTip,
  launchChromium,
  tipResourceIds,
  tipBox,
  tipText,
  waitForTipScript,
  type ChromiumSession,
} from './chromium';
import { BAD_CATALOGUE_CSV, DEMO_SITE_DIR, SMALL_CATALOGUE_CSV, demoExpectations } from './fixtures';

const expectations = demoExpectations();

describe('Chromium: demo site end to end', () => {
  let session: ChromiumSession;
  let site: StaticServer;

  beforeAll(async () => {
    site = await serveFolder(DEMO_SITE_DIR);
    session = await launchChromium({ siteRules: DEMO_SITE_RULES });
    await waitForTipScript(session.worker);
    await allowEveryTip(session.worker);
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  /** Opens the popup as a page about the tab showing `url`. */
  async function popupFor(url: string): Promise<Page> {
    const tabId = await session.worker.evaluate(async (target) => (await chrome.tabs.query({})).find((tab) => tab.url === target)?.id, url);
    expect(tabId, `no tab for ${url}`).toBeTypeOf('number');
    const popup = await session.context.newPage();
    await popup.goto(session.extensionUrl(`popup.html?tab=${tabId}`));
    return popup;
  }

  it.each(expectations.filter((e) => e.tip))('$path gets a tip naming an expected resource', async ({ path, expected }) => {
    const page = await session.context.newPage();
    await page.goto(site.origin + path);
    await page.waitForSelector('trailmark-tip', { state: 'attached', timeout: 15_000 });
    expect(await page.evaluate(() => document.querySelectorAll('trailmark-tip').length)).toBe(1);

    // The tip's frame renders after its host is attached; keys pressed before that go to the page.
    expect(await tipBox(page)).toBeDefined();
    // Keyboard only: from the top of the page, Shift+Tab reaches the tip's last button (dismiss),
    // once more its toggle; Enter opens the panel.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => tipResourceIds(page), { timeout: 5_000 }).not.toHaveLength(0);
    const shown = await tipResourceIds(page);
    expect(shown.length).toBeLessThanOrEqual(3);
    expect(
      shown.some((id) => expected.includes(id)),
      `tip showed ${shown.join(', ')}`,
    ).toBe(true);
    expect(await tipText(page)).toMatch(/Matches “/);

    // The popup lists the same matches for this tab.
    const popup = await popupFor(page.url());
    await popup.waitForSelector('[data-resource-id]');
    const listed = await popup.$$eval('[data-resource-id]', (cards) => cards.map((c) => c.getAttribute('data-resource-id')));
    expect(listed.slice(0, 3)).toEqual(shown);
    await popup.close();

    // Escape closes the panel, Escape again dismisses the tip: the element goes away.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForSelector('trailmark-tip', { state: 'detached', timeout: 5_000 });
    await page.close();
  });

  it.each(expectations.filter((e) => !e.tip))('$path gets no tip', async ({ path }) => {
    const page = await session.context.newPage();
    await page.goto(site.origin + path);
    const popup = await popupFor(page.url());
    // The popup states the outcome once the background has decided (blocked, or nothing fits).
    await expect
      .poll(async () => (await popup.textContent('main')) ?? '', { timeout: 15_000 })
      .toMatch(/blocks it|Nothing in the catalogue fits|Possible matches/);
    await page.waitForTimeout(1_000);
    expect(await page.$('trailmark-tip')).toBeNull();
    await popup.close();
    await page.close();
  });

  it('a CSV with a bad row is refused with row and field shown, and the previous catalogue stays searchable', async () => {
    const options = await session.context.newPage();
    await options.goto(session.extensionUrl('options.html'));
    const before = await options.getByTestId('catalogue-status').textContent();
    await options.getByLabel('Import catalogue').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(BAD_CATALOGUE_CSV),
    });
    // A CSV in Trailmark's own columns gets the proposed mapping; confirming it imports.
    await options.getByTestId('mapping-import').click();
    const problems = options.getByTestId('import-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toMatch(/Row 3, column “url”: must be a full web address starting with https:\/\//);
    expect(await options.getByTestId('catalogue-status').textContent()).toBe(before);

    const popup = await session.context.newPage();
    await popup.goto(session.extensionUrl('popup.html'));
    await popup.getByLabel('Search').fill('pivot');
    await expect.poll(() => popup.locator('[data-resource-id]').count(), { timeout: 5_000 }).toBeGreaterThan(0);

    // A valid file replaces the catalogue.
    await options.getByLabel('Import catalogue').setInputFiles({
      name: 'small.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(SMALL_CATALOGUE_CSV),
    });
    await options.getByTestId('mapping-import').click();
    await options.getByTestId('import-ok').waitFor();
    await popup.reload();
    await popup.getByLabel('Search').fill('zebrafication');
    await expect.poll(() => popup.locator('[data-resource-id]').count(), { timeout: 5_000 }).toBe(1);
    await popup.close();
    await options.close();
  });
});
