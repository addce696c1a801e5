/// <reference types="chrome" />
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page, type Worker } from 'playwright-core';
import { DEMO_SITE_RULES } from '../../utils/rules/demo';
import type { SiteRule } from '../../utils/rules/schema';

export { DEMO_SITE_RULES };

/** The fixed Chromium extension id, from the manifest `key`. */
export const CHROMIUM_EXTENSION_ID = 'lhkhdplcajpmiffoajiofbcaojalngdc';
export const CHROMIUM_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

/** Flags that keep Chromium from calling home on this machine's closed network. */
export const QUIET_CHROMIUM_FLAGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-gpu',
  '--no-sandbox',
];

export interface ChromiumSession {
  context: BrowserContext;
  worker: Worker;
  extensionUrl(path: string): string;
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium, headless (new mode), with the built extension loaded, in a fresh
 * profile, in a language (browser and pages) and a colour scheme. Trailmark ships with no site
 * rules; `siteRules` (e.g. {@link DEMO_SITE_RULES}) are written as the employee's own rules
 * through the service worker before the session is handed over.
 *
 * @example const session = await launchChromium(); await session.context.newPage();
 */
export async function launchChromium(
  options: { headless?: boolean; locale?: string; colorScheme?: 'light' | 'dark'; siteRules?: readonly SiteRule[] } = {},
): Promise<ChromiumSession> {
  const profile = await mkdtemp(join(tmpdir(), 'trailmark-chromium-'));
  const locale = options.locale ?? 'en-US';
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: false,
    locale,
    colorScheme: options.colorScheme ?? 'light',
    args: [
      ...(options.headless === false ? [] : ['--headless=new']),
      ...QUIET_CHROMIUM_FLAGS,
      `--lang=${locale}`,
      `--disable-extensions-except=${CHROMIUM_EXTENSION_DIR}`,
      `--load-extension=${CHROMIUM_EXTENSION_DIR}`,
    ],
  });
  const worker =
    context.serviceWorkers().find((w) => w.url().includes(CHROMIUM_EXTENSION_ID)) ??
    (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().includes(CHROMIUM_EXTENSION_ID), timeout: 20_000 }));
  if (options.siteRules) await setSiteRules(worker, options.siteRules);
  return {
    context,
    worker,
    extensionUrl: (path) => `chrome-extension://${CHROMIUM_EXTENSION_ID}/${path.replace(/^\//, '')}`,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Replaces the employee's own site rules (the `local:siteRules` item), as the options page would save them. */
export async function setSiteRules(worker: Worker, rules: readonly SiteRule[]): Promise<void> {
  await worker.evaluate((siteRules) => chrome.storage.local.set({ siteRules }), rules as SiteRule[]);
}

/** Waits until the background has registered the tip content script (it does so at start-up). */
export async function waitForTipScript(worker: Worker): Promise<void> {
  await worker.evaluate(async () => {
    for (let i = 0; i < 100; i++) {
      const scripts = await chrome.scripting.getRegisteredContentScripts();
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
export async function allowEveryTip(worker: Worker): Promise<void> {
  await worker.evaluate(() => chrome.storage.local.set({ tipsPerDay: 20, repeatAfterDays: 0 }));
}

/**
 * The tip's frame: an extension page in an iframe inside the host's closed shadow root, rendered
 * out of the page's process. Playwright reaches it as a frame (page scripts cannot).
 */
function tipFrame(page: Page): Frame | undefined {
  return page.frames().find((frame) => /^chrome-extension:\/\/[^/]+\/tip-frame\.html/.test(frame.url()));
}

/**
 * Opens the tip's panel by clicking its toggle inside the frame, once the frame has rendered, and
 * waits for the first card. (Reaching it by Shift+Tab depends on what else the page can focus: on
 * some pages the second Shift+Tab landed on × and dismissed the tip.)
 */
export async function openTip(page: Page): Promise<boolean> {
  if (!(await tipBox(page))) return false;
  const frame = tipFrame(page);
  if (!frame) return false;
  await frame.locator('.tm-toggle').click();
  await frame.locator('[data-resource-id]').first().waitFor({ timeout: 5_000 });
  return true;
}

/** The text inside the tip (its frame), including the live region, words joined by spaces. */
export async function tipText(page: Page): Promise<string> {
  const frame = tipFrame(page);
  if (!frame) return '';
  const text = await frame
    .evaluate(() => {
      const parts: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement?.closest('style,script')) parts.push(node.nodeValue ?? '');
      }
      return parts.join(' ');
    })
    .catch(() => '');
  return text.replace(/\s+/g, ' ').trim();
}

/** Resource ids of the cards in the tip (from their `data-resource-id`). */
export async function tipResourceIds(page: Page): Promise<string[]> {
  const frame = tipFrame(page);
  if (!frame) return [];
  return frame
    .evaluate(() => [...document.querySelectorAll('[data-resource-id]')].map((element) => element.getAttribute('data-resource-id')!))
    .catch(() => []);
}

/** The tip's box on screen (`.tm-tip` in its frame), in the page's coordinates. */
export async function tipBox(page: Page): Promise<{ left: number; top: number; right: number; bottom: number } | undefined> {
  // The frame loads and renders after the host is attached; it marks its document ready
  // (`data-ready`) once React has committed the tip. Until then keys would go to the page.
  for (let attempt = 0; attempt < 50; attempt++) {
    const frame = tipFrame(page);
    const inner = await frame
      ?.evaluate(() => {
        if (document.documentElement.dataset.ready !== 'true') return undefined;
        const box = document.querySelector('.tm-tip')?.getBoundingClientRect();
        return box && box.width > 0 ? { left: box.left, top: box.top, right: box.right, bottom: box.bottom } : undefined;
      })
      .catch(() => undefined);
    const at = inner && (await (await frame?.frameElement().catch(() => undefined))?.boundingBox());
    if (at && inner) return { left: at.x + inner.left, top: at.y + inner.top, right: at.x + inner.right, bottom: at.y + inner.bottom };
    await page.waitForTimeout(100);
  }
  return undefined;
}

/** Opens the popup as a page about the tab showing `url` (`popup.html?tab=<id>`). */
export async function openPopupFor(session: ChromiumSession, url: string): Promise<Page> {
  const tabId = await session.worker.evaluate(async (target) => (await chrome.tabs.query({})).find((tab) => tab.url === target)?.id, url);
  if (tabId === undefined) throw new Error(`No tab shows ${url}`);
  const popup = await session.context.newPage();
  await popup.goto(session.extensionUrl(`popup.html?tab=${tabId}`));
  return popup;
}

interface DomNode {
  nodeId?: number;
  nodeType: number;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

function collectText(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (node.localName === 'style' || node.localName === 'script') return '';
  return [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(collectText).join(' ');
}

/** What chrome://extensions-internals reports about one installed extension (the fields tests read). */
export interface InstalledExtension {
  id: string;
  name: string;
  location: string;
  version: string;
  permissions: { active: { api: string[]; explicit_hosts: string[]; scriptable_hosts: string[] } };
}

/** A Chromium whose extension came by policy, and what Chromium says it installed. */
export interface PolicyChromiumSession {
  context: BrowserContext;
  installed: InstalledExtension;
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium, headless, in a fresh profile, WITHOUT loading any extension: whatever
 * extension it runs, it installed itself from policy (`ExtensionInstallForcelist` in
 * /etc/chromium/policies/managed/). Resolves once chrome://extensions-internals lists
 * `extensionId`. Playwright neither reports the worker of an extension installed after start-up
 * nor keeps a tab that navigates to its pages, so tests look at it from web pages and Chromium's
 * own pages. `args` adds flags such as `--host-resolver-rules`.
 *
 * @example const session = await launchChromiumByPolicy('nmamnbfmdcffhbonkajicanlnneahfml');
 */
export async function launchChromiumByPolicy(extensionId: string, args: string[] = [], timeout = 45_000): Promise<PolicyChromiumSession> {
  const profile = await mkdtemp(join(tmpdir(), 'trailmark-chromium-policy-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: false,
    locale: 'en-US',
    colorScheme: 'light',
    // Playwright starts Chromium with --disable-extensions, which also stops policy installs, and
    // with --disable-background-networking, which stops the download of a force-installed package.
    // The test's own flags keep everything else quiet.
    ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
    args: ['--headless=new', ...QUIET_CHROMIUM_FLAGS.filter((flag) => flag !== '--disable-background-networking'), '--lang=en-US', ...args],
  });
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  try {
    // The install runs in the background after start-up.
    const deadline = Date.now() + timeout;
    const page = await context.newPage();
    for (;;) {
      await page.goto('chrome://extensions-internals');
      const list = JSON.parse(await page.locator('body').innerText()) as InstalledExtension[];
      const installed = list.find((extension) => extension.id === extensionId);
      if (installed) {
        await page.close();
        return { context, installed, close };
      }
      if (Date.now() > deadline) throw new Error(`${extensionId} was not installed within ${timeout} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (error) {
    // What Chromium says about the policy and the install, for the report (its pages use shadow DOM).
    const page = await context.newPage();
    const read = async (url: string) => {
      await page.goto(url).catch(() => undefined);
      const cdp = await context.newCDPSession(page);
      const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
      return collectText(root).replace(/\s+/g, ' ');
    };
    const policy = (await read('chrome://policy').catch(() => '')).replace(/^.*?Chrome Policies/, '');
    const internals = await read('chrome://extensions-internals').catch(() => '');
    await close();
    throw new Error(
      `${(error as Error).message}\nchrome://policy:\n${policy.slice(0, 3000)}\nchrome://extensions-internals:\n${internals.slice(0, 3000)}`,
    );
  }
}
