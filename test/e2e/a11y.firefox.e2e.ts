import axe from 'axe-core';
import type { AxeResults } from 'axe-core';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SITE_RULES, launchFirefox, type FirefoxSession, waitForHandle } from './firefox';

/**
 * Runs axe in the page (the axe-core build @axe-core/playwright uses, injected by script; see
 * a11y.chromium.e2e.ts for why not @axe-core/puppeteer) and returns the serious and critical
 * violations, described.
 */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const { violations } = (await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
    }),
  )) as AxeResults;
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join('; ')}`);
}

/** Clicks the button whose text matches, as a person finds it (inside open shadow roots too). */
async function clickButton(page: Page, text: RegExp): Promise<void> {
  await waitForHandle(
    page,
    (source) => {
      const pattern = new RegExp(source);
      const roots: (Document | ShadowRoot)[] = [
        document,
        ...[...document.querySelectorAll('*')].flatMap((e) => (e.shadowRoot ? [e.shadowRoot] : [])),
      ];
      const button = roots.flatMap((root) => [...root.querySelectorAll('button')]).find((b) => pattern.test(b.textContent ?? ''));
      button?.click();
      return !!button;
    },
    { timeout: 10_000 },
    text.source,
  );
}

/**
 * axe on the tip (its preview page: the same component and CSS in an open shadow root), the popup
 * and the options page in Firefox ESR, light in English and dark in Dutch.
 */
describe.each([
  { scheme: 'light', override: 1, locale: 'en-US', tipButton: /Learning tips for this page/, pause: /^Pause tips$/ },
  { scheme: 'dark', override: 0, locale: 'nl-NL', tipButton: /Leertips bij deze pagina/, pause: /^Tips pauzeren$/ },
])('Firefox, $scheme theme, $locale: axe finds nothing serious', ({ scheme, override, locale, tipButton, pause }) => {
  let session: FirefoxSession;

  beforeAll(async () => {
    session = await launchFirefox({
      locale,
      siteRules: DEMO_SITE_RULES,
      prefs: { 'layout.css.prefers-color-scheme.content-override': override },
    });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('the tip, the popup and the options page', async () => {
    const tip = await session.openExtensionPage('tip-preview.html?q=pivot');
    expect(await tip.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark');
    await waitForHandle(tip, () => !!document.querySelector('trailmark-tip')?.shadowRoot?.querySelector('.tm-toggle'), {
      timeout: 15_000,
    });
    const found = await seriousViolations(tip, 'tip (collapsed)');
    await clickButton(tip, tipButton);
    await clickButton(tip, pause);
    found.push(...(await seriousViolations(tip, 'tip (open)')));

    const popup = await session.openExtensionPage('popup.html');
    await clickButton(popup, pause);
    await popup.type('input[type="search"]', 'excel');
    await popup.waitForSelector('.tm-results [data-resource-id]', { timeout: 10_000 });
    await popup.$$eval('summary', (summaries) => summaries.forEach((s) => s.click()));
    found.push(...(await seriousViolations(popup, 'popup')));

    const options = await session.openExtensionPage('options.html');
    await options.waitForSelector('[data-testid="catalogue-status"]', { timeout: 10_000 });
    found.push(...(await seriousViolations(options, 'options')));
    expect(found).toEqual([]);
  });
});
