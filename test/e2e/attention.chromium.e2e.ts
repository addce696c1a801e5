import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import {
  DEMO_SITE_RULES,
  launchChromium,
  openPopupFor,
  tipBox,
  tipResourceIds,
  tipText,
  waitForTipScript,
  type ChromiumSession,
} from './chromium';
import { DEMO_SITE_DIR } from './fixtures';

type Box = { left: number; top: number; right: number; bottom: number };
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const boxOf = (page: Page, selector: string) =>
  page.$eval(selector, (element) => {
    const { left, top, right, bottom } = element.getBoundingClientRect();
    return { left, top, right, bottom };
  });
const tipAttached = (page: Page) => page.evaluate(() => !!document.querySelector('trailmark-tip'));
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.localName);

/**
 * The attention budget and the tip's manners in a real Chromium, with the default settings:
 * at most 3 tips a day, none while typing, never over the focused field or fixed bars, keyboard
 * only, focus back where it was.
 */
describe('Chromium: tips that respect attention', () => {
  let session: ChromiumSession;
  let demo: StaticServer;
  let fixtures: StaticServer;
  let reply: Page;

  beforeAll(async () => {
    demo = await serveFolder(DEMO_SITE_DIR);
    fixtures = await serveFolder(resolve('test/fixtures/pages'));
    session = await launchChromium({ siteRules: DEMO_SITE_RULES });
    await waitForTipScript(session.worker);
    // Resource links point at learn.example.com; answer them locally instead of the network.
    await session.context.route('https://learn.example.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Resource</title>' }),
    );
  });
  afterAll(async () => {
    await session?.close();
    await demo?.close();
    await fixtures?.close();
  });

  it('waits while the employee types, then appears without taking focus and without covering the field or fixed bars', async () => {
    reply = await session.context.newPage();
    await reply.setViewportSize({ width: 1280, height: 720 });
    await reply.goto(`${fixtures.origin}/reply.html`);
    expect(await activeId(reply)).toBe('reply'); // autofocus: the employee is in the reply box from the start

    // Type for about three seconds: no tip may appear meanwhile.
    const text = 'Dear Mr Okafor, I am sorry for the trouble today. ';
    for (const character of text) {
      await reply.keyboard.type(character);
      await reply.waitForTimeout(60);
      expect(await tipAttached(reply)).toBe(false);
    }
    const stoppedTyping = Date.now();
    await reply.waitForSelector('trailmark-tip', { state: 'attached', timeout: 10_000 });
    const idleFor = Date.now() - stoppedTyping;
    expect(idleFor).toBeGreaterThan(4_000); // it waited until the employee was idle (5 s)
    expect(await activeId(reply)).toBe('reply'); // and did not take focus
    expect(await reply.inputValue('#reply')).toBe(text);

    const tip = await tipBox(reply);
    expect(tip).toBeDefined();
    for (const selector of ['#reply', '#top-bar', '#status-bar']) {
      expect(overlaps(tip!, await boxOf(reply, selector)), `tip ${JSON.stringify(tip)} covers ${selector}`).toBe(false);
    }
  });

  it('is reached, used and closed by keyboard; keys stay inside; focus returns to the field; the page cannot hide it', async () => {
    const keysBefore = await reply.evaluate(() => (window as unknown as { pageKeys: number }).pageKeys);
    // The page tries to hide and restyle the tip, and to look inside it.
    await reply.addStyleTag({
      content: 'trailmark-tip { display: none !important; visibility: hidden !important; } trailmark-tip * { color: red !important; }',
    });
    expect(await reply.evaluate(() => document.querySelector('trailmark-tip')?.shadowRoot ?? null)).toBeNull();
    expect((await tipBox(reply))!.right).toBeGreaterThan((await tipBox(reply))!.left);

    await reply.keyboard.press('Tab'); // from the reply box to the tip's button
    expect(await activeId(reply)).toBe('trailmark-tip');
    const typedBefore = await reply.evaluate(() => (window as unknown as { pageKeys: number }).pageKeys);
    await reply.keyboard.press('Enter');
    await expect.poll(() => tipResourceIds(reply)).not.toHaveLength(0);
    const cards = await tipResourceIds(reply);
    expect(cards.length).toBeGreaterThanOrEqual(2);

    // Tab past the close button and the first card's link to its "Save" button.
    await reply.keyboard.press('Tab');
    await reply.keyboard.press('Tab');
    await reply.keyboard.press('Tab');
    await reply.keyboard.press('Enter');
    await expect.poll(() => tipText(reply)).toMatch(/Saved “/);
    // Its "Not relevant", then the second card's link, "Save", "Not relevant".
    for (let i = 0; i < 4; i++) await reply.keyboard.press('Tab');
    await reply.keyboard.press('Space');
    await expect.poll(() => tipResourceIds(reply)).toEqual(cards.filter((id) => id !== cards[1]));
    expect(await tipText(reply)).toMatch(/will not be suggested on this site again/);
    expect(await reply.evaluate(() => (window as unknown as { pageKeys: number }).pageKeys)).toBe(typedBefore);

    // Escape closes the panel, Escape again dismisses the tip; focus goes back to the reply box.
    await reply.keyboard.press('Escape');
    await reply.keyboard.press('Escape');
    await reply.waitForSelector('trailmark-tip', { state: 'detached', timeout: 5_000 });
    expect(await activeId(reply)).toBe('reply');
    expect(await reply.evaluate(() => (window as unknown as { pageKeys: number }).pageKeys)).toBe(keysBefore + 1); // only the Tab typed on the page itself

    // The popup lists what was saved; a dismissed tip stays dismissed on reload.
    const popup = await openPopupFor(session, reply.url());
    await popup.getByText(/^Saved \(1\)$/).click();
    await expect.poll(() => popup.locator('[data-testid="saved-list"] [data-resource-id]').getAttribute('data-resource-id')).toBe(cards[0]);
    await reply.reload();
    await reply.waitForTimeout(2_000);
    expect(await tipAttached(reply)).toBe(false);
    await popup.reload();
    await expect.poll(() => popup.textContent('main')).toMatch(/suggested here recently, dismissed, or marked not relevant/);
    await popup.close();
  });

  it('shows at most three unprompted tips a day; then the popup still lists the matches and says why', async () => {
    // One tip so far (the reply page). Two more fit, the fourth page is held back.
    const shown: boolean[] = [];
    for (const path of ['/sheets/pivot-help.html', '/crm/opportunity.html', '/intranet/nieuws-datalek.html']) {
      const page = await session.context.newPage();
      await page.goto(demo.origin + path);
      shown.push(
        await page
          .waitForSelector('trailmark-tip', { state: 'attached', timeout: 4_000 })
          .then(() => true)
          .catch(() => false),
      );
      if (path.includes('nieuws')) {
        const popup = await openPopupFor(session, page.url());
        await expect.poll(() => popup.textContent('main')).toMatch(/tips for the last 24 hours are used up/);
        expect(await popup.locator('[data-resource-id]').count()).toBeGreaterThan(0);
        // Quiet mode and pauses are one click away in the popup.
        await popup.getByRole('button', { name: 'Pause tips' }).click();
        await popup.getByRole('button', { name: 'Everywhere for an hour' }).click();
        await expect.poll(() => popup.textContent('main')).toMatch(/Tips are paused everywhere until/);
        await popup.getByRole('button', { name: 'Resume tips everywhere' }).click();
        await popup.getByLabel(/Quiet mode/).check();
        await expect.poll(() => session.worker.evaluate(() => chrome.storage.local.get('quietMode'))).toEqual({ quietMode: true });
        await popup.close();
      }
      await page.close();
    }
    expect(shown).toEqual([true, true, false]);
  });

  it('opening a resource from the popup puts it in the history, and one click clears it', async () => {
    const popup = await session.context.newPage();
    await popup.goto(session.extensionUrl('popup.html'));
    await popup.getByLabel('Search', { exact: true }).fill('pivot');
    const first = popup.locator('.tm-results [data-resource-id]').first();
    const id = await first.getAttribute('data-resource-id');
    const opened = session.context.waitForEvent('page');
    await first.locator('a').click();
    await (await opened).close();
    await popup.getByText(/^Recently opened \(1\)$/).click();
    expect(await popup.locator('[data-testid="history-list"] [data-resource-id]').getAttribute('data-resource-id')).toBe(id);
    await popup.getByRole('button', { name: 'Clear history' }).click();
    await expect.poll(() => popup.getByText(/^Recently opened \(0\)$/).count()).toBe(1);
    await popup.close();
  });
});
