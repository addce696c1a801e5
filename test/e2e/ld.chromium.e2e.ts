import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import type { Resource } from '../../utils/catalogue/schema';
import { allowEveryTip, DEMO_SITE_RULES, launchChromium, openPopupFor, waitForTipScript, type ChromiumSession } from './chromium';
import { createFeedWorkspace, marker, sampleResources, type FeedWorkspace } from './feed-workspace';
import { DEMO_SITE_DIR } from './fixtures';

const LOGO = readFileSync('test/fixtures/profile/logo.png').toString('base64');
const PROFILE = { name: 'Leren & Ontwikkelen', logo: LOGO, accent: '#2f7d6b', contact: 'mailto:leren@example.com' };
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
const BIG = Buffer.concat([readFileSync('test/fixtures/profile/logo.png'), Buffer.alloc(2 * 1024 * 1024)]).toString('base64');
/** A campaign in May 2027: in the future for the catalogue, judged by the popup's fixed clock. */
const CAMPAIGN: Resource = {
  ...marker('campaign-may', 'springcampaign'),
  featuredFrom: '2027-05-01',
  featuredUntil: '2027-05-31',
  campaign: 'Spring',
};

/**
 * L&D made visible, in Chromium: a feed carrying a profile brands the tip and the popup, "Ask"
 * opens a mailto: with the typed topic (the page only when ticked), bad profiles are refused with
 * the field named while the last good catalogue and profile stay, campaigns show only between
 * their dates, and additions show as "New from". Each test builds on the one before.
 */
