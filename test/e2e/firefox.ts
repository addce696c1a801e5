import { resolve } from 'node:path';
import puppeteer, {
  type Browser,
  type ElementHandle,
  type Frame,
  type HandleFor,
  type JSHandle,
  type LaunchOptions,
  type Page,
} from 'puppeteer-core';
import { DEMO_SITE_RULES } from '../../utils/rules/demo';
import type { SiteRule } from '../../utils/rules/schema';

export { DEMO_SITE_RULES };

/** The add-on id from `browser_specific_settings.gecko` (wxt.config.ts). */
export const FIREFOX_ADDON_ID = 'trailmark@trailmark.app';
/**
 * The internal UUID Firefox gives the add-on in this profile (normally random per profile), fixed
 * through the `extensions.webextensions.uuids` pref so tests can open its pages by URL.
 */
export const FIREFOX_EXTENSION_UUID = '5c3f0a7e-9d2b-4c61-8e4f-7a1b2c3d4e5f';
export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv2');

/**
 * Prefs that keep Firefox from calling home on this machine's closed network. Puppeteer's own
 * profile defaults already cover the basics (app updates, safebrowsing lists, remote settings
 * server, health report, normandy); these close what they leave open.
 */
export const QUIET_FIREFOX_PREFS: Record<string, string | number | boolean> = {
  'app.update.auto': false,
  'app.update.checkInstallTime': false,
  'app.update.disabledForTesting': true,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'browser.discovery.enabled': false,
  'browser.ml.enable': false,
  'browser.ping-centre.telemetry': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.geoip.url': '',
  'browser.translations.enable': false,
  'browser.urlbar.quicksuggest.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.usage.uploadEnabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.getAddons.showPane': false,
  'extensions.htmlaboutaddons.recommendations.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.systemAddon.update.url': '',
  'extensions.update.enabled': false,
  'geo.provider.network.url': '',
  'identity.fxaccounts.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'nimbus.rollouts.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.trr.mode': 5,
  'security.OCSP.enabled': 0,
  'services.settings.server': 'http://127.0.0.1:9/remote-settings-off',
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.unified': false,
};

export interface FirefoxSession {
  browser: Browser;
  extensionUrl(path: string): string;
  /**
   * Opens one of the extension's pages in a new tab and waits until its document has loaded.
   * Use this rather than `page.goto` for `moz-extension:` URLs (see below).
   */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts Debian's Firefox ESR, headless, over WebDriver BiDi, in a fresh temporary profile (made and
 * removed by Puppeteer), with the built extension installed as a temporary add-on. Trailmark
 * ships with no site rules; `siteRules` (e.g. {@link DEMO_SITE_RULES}) are written as the
 * employee's own rules from an extension page before the session is handed over.
 *
 * @example const session = await launchFirefox(); const popup = await session.openExtensionPage('popup.html');
 */
export async function launchFirefox(
  options: {
    headless?: boolean;
    locale?: string;
    prefs?: Record<string, string | number | boolean>;
    siteRules?: readonly SiteRule[];
  } = {},
): Promise<FirefoxSession> {
  // TRAILMARK_FIREFOX_LOG=1 prints Firefox's output, including the console of the background page
  // and content scripts, which no WebDriver BiDi event reports.
  const log = !!process.env.TRAILMARK_FIREFOX_LOG;
  const browser = await startFirefox({
    headless: options.headless ?? true,
    // Since Firefox 153, WebDriver may only navigate to http(s), file, blob and about:blank unless
    // the browser was started with system access; extension pages are moz-extension: URLs.
    args: ['--remote-allow-system-access'],
    dumpio: log,
    extraPrefsFirefox: {
      ...QUIET_FIREFOX_PREFS,
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_EXTENSION_UUID }),
      'intl.locale.requested': options.locale ?? 'en-US',
      'intl.accept_languages': options.locale ?? 'en-US',
      // The tip's panel animates in; without motion, what the tests measure settles at once.
      'ui.prefersReducedMotion': 1,
      ...(log ? { 'devtools.console.stdout.chrome': true, 'devtools.console.stdout.content': true } : {}),
      ...options.prefs,
    },
  });
  try {
    const id = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    if (id !== FIREFOX_ADDON_ID) throw new Error(`installed add-on has id ${id}, expected ${FIREFOX_ADDON_ID}`);
  } catch (error) {
    await browser.close();
    throw error;
  }
  const extensionUrl = (path: string) => `moz-extension://${FIREFOX_EXTENSION_UUID}/${path.replace(/^\//, '')}`;
  if (options.siteRules) {
    const page = await browser.newPage();
    await gotoExtensionPage(page, extensionUrl('options.html'));
    await setSiteRules(page, options.siteRules);
    await page.close();
  }
  return {
    browser,
    extensionUrl,
    async openExtensionPage(path) {
      const page = await browser.newPage();
      await gotoExtensionPage(page, extensionUrl(path));
      return page;
    },
    close: () => browser.close(),
  };
}

