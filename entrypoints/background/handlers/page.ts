import { sameTabUrl } from '@/utils/tabs/record';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { siteOf } from '@/utils/attention/log';
import { DismissRequestSchema } from '@/utils/attention/schema';
import type { Handlers, TipHostMessage } from '@/utils/messaging/protocol';
import { TipFrameEventSchema } from '@/utils/messaging/tip-frame';
import { decideForUrl } from '@/utils/rules/decide';
import { PageSignalsSchema, type PageSignals } from '@/utils/signals/schema';
import { latestWins } from '@/utils/tabs/latest-wins';
import { noMatches } from '@/utils/tabs/matches';
import { injectTipUi, readPageOnRequest } from '../tip-script';
import { suggestRuleFor } from './analytics';
import { contentScriptTab, requireExtensionPage, tipFrameTab, tipTab } from './senders';
import type { Services } from './services';

const TabId = z.number().int().nonnegative();

/** The page and its tip: content scripts read and show, the popup looks. */
export function pageHandlers({ rules, tabs, attention, ld, analytics, now }: Services): Partial<Handlers> {
  /** The rules' decision for a URL, made once per message and carried forward. */
  const decide = async (url: string) => {
    const { compiled, audience } = await rules.state();
    return decideForUrl(url, compiled, audience);
  };

  /**
   * Reads a page for its tab: one at a time per tab, at most once a second, and signals that
   * arrive meanwhile coalesce so the latest page wins (a page cannot queue work in front of the
   * popup's questions by changing a thousand times).
   */
  const readPage = latestWins<number, PageSignals>(
    async (tabId, signals) => {
      const decision = await decide(signals.url);
      const found = await tabs.findForTab(tabId, signals, decision, 'unprompted');
      if (found?.tip) await injectTipUi(tabId);
      // A page under a suggest rule where nothing in the catalogue fitted: a content gap for L&D.
      if (found && decision.action === 'suggest' && found.confidentCount === 0)
        void analytics?.count({ event: 'contentGap', ruleId: decision.winner?.id ?? null });
    },
    { minGapMs: 1_000, ...(now ? { now } : {}) },
  );

  return {
    async 'page:mayRead'(_, sender) {
      contentScriptTab(sender);
      return { read: (await decide(sender.url!)).action === 'suggest' };
    },

    async 'page:signals'(data, sender) {
      const tabId = contentScriptTab(sender);
      await readPage(tabId, { ...PageSignalsSchema.parse(data), url: sender.url! });
    },

    async 'tip:show'(_, sender) {
      const cards = await tabs.showTip(contentScriptTab(sender), sender.url!);
      if (cards.length) void analytics?.count({ event: 'tipShown', ruleId: await suggestRuleFor(rules, sender) });
      const saved = new Set(await attention.savedIds());
      return { cards, saved: cards.filter((card) => saved.has(card.id)).map((card) => card.id) };
    },

    async 'tip:dismiss'(data, sender) {
      const { tabId, url } = tipTab(sender);
      const ids = DismissRequestSchema.parse(data);
      const shown = new Set((await tabs.tipCards(tabId, url)).map((card) => card.id));
      const dismissed = ids.filter((id) => shown.has(id));
      await attention.dismiss(siteOf(url)!, dismissed);
      const ruleId = await suggestRuleFor(rules, sender);
      for (const resourceId of dismissed) void analytics?.count({ event: 'dismissed', ruleId, resourceId });
    },

    async 'tip:frameContent'(_, sender) {
      const { tabId, url } = tipFrameTab(sender);
      const found = await tabs.get(tabId);
      // Only a tip that was shown (and counted) in this tab, at the URL the tab shows now.
      if (!found?.shown) return null;
      const cards = await tabs.tipCards(tabId, url);
      if (cards.length === 0) return null;
      const [savedIds, { profile }, tab] = await Promise.all([
        attention.savedIds(),
        ld.profile(),
        browser.tabs.get(tabId).catch(() => undefined),
      ]);
      const saved = new Set(savedIds);
      return {
        cards,
        saved: cards.filter((card) => saved.has(card.id)).map((card) => card.id),
        ...(profile ? { brand: profile } : {}),
        // The page as the browser reports it, for "Ask" (shown and used only if the employee ticks "include this page").
        page: { title: tab?.title ?? '', url },
      };
    },

    async 'tip:frameEvent'(data, sender) {
      const { tabId } = tipFrameTab(sender);
      const message: TipHostMessage = { trailmark: 1, type: 'tip:host', data: TipFrameEventSchema.parse(data) };
      await browser.tabs.sendMessage(tabId, message, { frameId: 0 });
    },

    async 'tip:opened'(_data, sender) {
      tipFrameTab(sender);
      void analytics?.count({ event: 'tipOpened', ruleId: await suggestRuleFor(rules, sender) });
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