describe('Chromium: L&D profile, Ask, campaigns', () => {
  let session: ChromiumSession;
  let feed: FeedWorkspace;
  let demo: StaticServer;
  let options: Page;
  let catalogue: Resource[];
  let version = 0;

  beforeAll(async () => {
    demo = await serveFolder(DEMO_SITE_DIR);
    feed = await createFeedWorkspace();
    session = await launchChromium({ siteRules: DEMO_SITE_RULES });
    await waitForTipScript(session.worker);
    await allowEveryTip(session.worker);
    await session.context.route('https://learn.example.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Resource</title>' }),
    );
    // Every address Trailmark asks the browser to open. Headless Chromium hands a mailto: to no
    // mail program, so the new tab never reports it: the call to tabs.create is what is captured
    // (and still made).
    await session.worker.evaluate(() => {
      const opened: string[] = [];
      (globalThis as unknown as { opened: string[] }).opened = opened;
      const create = chrome.tabs.create.bind(chrome.tabs);
      // All arguments forwarded: the polyfill may pass a callback.
      chrome.tabs.create = ((...args: [chrome.tabs.CreateProperties]) => {
        opened.push(args[0].url ?? '');
        return create(...args);
      }) as typeof chrome.tabs.create;
    });
    options = await session.context.newPage();
    await options.goto(session.extensionUrl('options.html'));
    catalogue = [...(await sampleResources()).filter((r) => r.active), CAMPAIGN];
  });
  afterAll(async () => {
    await session?.close();
    await feed?.close();
    await demo?.close();
  });

  const checkNow = async (expected: RegExp) => {
    await options.getByRole('button', { name: 'Check now' }).click();
    await expect.poll(() => options.getByTestId('feed-result').textContent(), { timeout: 30_000 }).toMatch(expected);
  };
  const popup = async (clock?: number) => {
    const page = await session.context.newPage();
    if (clock !== undefined)
      await page.addInitScript((fixed) => {
        Date.now = () => fixed;
      }, clock);
    await page.goto(session.extensionUrl('popup.html'));
    await page.getByTestId('catalogue-count').waitFor();
    return page;
  };
  const opened = () => session.worker.evaluate(() => [...(globalThis as unknown as { opened: string[] }).opened]);

  it('the popup says “From Leren & Ontwikkelen” with the logo from the feed', async () => {
    await feed.publish(catalogue, { profile: PROFILE });
    await options.getByLabel('Feed URL').fill(feed.feedUrl);
    await options.getByLabel('Public key').fill(feed.publicKey);
    await checkNow(/Updated to version 1/);
    version = 1;
    const page = await popup();
    const brand = page.getByTestId('ld-signature').getByTestId('brand');
    await expect.poll(() => brand.textContent()).toBe('From Leren & Ontwikkelen');
    expect(await brand.locator('img').getAttribute('src')).toBe(`data:image/png;base64,${LOGO}`);
    await page.close();
  });

  it('the tip, in its frame, says “From Leren & Ontwikkelen” with the logo, and its “Ask” leaves the page out unless ticked', async () => {
    const url = `${demo.origin}/sheets/pivot-help.html`;
    const page = await session.context.newPage();
    await page.goto(url);
    await page.waitForSelector('trailmark-tip', { state: 'attached', timeout: 15_000 });
    // The frame renders after its host is attached.
    const frame = await tipFrameOf(page);
    const logo = frame.locator('.tm-mark-logo');
    await logo.waitFor({ timeout: 10_000 });
    expect(await logo.getAttribute('src')).toBe(`data:image/png;base64,${LOGO}`);
    await frame.locator('.tm-toggle').click();
    await expect.poll(() => frame.getByTestId('brand').textContent()).toBe('From Leren & Ontwikkelen');
    expect(await frame.getByTestId('brand').locator('img').getAttribute('src')).toBe(`data:image/png;base64,${LOGO}`);

    await frame.getByRole('button', { name: "Can't find what you need? Ask Leren & Ontwikkelen" }).click();
    await frame.getByLabel('What are you looking for?').fill('Pivot tables');
    expect(await frame.getByLabel('Include this page (its title and address)').isChecked()).toBe(false);
    const before = (await opened()).length;
    await frame.getByRole('button', { name: 'Write an e-mail' }).click();
    await expect.poll(async () => (await opened()).length).toBe(before + 1);
    const mail = (await opened()).at(-1)!;
    expect(mail).toMatch(/^mailto:leren@example\.com\?subject=Question%20for%20Leren%20%26%20Ontwikkelen%3A%20Pivot%20tables&body=/);
    expect(decodeURIComponent(mail)).not.toContain(demo.origin);

    await frame.getByLabel('Include this page (its title and address)').check();
    await frame.getByRole('button', { name: 'Write an e-mail' }).click();
    await expect.poll(async () => (await opened()).length).toBe(before + 2);
    expect(decodeURIComponent((await opened()).at(-1)!)).toContain(`(${url})`);
    await page.close();
  });

  it('“Ask” opens a mailto: with the typed topic, and the page only once “include this page” is ticked', async () => {
    const url = `${demo.origin}/sheets/pivot-help.html`;
    const page = await session.context.newPage();
    await page.goto(url);
    const ask = await openPopupFor(session, url);
    await ask.getByRole('button', { name: "Can't find what you need? Ask Leren & Ontwikkelen" }).click();
    await ask.getByLabel('What are you looking for?').fill('Excel macros');
    expect(await ask.getByLabel('Include this page (its title and address)').isChecked()).toBe(false);
    const before = (await opened()).length;
    await ask.getByRole('button', { name: 'Write an e-mail' }).click();
    await expect.poll(async () => (await opened()).length).toBe(before + 1);
    const mail = (await opened()).at(-1)!;
    expect(mail).toMatch(/^mailto:leren@example\.com\?subject=Question%20for%20Leren%20%26%20Ontwikkelen%3A%20Excel%20macros&body=/);
    expect(decodeURIComponent(mail)).not.toContain(demo.origin);
    expect(decodeURIComponent(mail)).not.toContain('pivot-help');

    await ask.getByLabel('Include this page (its title and address)').check();
    expect(await ask.textContent('main')).toContain(`The message will mention this page:`);
    await ask.getByRole('button', { name: 'Write an e-mail' }).click();
    await expect.poll(async () => (await opened()).length).toBe(before + 2);
    expect(decodeURIComponent((await opened()).at(-1)!)).toContain(`(${url})`);
    await ask.close();
    await page.close();
  });

  it.each([
    ['a 2 MB logo', { logo: BIG }, /L&D profile, field “logo”: is 2,049 KB; a logo may be at most 32 KB/],
    ['an SVG logo', { logo: SVG }, /L&D profile, field “logo”: is an SVG image/],
    ['a javascript: contact', { contact: 'javascript:alert(1)' }, /L&D profile, field “contact”: must be an e-mail address/],
    ['a low-contrast accent', { accent: '#ffee88' }, /L&D profile, field “accent”: does not stand out enough.*light fails/],
  ])('refuses a feed whose profile has %s, naming the field; the last good catalogue and profile stay', async (_, bad, words) => {
    await feed.publish([...catalogue, marker(`refused-${version}`, `refusedword${version}`)], { profile: PROFILE });
    await feed.resignProfile((profile) => ({ ...profile, ...bad }));
    await checkNow(words);
    expect(await options.getByTestId('catalogue-version').textContent()).toBe(String(version));
    const page = await popup();
    await expect.poll(() => page.getByTestId('ld-signature').getByTestId('brand').textContent()).toBe('From Leren & Ontwikkelen');
    expect(await page.getByTestId('ld-signature').locator('img').getAttribute('src')).toBe(`data:image/png;base64,${LOGO}`);
    await page.getByLabel('Search').fill(`refusedword${version}`);
    await page.waitForTimeout(300);
    expect(await page.$$eval('[data-resource-id]', (cards) => cards.length)).toBe(0);
    await page.close();
  });

  it.each([
    ['30 April', 'does not show', new Date(2027, 3, 30, 12).getTime(), false],
    ['1 May', 'shows', new Date(2027, 4, 1, 9).getTime(), true],
    ['31 May, late', 'shows', new Date(2027, 4, 31, 23, 30).getTime(), true],
    ['1 June', 'does not show', new Date(2027, 5, 1, 0, 30).getTime(), false],
  ])('on %s (fixed clock) the popup %s the May campaign under “Featured by”', async (_, __, clock, shown) => {
    const page = await popup(clock);
    await page.getByTestId('ld-signature').waitFor();
    const ids = await page.$$eval('[data-testid="featured-list"] [data-resource-id]', (cards) =>
      cards.map((c) => c.getAttribute('data-resource-id')),
    );
    expect(ids).toEqual(shown ? ['campaign-may'] : []);
    if (shown)
      expect(await page.getByTestId('featured-list').getByRole('heading', { level: 2 }).textContent()).toBe(
        'Featured by Leren & Ontwikkelen',
      );
    await page.close();
  });

  it('lists what an update adds under “New from”, but not what is marked announce=false', async () => {
    catalogue = [...catalogue, marker('news-added', 'newsword'), { ...marker('news-quiet', 'quietword'), announce: false }];
    await feed.publish(catalogue, { profile: PROFILE });
    await checkNow(/Updated to version/);
    const page = await popup();
    const list = page.getByTestId('news-list');
    await list.getByRole('heading', { name: 'New from Leren & Ontwikkelen' }).click();
    expect(await list.locator('[data-resource-id]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-resource-id')))).toEqual([
      'news-added',
    ]);
    await page.close();
  });

  it('options: the parts are reached by keyboard and announced, and the catalogue part shows the profile', async () => {
    await options.getByRole('link', { name: 'You', exact: true }).focus();
    await options.keyboard.press('ArrowRight');
    expect(await options.evaluate(() => document.activeElement?.textContent)).toBe('Learning catalogue');
    await options.keyboard.press('Enter');
    await expect.poll(() => options.evaluate(() => document.activeElement?.id)).toBe('group-catalogue-heading');
    expect(await options.getByRole('status').filter({ hasText: 'settings' }).textContent()).toBe('Learning catalogue settings');
    expect(new URL(options.url()).hash).toBe('#catalogue');
    expect(await options.getByTestId('group-catalogue').textContent()).toContain('Leren & Ontwikkelen');
  });
});

/** The tip's frame (an extension page in the host's closed shadow root), once it is there. */
async function tipFrameOf(page: Page): Promise<Frame> {
  const find = () => page.frames().find((f) => /^chrome-extension:\/\/[^/]+\/tip-frame\.html/.test(f.url()));
  // Rendered once it marks itself ready (React has committed the tip).
  await expect
    .poll(
      async () =>
        (await find()
          ?.evaluate(() => document.documentElement.dataset.ready === 'true')
          .catch(() => false)) ?? false,
      {
        timeout: 10_000,
      },
    )
    .toBe(true);
  return find()!;
}
