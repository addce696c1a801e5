import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import type { Handlers, Sender, TabMatches } from '@/utils/messaging/protocol';
import { decidePage } from '@/utils/relevance/page';
import { searchCatalogue } from '@/utils/relevance/rank';
import { decideForUrl } from '@/utils/rules/decide';
import type { SiteRule } from '@/utils/rules/schema';
import { siteRulesItem } from '@/utils/settings/items';
import { PageSignalsSchema } from '@/utils/signals/schema';
import type { CatalogueService } from './catalogue-service';
import { injectTipUi } from './tip-script';

/** Matches kept per tab for the popup, including those below the tip threshold. */
const MATCHES_PER_TAB = 5;

const tabKey = (tabId: number) => `session:tab:${tabId}` as const;

/** Extension pages (popup, options) may do privileged things; web pages and content scripts may not. */
export function isExtensionPage(sender: Sender): boolean {
  return sender.id === browser.runtime.id && !!sender.url?.startsWith(browser.runtime.getURL('/'));
}

/** A content script of ours in the top frame of an http(s) page. */
function contentScriptTab(sender: Sender): number {
  const tabId = sender.tab?.id;
  if (sender.id !== browser.runtime.id || tabId === undefined || sender.frameId !== 0 || !/^https?:/.test(sender.url ?? '')) {
    throw new Error('Refused: not from a Trailmark content script');
  }
  return tabId;
}

function requireExtensionPage(sender: Sender): void {
  if (!isExtensionPage(sender)) throw new Error('Refused: only Trailmark pages may ask this');
}

/** Forgets what was found in a tab (closed or navigated elsewhere). */
export const forgetTab = (tabId: number) => storage.removeItem(tabKey(tabId));

/**
 * The background's message handlers. Every payload is parsed, every sender checked: a web page
 * can pretend to be a content script, so nothing a content script sends is trusted.
 */
export function createHandlers(catalogue: CatalogueService, getRules: () => Promise<SiteRule[]>): Partial<Handlers> {
  return {
    async 'page:signals'(data, sender) {
      const tabId = contentScriptTab(sender);
      const signals = { ...PageSignalsSchema.parse(data), url: sender.url! };
      const [index, rules] = await Promise.all([catalogue.index(), getRules()]);
      if (!index) return { tip: false };
      const outcome = decidePage(index, rules, signals, MATCHES_PER_TAB);
      const cards = await catalogue.cards(outcome.matches);
      const found: TabMatches = {
        url: signals.url,
        decision: { action: outcome.decision.action, rule: outcome.decision.winner?.name },
        tip: outcome.tip,
        tipCount: outcome.tipCount,
        cards,
      };
      await storage.setItem(tabKey(tabId), found);
      if (outcome.tip) await injectTipUi(tabId);
      return { tip: outcome.tip };
    },

    async 'tip:get'(_, sender) {
      const tabId = contentScriptTab(sender);
      const found = await storage.getItem<TabMatches>(tabKey(tabId));
      if (!found?.tip || found.url !== sender.url) return [];
      return found.cards.slice(0, found.tipCount);
    },

    async 'popup:tabMatches'(data, sender) {
      requireExtensionPage(sender);
      const tabId = z.number().int().nonnegative().parse(data);
      const found = await storage.getItem<TabMatches>(tabKey(tabId));
      const tab = await browser.tabs.get(tabId).catch(() => undefined);
      if (found && (!tab?.url || tab.url === found.url)) return found;
      if (!tab?.url) return null;
      const decision = decideForUrl(tab.url, await getRules());
      return { url: tab.url, decision: { action: decision.action, rule: decision.winner?.name }, tip: false, tipCount: 0, cards: [] };
    },

    async 'catalogue:search'(data, sender) {
      requireExtensionPage(sender);
      const text = z.string().max(200).parse(data);
      const index = await catalogue.index();
      return index ? catalogue.cards(searchCatalogue(index, text, 20)) : [];
    },

    async 'catalogue:status'(_, sender) {
      requireExtensionPage(sender);
      return catalogue.status();
    },

    async 'catalogue:import'(data, sender) {
      requireExtensionPage(sender);
      const file = z.object({ name: z.string().max(500), text: z.string() }).parse(data);
      return catalogue.importFile(file.name, file.text);
    },

    async 'rules:get'(_, sender) {
      requireExtensionPage(sender);
      return { rules: await getRules(), isDefault: (await siteRulesItem.getValue()) === null };
    },
  };
}
