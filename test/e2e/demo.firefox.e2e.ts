import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { DEMO_SITE_RULES, allowEveryTip, launchFirefox, tabIdFor, waitForTipScript, type FirefoxSession, waitForHandle } from './firefox';
import { BAD_CATALOGUE_CSV, DEMO_SITE_DIR, SMALL_CATALOGUE_CSV, demoExpectations } from './fixtures';

const expectations = demoExpectations();

/*
 * What a page script sees of the tip is only its host element: the shadow root is closed, and unlike
 * Chromium (where the DevTools protocol pierces closed roots) neither WebDriver BiDi nor any page
 * script can read inside it in Firefox. So these tests check the host element, where focus goes, and
 * that the element goes away; the resource ids come from the popup, which lists the same cards as
 * the tip (the Chromium tests check that the two agree).
 */
describe('Firefox: demo site end to end', () => {
  let session: FirefoxSession;
  let site: StaticServer;
  /** An extension page kept open to ask the extension's APIs (tabs, scripting) things. */
  let probe: Page;
  let files: string;

  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'trailmark-firefox-files-'));
    site = await serveFolder(DEMO_SITE_DIR);
    session = await launchFirefox({ siteRules: DEMO_SITE_RULES });
    probe = await session.openExtensionPage('popup.html');
    await waitForTipScript(probe);
    await allowEveryTip(probe);
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  /** Opens the popup as a page about the tab showing `url`. */
  async function popupFor(url: string): Promise<Page> {
    const tabId = await tabIdFor(probe, url);
    expect(tabId, `no tab for ${url}`).toBeTypeOf('number');
    return session.openExtensionPage(`popup.html?tab=${tabId}`);
  }

  const resourceIds = (page: Page) =>
    page.$$eval('[data-resource-id]', (cards) => cards.map((card) => card.getAttribute('data-resource-id') ?? ''));
  const mainText = (page: Page) => page.$eval('main', (main) => main.textContent ?? '').catch(() => '');
  const tipCount = (page: Page) => page.evaluate(() => document.querySelectorAll('trailmark-tip').length);
  /**
   * How much of the viewport the tip covers, in 10-pixel samples. Hit-testing works from outside a
   * closed shadow root (a hit inside it is reported as the host), where sizes do not: the host
   * itself has no box, its content is positioned.
   */
  const tipArea = (page: Page) =>
    page.evaluate(() => {
      let hits = 0;
      for (let y = 5; y < innerHeight; y += 10) {
        for (let x = 5; x < innerWidth; x += 10) if (document.elementFromPoint(x, y)?.localName === 'trailmark-tip') hits++;
      }
      return hits;
    });

  it.each(expectations.filter((e) => e.tip))('$path gets a tip naming an expected resource', async ({ path, expected }) => {
    const page = await session.browser.newPage();
    await page.goto(site.origin + path);
    await page.waitForSelector('trailmark-tip', { timeout: 15_000 });
    expect(await tipCount(page)).toBe(1);

    // The popup lists what the tip shows: its first cards (at most 3) include an expected resource.
    const popup = await popupFor(page.url());
    await popup.waitForSelector('[data-resource-id]', { timeout: 10_000 });
    const listed = (await resourceIds(popup)).slice(0, 3);
    expect(
      listed.some((id) => expected.includes(id)),
      `popup listed ${listed.join(', ')}`,
    ).toBe(true);
    await popup.close();

    // Keyboard only: from the top of the page, Shift+Tab reaches the tip's last button (dismiss),
    // once more its toggle. Focus inside a closed shadow root shows as the host element.
    await page.bringToFront();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe('trailmark-tip');
    // Enter opens the panel: the tip covers more of the page (it shows the cards now).
    const closedArea = await tipArea(page);
    expect(closedArea).toBeGreaterThan(0);
    await page.keyboard.press('Enter');
    await expect.poll(() => tipArea(page), { timeout: 5_000 }).toBeGreaterThan(closedArea * 2);
    // Escape closes the panel (the tip stays), Escape again dismisses the tip: the element goes away.
    await page.keyboard.press('Escape');
    await expect.poll(() => tipArea(page), { timeout: 5_000 }).toBe(closedArea);
    expect(await tipCount(page)).toBe(1);
    await page.keyboard.press('Escape');
    await waitForHandle(page, () => !document.querySelector('trailmark-tip'), { timeout: 5_000 });
    await page.close();
  });

  it.each(expectations.filter((e) => !e.tip))('$path gets no tip', async ({ path }) => {
    const page = await session.browser.newPage();
    await page.goto(site.origin + path);
    const popup = await popupFor(page.url());
    // The popup states the outcome once the background has decided (blocked, or nothing fits).
    await expect.poll(() => mainText(popup), { timeout: 15_000 }).toMatch(/blocks it|Nothing in the catalogue fits|Possible matches/);
    await new Promise((done) => setTimeout(done, 1_000));
    expect(await tipCount(page)).toBe(0);
    await popup.close();
    await page.close();
  });

  it('a CSV with a bad row is refused with row and field shown, and the previous catalogue stays searchable', async () => {
    const options = await session.openExtensionPage('options.html');
    await options.waitForSelector('[data-testid="catalogue-status"]', { timeout: 10_000 });
    const status = () => options.$eval('[data-testid="catalogue-status"]', (p) => p.textContent);
    const before = await status();

    await upload(options, 'broken.csv', BAD_CATALOGUE_CSV);
    const problems = await options.waitForSelector('[data-testid="import-problems"]', { timeout: 10_000 });
    expect(await problems!.evaluate((div) => div.textContent)).toMatch(
      /Row 3, column “url”: must be a full web address starting with https:\/\//,
    );
    expect(await status()).toBe(before);

    let popup = await session.openExtensionPage('popup.html');
    await search(popup, 'pivot');
    await expect.poll(async () => (await resourceIds(popup)).length, { timeout: 5_000 }).toBeGreaterThan(0);
    await popup.close();

    // A valid file replaces the catalogue.
    await upload(options, 'small.csv', SMALL_CATALOGUE_CSV);
    await options.waitForSelector('[data-testid="import-ok"]', { timeout: 10_000 });
    popup = await session.openExtensionPage('popup.html');
    await search(popup, 'zebrafication');
    await expect.poll(async () => (await resourceIds(popup)).length, { timeout: 5_000 }).toBe(1);
    expect(await resourceIds(popup)).toEqual(['zebra-1']);
    await popup.close();
    await options.close();
  });

  /** Chooses a file in the options page's "Import catalogue" input (WebDriver BiDi `input.setFiles`). */
  async function upload(options: Page, name: string, text: string): Promise<void> {
    const file = join(files, name);
    await writeFile(file, text);
    const input = (await labelled(options, 'Import catalogue')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    // A CSV in Trailmark's own columns gets the proposed mapping; confirming it imports.
    const confirm = await options.waitForSelector('[data-testid="mapping-import"]', { timeout: 10_000 });
    await confirm!.click();
  }

  /** Types into the popup's "Search" box. */
  async function search(popup: Page, text: string): Promise<void> {
    const input = await labelled(popup, 'Search');
    await input.type(text);
  }

  /** The form control whose label says `name`, as a person finds it. */
  async function labelled(page: Page, name: string): Promise<ElementHandle<Element>> {
    const handle = await waitForHandle(
      page,
      (wanted) => [...document.querySelectorAll('label')].find((label) => label.textContent?.trim() === wanted)?.control ?? undefined,
      { timeout: 10_000 },
      name,
    );
    return handle as ElementHandle<Element>;
  }
});