/**
 * Starts Firefox ESR like `launchFirefox`, but installs nothing: whatever add-on runs, Firefox
 * installed itself from policy (`ExtensionSettings` in /etc/firefox/policies/policies.json). The
 * add-on's internal UUID is fixed so its pages can be opened; `addonUrl` builds their addresses.
 */
export async function launchFirefoxByPolicy(
  addonId: string,
  prefs: Record<string, string | number | boolean> = {},
): Promise<{ browser: Browser; addonUrl(path: string): string; openAddonPage(path: string): Promise<Page>; close(): Promise<void> }> {
  const log = !!process.env.TRAILMARK_FIREFOX_LOG;
  const browser = await startFirefox({
    headless: true,
    args: ['--remote-allow-system-access'],
    dumpio: log,
    extraPrefsFirefox: {
      ...QUIET_FIREFOX_PREFS,
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: FIREFOX_EXTENSION_UUID }),
      'intl.locale.requested': 'en-US',
      'intl.accept_languages': 'en-US',
      'ui.prefersReducedMotion': 1,
      ...prefs,
    },
  });
  const addonUrl = (path: string) => `moz-extension://${FIREFOX_EXTENSION_UUID}/${path.replace(/^\//, '')}`;
  return {
    browser,
    addonUrl,
    async openAddonPage(path) {
      const page = await browser.newPage();
      await gotoExtensionPage(page, addonUrl(path));
      return page;
    },
    close: () => browser.close(),
  };
}

/**
 * Starts Firefox ESR over WebDriver BiDi. On a loaded 2-core CI machine a cold Firefox has taken
 * over Puppeteer's default 30 s to print its WebSocket address (seen once in CI, 2026-12-02), so
 * the wait is longer and a start that still fails is tried twice more before the test fails.
 */
async function startFirefox(options: LaunchOptions): Promise<Browser> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await puppeteer.launch({
        browser: 'firefox',
        executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
        protocol: 'webDriverBiDi',
        timeout: 60_000,
        ...options,
      });
    } catch (error) {
      lastError = error;
      console.warn(`Firefox did not start (attempt ${attempt} of 3): ${String(error)}`);
    }
  }
  throw lastError;
}

/**
 * Navigates `page` to an extension page. Firefox's WebDriver BiDi leaves extension documents out
 * of its events (no `browsingContext.load` for moz-extension:, bug 1755014), so `page.goto` would
 * only time out; script evaluation does work there, so we start the navigation and poll the
 * document instead.
 */
export async function gotoExtensionPage(page: Page, url: string, timeout = 15_000): Promise<void> {
  // The navigation command itself goes through; only Puppeteer's wait for "load" never ends.
  page.goto(url, { timeout }).catch(() => undefined);
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const state = await page.evaluate(() => [location.href, document.readyState] as const).catch(() => undefined);
    if (state?.[0] === url && state[1] === 'complete') return;
    await delay(100);
  }
  throw new Error(`extension page ${url} did not load within ${timeout} ms`);
}

/** Replaces the employee's own site rules (the `local:siteRules` item), from one of the extension's pages. */
export async function setSiteRules(extensionPage: Page, rules: readonly SiteRule[]): Promise<void> {
  await extensionPage.evaluate((siteRules) => browser.storage.local.set({ siteRules }), rules as SiteRule[]);
}

/**
 * Waits until the background has registered the tip content script (it does so at start-up).
 * `page` must be one of the extension's pages (they can use the extension's APIs).
 */
