import { readFileSync } from 'node:fs';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../utils/catalogue/schema';
import { createFeedWorkspace, marker, sampleResources, type FeedWorkspace } from './feed-workspace';
import { launchFirefox, type FirefoxSession } from './firefox';

const LOGO = readFileSync('test/fixtures/profile/logo.png').toString('base64');
const PROFILE = { name: 'Leren & Ontwikkelen', logo: LOGO, accent: '#2f7d6b', contact: 'mailto:leren@example.com' };
const day = (offset: number) => {
  const d = new Date(Date.now() + offset * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * L&D made visible in Firefox ESR (MV2): the same feed with a profile as in Chromium. Firefox
 * cannot look into the tip's closed shadow root from a test, so the tip is checked on the tip
 * preview page, which mounts the same tip code in an open one. Campaign dates are relative to
 * today here; the fixed-clock cases are in the Chromium test.
 */
describe('Firefox: L&D profile, Ask, campaigns', () => {
  let session: FirefoxSession;
  let feed: FeedWorkspace;
  let options: Page;
  let catalogue: Resource[];

  beforeAll(async () => {
    feed = await createFeedWorkspace();
    session = await launchFirefox();
    options = await session.openExtensionPage('options.html');
    // Every tab Trailmark opens, as this extension page hears of it.
    await options.evaluate(() => {
      const opened: string[] = [];
      (window as unknown as { opened: string[] }).opened = opened;
      browser.tabs.onCreated.addListener((tab) => opened.push(tab.url ?? ''));
      browser.tabs.onUpdated.addListener((_, change) => {
        if (change.url) opened.push(change.url);
      });
    });
    catalogue = [
      ...(await sampleResources()).filter((r) => r.active).slice(0, 100),
      { ...marker('running', 'runningword'), featuredFrom: day(-1), featuredUntil: day(1), campaign: 'Now' },
      { ...marker('later', 'laterword'), featuredFrom: day(3), featuredUntil: day(9) },
    ];
  });
  afterAll(async () => {
    await session?.close();
    await feed?.close();
  });

  const text = (page: Page, testId: string) => page.$eval(`[data-testid="${testId}"]`, (el) => el.textContent ?? '').catch(() => '');
  const checkNow = async (expected: RegExp) => {
    const button = await options.waitForFunction(
      () => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Check now'),
      { timeout: 10_000 },
    );
    await (button as ElementHandle<HTMLButtonElement>).click();
    await expect.poll(() => text(options, 'feed-result'), { timeout: 30_000 }).toMatch(expected);
  };
  const opened = () => options.evaluate(() => [...(window as unknown as { opened: string[] }).opened]);

  it('the popup says “From Leren & Ontwikkelen” with the logo, and features only the running campaign', async () => {
    await feed.publish(catalogue, { profile: PROFILE });
    await (await labelled(options, 'Feed URL')).type(feed.feedUrl);
    await (await labelled(options, 'Public key')).type(feed.publicKey);
    await checkNow(/Updated to version 1/);
    const popup = await session.openExtensionPage('popup.html');
    await expect.poll(() => text(popup, 'brand')).toBe('From Leren & Ontwikkelen');
    expect(await popup.$eval('[data-testid="brand"] img', (img) => img.getAttribute('src'))).toBe(`data:image/png;base64,${LOGO}`);
    const featured = await popup.$$eval('[data-testid="featured-list"] [data-resource-id]', (cards) =>
      cards.map((c) => c.getAttribute('data-resource-id')),
    );
    expect(featured).toEqual(['running']);
    await popup.close();
  });

  it('the tip says “From Leren & Ontwikkelen” with the logo', async () => {
    const preview = await session.openExtensionPage('tip-preview.html?q=feedback');
    const inTip = (selector: string, read: 'text' | 'src') =>
      preview.evaluate(
        (s, r) => {
          const found = document.querySelector('trailmark-tip')?.shadowRoot?.querySelector(s);
          return r === 'src' ? found?.getAttribute('src') : found?.textContent;
        },
        selector,
        read,
      );
    await expect.poll(() => inTip('.tm-mark-logo', 'src'), { timeout: 10_000 }).toBe(`data:image/png;base64,${LOGO}`);
    await preview.evaluate(() =>
      (document.querySelector('trailmark-tip')?.shadowRoot?.querySelector('.tm-toggle') as HTMLButtonElement).click(),
    );
    await expect.poll(() => inTip('[data-testid="brand"]', 'text')).toBe('From Leren & Ontwikkelen');
    await preview.close();
  });

  it('“Ask” opens a mailto: with the typed topic and without the page address', async () => {
    const popup = await session.openExtensionPage('popup.html');
    const toggle = await popup.waitForFunction(() =>
      [...document.querySelectorAll('button')].find((b) => b.textContent === "Can't find what you need? Ask Leren & Ontwikkelen"),
    );
    await (toggle as ElementHandle<HTMLButtonElement>).click();
    await (await labelled(popup, 'What are you looking for?')).type('Excel macros');
    const before = (await opened()).length;
    const send = await popup.waitForFunction(() =>
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Write an e-mail'),
    );
    await (send as ElementHandle<HTMLButtonElement>).click();
    await expect
      .poll(async () => (await opened()).slice(before).find((url) => url.startsWith('mailto:')), { timeout: 10_000 })
      .toMatch(/^mailto:leren@example\.com\?subject=Question%20for%20Leren%20%26%20Ontwikkelen%3A%20Excel%20macros&body=/);
    expect((await opened()).slice(before).join(' ')).not.toContain('127.0.0.1');
    await popup.close();
  });

  it('refuses a feed whose profile has a javascript: contact, naming the field; the last good profile stays', async () => {
    await feed.publish([...catalogue, marker('refused', 'refusedword')], { profile: PROFILE });
    await feed.resignProfile((profile) => ({ ...profile, contact: 'javascript:alert(1)' }));
    await checkNow(/L&D profile, field “contact”: must be an e-mail address/);
    expect(await text(options, 'catalogue-version')).toBe('1');
    const popup = await session.openExtensionPage('popup.html');
    await expect.poll(() => text(popup, 'brand')).toBe('From Leren & Ontwikkelen');
    await popup.close();
  });
});

/** The form control whose label says `name`, as a person finds it. */
async function labelled(page: Page, name: string): Promise<ElementHandle<HTMLInputElement>> {
  const handle = await page.waitForFunction(
    (wanted) => [...document.querySelectorAll('label')].find((label) => label.textContent?.trim() === wanted)?.control ?? undefined,
    { timeout: 10_000 },
    name,
  );
  return handle as ElementHandle<HTMLInputElement>;
}
