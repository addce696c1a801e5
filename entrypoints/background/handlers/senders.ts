import { browser } from 'wxt/browser';
import { siteOf } from '@/utils/attention/log';
import type { ResourceCard } from '@/utils/catalogue/card';
import type { Sender } from '@/utils/messaging/protocol';
import type { TabService } from '../tab-service';

/** Extension pages (popup, options) may do privileged things; web pages and content scripts may not. */
export function isExtensionPage(sender: Sender): boolean {
  return sender.id === browser.runtime.id && !!sender.url?.startsWith(browser.runtime.getURL('/'));
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
  const tabId = contentScriptTab(sender);
  return { site: siteOf(sender.url), tabCards: await tabs.tipCards(tabId, sender.url) };
}

export function requireTabCard(tabCards: ResourceCard[] | undefined, id: string): void {
  if (tabCards && !tabCards.some((card) => card.id === id)) throw new Error('Refused: not a resource shown in this tab');
}
