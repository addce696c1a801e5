import { readFileSync } from 'node:fs';
import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import type { Resource } from '../../utils/catalogue/schema';
import { createFeedWorkspace, marker, sampleResources, type FeedWorkspace } from './feed-workspace';
import {
  allowEveryTip,
  DEMO_SITE_RULES,
  launchFirefox,
  tipFrameOf,
  waitForTipScript,
  type FirefoxSession,
  waitForHandle,
  pressInFrame,
} from './firefox';
import { DEMO_SITE_DIR } from './fixtures';

const LOGO = readFileSync('test/fixtures/profile/logo.png').toString('base64');
const PROFILE = { name: 'Leren & Ontwikkelen', logo: LOGO, accent: '#2f7d6b', contact: 'mailto:leren@example.com' };
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
const BIG = Buffer.concat([readFileSync('test/fixtures/profile/logo.png'), Buffer.alloc(2 * 1024 * 1024)]).toString('base64');
const day = (offset: number) => {
  const d = new Date(Date.now() + offset * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * L&D made visible in Firefox ESR (MV2): the same feed with a profile as in Chromium, and the tip
 * on a real page, read inside its frame (WebDriver BiDi reaches the frame's document, though it
 * reports the frame's address as about:blank). Campaign dates are relative to today here; the
 * fixed-clock cases are in the Chromium test.
 */
describe('Firefox: L&D profile, Ask, campaigns', () => {
  let session: FirefoxSession;
  let feed: FeedWorkspace;
  let options: Page;
  let demo: StaticServer;
  let catalogue: Resource[];

  beforeAll(async () => {
    demo = await serveFolder(DEMO_SITE_DIR);
    feed = await createFeedWorkspace();
    session = await launchFirefox({ siteRules: DEMO_SITE_RULES });
    options = await session.openExtensionPage('options.html');
    await waitForTipScript(options);
    await allowEveryTip(options);
    // Every address Trailmark asks the browser to open, captured in the background page (a
    // mailto: in headless Firefox reaches no mail program, so no tab reports it); still opened.
    await options.evaluate(async () => {
      const background = (await browser.runtime.getBackgroundPage()) as unknown as Window & { browser: typeof browser; opened: string[] };
      const opened: string[] = [];
      background.opened = opened;
      const tabs = background.browser.tabs;
      const create = tabs.create.bind(tabs);
      tabs.create = (properties) => {
        opened.push(properties.url ?? '');
        return create(properties);
      };
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
    await demo?.close();
  });

  const text = (page: Page, testId: string) => page.$eval(`[data-testid="${testId}"]`, (el) => el.textContent ?? '').catch(() => '');
  const checkNow = async (expected: RegExp) => {
    const button = await waitForHandle(options, () => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Check now'), {
      timeout: 10_000,
    });
    await (button as ElementHandle<HTMLButtonElement>).click();
    await expect.poll(() => text(options, 'feed-result'), { timeout: 30_000 }).toMatch(expected);
  };
  const opened = () =>
    options.evaluate(async () => [...((await browser.runtime.getBackgroundPage()) as unknown as { opened: string[] }).opened]);

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

  it('the tip, in its frame, says “From Leren & Ontwikkelen” with the logo, and its “Ask” leaves the page out unless ticked', async () => {
    const url = `${demo.origin}/sheets/pivot-help.html`;
    const page = await session.browser.newPage();
    await page.goto(url);
    await page.waitForSelector('trailmark-tip', { timeout: 15_000 });
    const frame = await tipFrameOf(page);
    await expect
      .poll(() => frame.evaluate(() => document.querySelector('.tm-mark-logo')?.getAttribute('src')), { timeout: 10_000 })
      .toBe(`data:image/png;base64,${LOGO}`);
    await pressInFrame((await frame.waitForSelector('.tm-toggle'))!);
    await expect
      .poll(() => frame.evaluate(() => document.querySelector('[data-testid="brand"]')?.textContent))
      .toBe('From Leren & Ontwikkelen');
    expect(await frame.evaluate(() => document.querySelector('[data-testid="brand"] img')?.getAttribute('src'))).toBe(
      `data:image/png;base64,${LOGO}`,
    );

    await pressInFrame(await buttonNamed(frame, "Can't find what you need? Ask Leren & Ontwikkelen"));
    await (await labelled(frame, 'What are you looking for?')).type('Pivot tables');
    const include = await labelled(frame, 'Include this page (its title and address)');
    expect(await include.evaluate((box) => box.checked)).toBe(false);
    const before = (await opened()).length;
    await pressInFrame(await buttonNamed(frame, 'Write an e-mail'));
    await expect.poll(async () => (await opened()).length, { timeout: 10_000 }).toBe(before + 1);
    const mail = (await opened()).at(-1)!;
    expect(mail).toMatch(/^mailto:leren@example\.com\?subject=Question%20for%20Leren%20%26%20Ontwikkelen%3A%20Pivot%20tables&body=/);
    expect(decodeURIComponent(mail)).not.toContain(demo.origin);

    await pressInFrame(include);
    await pressInFrame(await buttonNamed(frame, 'Write an e-mail'));
    await expect.poll(async () => (await opened()).length, { timeout: 10_000 }).toBe(before + 2);
    expect(decodeURIComponent((await opened()).at(-1)!)).toContain(`(${url})`);
    await page.close();
  });

  it('“Ask” opens a mailto: with the typed topic and without the page address', async () => {
    const popup = await session.openExtensionPage('popup.html');
    const toggle = await waitForHandle(popup, () =>
      [...document.querySelectorAll('button')].find((b) => b.textContent === "Can't find what you need? Ask Leren & Ontwikkelen"),
    );
    await (toggle as ElementHandle<HTMLButtonElement>).click();
    await (await labelled(popup, 'What are you looking for?')).type('Excel macros');
    const before = (await opened()).length;
    const send = await waitForHandle(popup, () =>
      [...document.querySelectorAll('button')].find((b) => b.textContent === 'Write an e-mail'),
    );
    await (send as ElementHandle<HTMLButtonElement>).click();
    await expect.poll(async () => (await opened()).length, { timeout: 10_000 }).toBe(before + 1);
    expect((await opened()).at(-1)).toMatch(
      /^mailto:leren@example\.com\?subject=Question%20for%20Leren%20%26%20Ontwikkelen%3A%20Excel%20macros&body=/,
    );
    expect(decodeURIComponent((await opened()).at(-1)!)).not.toContain('127.0.0.1');
    await popup.close();
  });

  it.each([
    ['a 2 MB logo', { logo: BIG }, /L&D profile, field “logo”: is 2,049 KB; a logo may be at most 32 KB/],
    ['an SVG logo', { logo: SVG }, /L&D profile, field “logo”: is an SVG image/],
    ['a javascript: contact', { contact: 'javascript:alert(1)' }, /L&D profile, field “contact”: must be an e-mail address/],
    ['a low-contrast accent', { accent: '#ffee88' }, /L&D profile, field “accent”: does not stand out enough.*light fails/],
  ])('refuses a feed whose profile has %s, naming the field; the last good catalogue and profile stay', async (_, bad, words) => {
    await feed.publish([...catalogue, marker('refused', 'refusedword')], { profile: PROFILE });
    await feed.resignProfile((profile) => ({ ...profile, ...bad }));
    await checkNow(words);
    expect(await text(options, 'catalogue-version')).toBe('1');
    const popup = await session.openExtensionPage('popup.html');
    await expect.poll(() => text(popup, 'brand')).toBe('From Leren & Ontwikkelen');
    expect(await popup.$eval('[data-testid="brand"] img', (img) => img.getAttribute('src'))).toBe(`data:image/png;base64,${LOGO}`);
    await popup.close();
  });

  it('options: the parts are reached by keyboard and announced, and the catalogue part shows the profile', async () => {
    await options.evaluate(() => [...document.querySelectorAll<HTMLAnchorElement>('nav a')].find((a) => a.textContent === 'You')!.focus());
    await options.keyboard.press('ArrowRight');
    expect(await options.evaluate(() => document.activeElement?.textContent)).toBe('Learning catalogue');
    await options.keyboard.press('Enter');
    await expect.poll(() => options.evaluate(() => document.activeElement?.id)).toBe('group-catalogue-heading');
    expect(await options.evaluate(() => document.querySelector('nav [role="status"]')?.textContent)).toBe('Learning catalogue settings');
    expect(await options.evaluate(() => location.hash)).toBe('#catalogue');
    expect(await text(options, 'group-catalogue')).toContain('Leren & Ontwikkelen');
  });
});

/** The button whose text is `name`. */
async function buttonNamed(page: Page | Frame, name: string): Promise<ElementHandle<HTMLButtonElement>> {
  const handle = await waitForHandle(
    page,
    (wanted) => [...document.querySelectorAll('button')].find((button) => button.textContent?.trim() === wanted),
    { timeout: 10_000 },
    name,
  );
  return handle as ElementHandle<HTMLButtonElement>;
}

/** The form control whose label says `name`, as a person finds it. */
async function labelled(page: Page | Frame, name: string): Promise<ElementHandle<HTMLInputElement>> {
  const handle = await waitForHandle(
    page,
    (wanted) => [...document.querySelectorAll('label')].find((label) => label.textContent?.trim() === wanted)?.control ?? undefined,
    { timeout: 10_000 },
    name,
  );
  return handle as ElementHandle<HTMLInputElement>;
}
