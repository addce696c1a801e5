/// <reference types="chrome" />
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
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
 * The text inside the tip's closed shadow root, read through the DevTools protocol (which, unlike
 * page scripts, can see closed shadow roots).
 */
export async function tipText(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const host = findNode(root, (n) => n.localName === 'trailmark-tip');
    return host ? collectText(host).replace(/\s+/g, ' ').trim() : '';
  } finally {
    await cdp.detach();
  }
}

/** Resource ids of the cards in the tip (from their `data-resource-id`), through the DevTools protocol. */
export async function tipResourceIds(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const host = findNode(root, (n) => n.localName === 'trailmark-tip');
    const ids: string[] = [];
    const walk = (node: DomNode) => {
      const attrs = node.attributes ?? [];
      const at = attrs.indexOf('data-resource-id');
      if (at >= 0) ids.push(attrs[at + 1]!);
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
    };
    if (host) walk(host);
    return ids;
  } finally {
    await cdp.detach();
  }
}

/** The tip's box on screen (`.tm-tip` inside the closed shadow root), through the DevTools protocol. */
export async function tipBox(page: Page): Promise<{ left: number; top: number; right: number; bottom: number } | undefined> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const tip = findNode(root, (n) => {
      const attrs = n.attributes ?? [];
      const at = attrs.indexOf('class');
      return at >= 0 && at % 2 === 0 && /(^| )tm-tip( |$)/.test(attrs[at + 1] ?? '');
    });
    if (!tip?.nodeId) return undefined;
    const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: tip.nodeId })) as { model: { border: number[] } };
    const [x1, y1, x2, , , y3] = model.border as [number, number, number, number, number, number];
    return { left: x1, top: y1, right: x2, bottom: y3 };
  } finally {
    await cdp.detach();
  }
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

function findNode(node: DomNode, test: (n: DomNode) => boolean): DomNode | undefined {
  if (test(node)) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const found = findNode(child, test);
    if (found) return found;
  }
  return undefined;
}

function collectText(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (node.localName === 'style' || node.localName === 'script') return '';
  return [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(collectText).join(' ');
}
