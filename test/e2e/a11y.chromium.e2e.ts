import AxeBuilder from '@axe-core/playwright';
import type { Result } from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { DEMO_SITE_RULES, allowEveryTip, launchChromium, openPopupFor, waitForTipScript, type ChromiumSession } from './chromium';
import { DEMO_SITE_DIR } from './fixtures';

/** Runs axe on the page as it is now and returns the serious and critical violations, described. */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const describe = (v: Result) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join('; ')}`;
  for (const v of violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical')) console.info(`axe, minor: ${describe(v)}`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describe);
}

/**
 * axe on the tip, the popup and the options page, in the light theme in English and the dark
 * theme in Dutch (the browser's language, which the UI follows): no serious or critical
 * violations. On web pages the tip lives in a closed shadow root that axe, like any page
 * script, cannot enter; so axe runs on tip-preview.html, which mounts the same Tip component
 * with the same CSS through the same mountTip(), only in an open shadow root.
 */
describe.each([
  { scheme: 'light' as const, locale: 'en-US', thisPage: 'For this page', tipButton: /Learning tips for this page/, pause: 'Pause tips' },
  { scheme: 'dark' as const, locale: 'nl-NL', thisPage: 'Bij deze pagina', tipButton: /Leertips bij deze pagina/, pause: 'Tips pauzeren' },
])('Chromium, $scheme theme, $locale: axe finds nothing serious', ({ scheme, locale, thisPage, tipButton, pause }) => {
  let session: ChromiumSession;
  let site: StaticServer;

  beforeAll(async () => {
    site = await serveFolder(DEMO_SITE_DIR);
    session = await launchChromium({ colorScheme: scheme, locale, siteRules: DEMO_SITE_RULES });
    await waitForTipScript(session.worker);
    await allowEveryTip(session.worker);
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  it('the tip: collapsed, open, and with its pause choices', async () => {
    const page = await session.context.newPage();
    await page.goto(session.extensionUrl('tip-preview.html?q=pivot'));
    const toggle = page.getByRole('button', { name: tipButton });
    await toggle.waitFor();
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
    const found = await seriousViolations(page, 'tip (collapsed)');
    await toggle.click();
    await page.getByRole('button', { name: pause }).click();
    await page.locator('[data-resource-id]').first().waitFor();
    found.push(...(await seriousViolations(page, 'tip (open)')));
    expect(found).toEqual([]);
    await page.close();
  });

  it('the popup, about a page with matches, with search results and its lists open', async () => {
    const page = await session.context.newPage();
    await page.goto(`${site.origin}/sheets/pivot-help.html`);
    await page.waitForSelector('trailmark-tip', { state: 'attached', timeout: 15_000 });
    // The tip speaks the UI's language inside its own root; the page keeps its own language.
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const popup = await openPopupFor(session, page.url());
    await popup.locator('[data-resource-id]').first().waitFor();
    expect(await popup.textContent('main')).toContain(thisPage);
    await popup.getByRole('button', { name: pause }).click();
    await popup.locator('input[type="search"]').fill('excel');
    await popup.locator('.tm-results [data-resource-id]').first().waitFor();
    await popup.locator('.tm-card-actions button').first().click(); // save one, so the Saved list has a card
    for (const summary of await popup.locator('summary').all()) await summary.click();
    expect(await seriousViolations(popup, 'popup')).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('the options page', async () => {
    const page = await session.context.newPage();
    await page.goto(session.extensionUrl('options.html'));
    await page.getByTestId('catalogue-status').waitFor();
    expect(await seriousViolations(page, 'options')).toEqual([]);
    await page.close();
  });
});
