import { browser } from 'wxt/browser';
import { siteOf } from '@/utils/attention/log';
import type { ResourceCard } from '@/utils/catalogue/card';
import type { Sender } from '@/utils/messaging/protocol';
import type { TabService } from '../tab-service';

/** Extension pages (popup, options) may do privileged things; web pages, content scripts and the tip's frame may not. */
export function isExtensionPage(sender: Sender): boolean {
  return sender.id === browser.runtime.id && !!sender.url?.startsWith(browser.runtime.getURL('/')) && !isTipFrameUrl(sender.url);
}

/** The tip's frame page, at the static or (Chromium, `use_dynamic_url`) the dynamic extension URL. */
export function isTipFrameUrl(url: string | undefined): boolean {
  if (!url) return false;
  const { protocol, pathname } = new URL(url);
  return (protocol === 'chrome-extension:' || protocol === 'moz-extension:') && pathname === '/tip-frame.html';
}

/**
 * The tip's frame (an extension page inside the tip host of a tab): answers its tab and the
 * page's URL as the browser reports it. It acts like the tip in that tab, never like an
 * extension page.
 */
export function tipFrameTab(sender: Sender): { tabId: number; url: string } {
  const tabId = sender.tab?.id;
  const url = sender.tab?.url;
  if (
    sender.id !== browser.runtime.id ||
    tabId === undefined ||
    !sender.frameId ||
    !isTipFrameUrl(sender.url) ||
    !/^https?:/.test(url ?? '')
  ) {
    throw new Error('Refused: not from the tip');
  }
  return { tabId, url: url! };
}

/** The tip acting in a tab: our content script (top frame) or the tip's frame. Answers the tab and the page's URL. */
export function tipTab(sender: Sender): { tabId: number; url: string } {
  return isTipFrameUrl(sender.url) ? tipFrameTab(sender) : { tabId: contentScriptTab(sender), url: sender.url! };
}

/** A content script of ours in the top frame of an http(s) page: answers its tab. */
export function contentScriptTab(sender: Sender): number {
  const tabId = sender.tab?.id;
  if (sender.id !== browser.runtime.id || tabId === undefined || sender.frameId !== 0 || !/^https?:/.test(sender.url ?? '')) {
    throw new Error('Refused: not from a Trailmark content script');
  }
  return tabId;
}

export function requireExtensionPage(sender: Sender): void {
  if (!isExtensionPage(sender)) throw new Error('Refused: only Trailmark pages may ask this');
}

/**
 * Who is acting, and on which site. A content script acts on its own page only, and only on the
 * resources of the tip shown there (a page pretending to be our content script can do no more
 * than the employee could with that tip). Extension pages may name a site.
 */
export async function actor(
  tabs: TabService,
  sender: Sender,
  claimedSite: string | undefined,
): Promise<{ site?: string; tabCards?: ResourceCard[] }> {
  if (isExtensionPage(sender)) return { site: claimedSite };
  const { tabId, url } = tipTab(sender);
  return { site: siteOf(url), tabCards: await tabs.tipCards(tabId, url) };
}

export function requireTabCard(tabCards: ResourceCard[] | undefined, id: string): void {
  if (tabCards && !tabCards.some((card) => card.id === id)) throw new Error('Refused: not a resource shown in this tab');
}