export async function waitForTipScript(extensionPage: Page): Promise<void> {
  await extensionPage.evaluate(async () => {
    for (let i = 0; i < 100; i++) {
      const scripts = await browser.scripting.getRegisteredContentScripts();
      if (scripts.length > 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('tip content script never registered');
  });
}

/**
 * Lifts the attention budget (many tips a day, repeats allowed) so every demo page shows what it
 * would show on its own; the budget itself has its own tests. Same keys as the settings items.
 */
export async function allowEveryTip(extensionPage: Page): Promise<void> {
  await extensionPage.evaluate(() => browser.storage.local.set({ tipsPerDay: 20, repeatAfterDays: 0 }));
}

/** The id of the tab showing `url`, asked from an extension page (undefined if none). */
export function tabIdFor(extensionPage: Page, url: string): Promise<number | undefined> {
  return extensionPage.evaluate(async (target) => (await browser.tabs.query({})).find((tab) => tab.url === target)?.id, url);
}

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Polls `fn` in the page or frame until it returns something truthy, and hands that back: what
 * `waitForFunction` does. Puppeteer builds its poller with `Function()`, which the extension
 * pages' CSP blocks in Firefox 140 ESR (`EvalError: call to Function() blocked by CSP`); plain
 * evaluation is not affected.
 */
export async function waitForHandle<Params extends unknown[], Func extends (...args: Params) => unknown>(
  target: Page | Frame,
  fn: Func,
  options: { timeout?: number } = {},
  ...args: Params
): Promise<HandleFor<Awaited<ReturnType<Func>>>> {
  const timeout = options.timeout ?? 30_000;
  const until = Date.now() + timeout;
  const evaluate = target.evaluateHandle.bind(target) as (fn: Func, ...args: Params) => Promise<JSHandle>;
  let lastError: unknown;
  for (;;) {
    try {
      const handle = await evaluate(fn, ...args);
      if (await handle.evaluate((value) => Boolean(value))) return handle as HandleFor<Awaited<ReturnType<Func>>>;
      await handle.dispose();
    } catch (error) {
      lastError = error; // a document being replaced; try again
    }
    if (Date.now() > until) throw new Error(`Waited ${timeout} ms for ${fn.toString().slice(0, 120)}`, { cause: lastError });
    await delay(50);
  }
}

/**
 * Sets the page's viewport. Puppeteer also sends `emulation.setScreenOrientationOverride`, which
 * Firefox 140 ESR does not know; the viewport command itself goes through, so wait for it.
 */
export async function setViewport(page: Page, viewport: { width: number; height: number }): Promise<void> {
  await page.setViewport(viewport).catch((error: unknown) => {
    if (!String(error).includes('setScreenOrientationOverride')) throw error;
  });
  await waitForHandle(page, (width: number) => window.innerWidth === width, { timeout: 5_000 }, viewport.width);
}

/**
 * Presses a control inside the tip's frame with the keyboard (Enter, or Space for a checkbox), as a
 * keyboard user does. Puppeteer's mouse click inside a frame asks Firefox for the frame's element
 * with a `context` locator, which Firefox 140 ESR does not know.
 */
export async function pressInFrame(control: ElementHandle<Element>): Promise<void> {
  const checkbox = await control.evaluate((element) => element instanceof HTMLInputElement && element.type === 'checkbox');
  // Keys go to the active tab, and a tip that opened something (a mailto:, a resource) made another tab active.
  await control.frame.page().bringToFront();
  await control.press(checkbox ? ' ' : 'Enter');
}

/**
 * The tip's frame: the one frame of the page whose document holds the tip (BiDi names its
 * moz-extension: address about:blank), once it has rendered (it marks itself `data-ready`).
 * Until then, keys pressed on the page stay on the page.
 */
export async function tipFrameOf(page: Page, timeout = 10_000): Promise<Frame> {
  const until = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames())
      if (frame !== page.mainFrame() && (await frame.evaluate(() => document.documentElement.dataset.ready === 'true').catch(() => false)))
        return frame;
    if (Date.now() > until) throw new Error(`The tip on ${page.url()} did not render within ${timeout} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
