import { sameTabUrl } from '@/utils/tabs/record';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { siteOf } from '@/utils/attention/log';
import { DismissRequestSchema } from '@/utils/attention/schema';
import type { Handlers } from '@/utils/messaging/protocol';
import { decideForUrl } from '@/utils/rules/decide';
import { PageSignalsSchema } from '@/utils/signals/schema';
import { noMatches } from '@/utils/tabs/matches';
import { injectTipUi, readPageOnRequest } from '../tip-script';
import { contentScriptTab, requireExtensionPage } from './senders';
import type { Services } from './services';

const TabId = z.number().int().nonnegative();

/** The page and its tip: content scripts read and show, the popup looks. */
export function pageHandlers({ rules, tabs, attention, ld }: Services): Partial<Handlers> {
  /** The rules' decision for a URL, made once per message and carried forward. */
  const decide = async (url: string) => {
    const { compiled, audience } = await rules.state();
    return decideForUrl(url, compiled, audience);
  };

  return {
    async 'page:mayRead'(_, sender) {
      contentScriptTab(sender);
      return { read: (await decide(sender.url!)).action === 'suggest' };
    },

    async 'page:signals'(data, sender) {
      const tabId = contentScriptTab(sender);
      const signals = { ...PageSignalsSchema.parse(data), url: sender.url! };
      const found = await tabs.findForTab(tabId, signals, await decide(signals.url), 'unprompted');
      if (found?.tip) await injectTipUi(tabId);
    },

    async 'tip:show'(_, sender) {
      const tabId = contentScriptTab(sender);
      const cards = await tabs.showTip(tabId, sender.url!);
      const [savedIds, { profile }] = await Promise.all([attention.savedIds(), ld.profile()]);
      const saved = new Set(savedIds);
      return {
        cards,
        saved: cards.filter((card) => saved.has(card.id)).map((card) => card.id),
        ...(profile ? { brand: profile } : {}),
        // The page as the browser reports it, for "Ask" (used only if the employee ticks "include this page").
        page: { title: sender.tab?.title ?? '', url: sender.url! },
      };
    },

    async 'tip:dismiss'(data, sender) {
      const tabId = contentScriptTab(sender);
      const ids = DismissRequestSchema.parse(data);
      const shown = new Set((await tabs.tipCards(tabId, sender.url)).map((card) => card.id));
      await attention.dismiss(
        siteOf(sender.url)!,
        ids.filter((id) => shown.has(id)),
      );
    },

    async 'popup:tabMatches'(data, sender) {
      requireExtensionPage(sender);
      const tabId = TabId.parse(data);
      const found = await tabs.get(tabId);
      const tab = await browser.tabs.get(tabId).catch(() => undefined);
      if (found && (!tab?.url || sameTabUrl(found.url, tab.url))) return found;
      if (!tab?.url) return null;
      return noMatches(tab.url, await decide(tab.url));
    },

    async 'popup:lookHere'(data, sender) {
      requireExtensionPage(sender);
      const tabId = TabId.parse(data);
      const tab = await browser.tabs.get(tabId);
      if (!tab.url || !/^https?:/.test(tab.url)) throw new Error('Trailmark can only read web pages (http or https).');
      const decision = await decide(tab.url);
      // The organisation's "never look here" holds even when the employee asks.
      if (decision.action === 'block') return noMatches(tab.url, decision);
      const signals = { ...PageSignalsSchema.parse(await readPageOnRequest(tabId)), url: tab.url };
      // Asked for, so no unprompted tip and nothing counted against the attention budget.
      return (await tabs.findForTab(tabId, signals, decision, 'onRequest')) ?? noMatches(tab.url, decision);
    },
  };
}
