import { browser } from 'wxt/browser';
import type { Handlers, LdView, Sender } from '@/utils/messaging/protocol';
import { AskRequestSchema } from '../ld-service';
import { isExtensionPage, requireExtensionPage, tipFrameTab } from './senders';
import type { Services } from './services';

/**
 * Handlers for L&D made visible. `ld:view` is for extension pages only; `ld:ask` also comes from
 * the tip's frame, whose page is then its own tab (a page cannot name another), and from the
 * popup, which names the tab it is about.
 */
export function ldHandlers({ ld, catalogue, copyVariant }: Services): Partial<Handlers> {
  return {
    async 'ld:view'(_, sender) {
      requireExtensionPage(sender);
      const variant = await copyVariant();
      const [{ profile, source }, featured, news] = await Promise.all([ld.profile(), ld.campaigns(), ld.news()]);
      const [featuredCards, newsCards] = await Promise.all([catalogue.cards(featured, variant), catalogue.cards(news, variant)]);
      const entry = new Map(featured.map((e) => [e.id, e]));
      const addedAt = new Map(news.map((e) => [e.id, e.at]));
      const view: LdView = {
        ...(profile ? { profile } : {}),
        ...(source ? { source } : {}),
        featured: featuredCards.map((card) => ({ ...card, ...entry.get(card.id)! })),
        news: newsCards.map((card) => ({ ...card, addedAt: addedAt.get(card.id)! })),
      };
      return view;
    },

    async 'ld:ask'(data, sender) {
      const request = AskRequestSchema.parse(data);
      return ld.ask(request, await askingTab(sender, request.tabId));
    },
  };
}

async function askingTab(sender: Sender, tabId: number | undefined): Promise<{ title?: string; url?: string } | undefined> {
  if (isExtensionPage(sender)) return tabId === undefined ? undefined : browser.tabs.get(tabId).catch(() => undefined);
  // The tip's frame: its page is the one the browser reports for its tab, never one the page names.
  const tip = tipFrameTab(sender);
  const tab = await browser.tabs.get(tip.tabId).catch(() => undefined);
  return { title: tab?.title ?? '', url: tip.url };
}
