import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import type { TipDecision } from '@/utils/attention/budget';
import { siteOf } from '@/utils/attention/log';
import {
  ClearRequestSchema,
  DismissRequestSchema,
  OpenedRequestSchema,
  ResumeRequestSchema,
  SaveRequestSchema,
  SnoozeRequestSchema,
  VerdictRequestSchema,
} from '@/utils/attention/schema';
import type { Handlers, ResourceCard, Sender, TabMatches, TipHostMessage } from '@/utils/messaging/protocol';
import { TipFrameEventSchema } from '@/utils/messaging/tip-frame';
import { feedOrigin, originsForRules } from '@/utils/permissions/origins';
import { feedbackFactor } from '@/utils/relevance/feedback';
import { catalogueLanguages } from '@/utils/relevance/languages';
import { decidePage } from '@/utils/relevance/page';
import { matchPage, searchCatalogue } from '@/utils/relevance/rank';
import { decideForUrl } from '@/utils/rules/decide';
import { explainUrl } from '@/utils/rules/explain';
import { ruleProblems } from '@/utils/rules/problems';
import { SiteRulesSchema } from '@/utils/rules/schema';
import { siteRulesItem } from '@/utils/settings/items';
import { PageSignalsSchema } from '@/utils/signals/schema';
import type { AttentionService } from './attention-service';
import type { CatalogueService } from './catalogue-service';
import type { FeedService } from './feed-service';
import type { RuleState } from './rules-service';
import { injectTipUi, readPageOnRequest } from './tip-script';

/** Matches kept per tab for the popup, including those below the tip threshold. */
const MATCHES_PER_TAB = 5;

const tabKey = (tabId: number) => `session:tab:${tabId}` as const;

/** Extension pages (popup, options) may do privileged things; web pages, content scripts and the tip's frame may not. */
export function isExtensionPage(sender: Sender): boolean {
  return sender.id === browser.runtime.id && !!sender.url?.startsWith(browser.runtime.getURL('/')) && !isTipFrameUrl(sender.url);
}

/** The tip's frame page, at the static or (Chromium, `use_dynamic_url`) the dynamic extension URL. */
function isTipFrameUrl(url: string | undefined): boolean {
  if (!url) return false;
  const { protocol, pathname } = new URL(url);
  return (protocol === 'chrome-extension:' || protocol === 'moz-extension:') && pathname === '/tip-frame.html';
}

/** The tip's frame inside one of our tip hosts: its tab, and the page's own URL (as the browser reports it). */
function tipFrameTab(sender: Sender): { tabId: number; url: string } {
  const tabId = sender.tab?.id;
  const url = sender.tab?.url;
  if (sender.id !== browser.runtime.id || tabId === undefined || !sender.frameId || !isTipFrameUrl(sender.url) || !/^https?:/.test(url ?? '')) {
    throw new Error('Refused: not from the tip');
  }
  return { tabId, url: url! };
}

/** The tip acting in a tab: our content script (top frame) or the tip's frame. Answers the tab and the page's URL. */
function tipTab(sender: Sender): { tabId: number; url: string } {
  return isTipFrameUrl(sender.url) ? tipFrameTab(sender) : { tabId: contentScriptTab(sender), url: sender.url! };
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
 * Who is acting, and on which site. A content script acts on its own page only, and only on the
 * resources of the tip shown there (a page pretending to be our content script can do no more
 * than the employee could with that tip). Extension pages may name a site.
 */
async function actor(sender: Sender, claimedSite: string | undefined): Promise<{ site?: string; tabCards?: ResourceCard[] }> {
  if (isExtensionPage(sender)) return { site: claimedSite };
  const { tabId, url } = tipTab(sender);
  const found = await storage.getItem<TabMatches>(tabKey(tabId));
  return { site: siteOf(url), tabCards: found && found.url === url && found.tip ? found.cards.slice(0, found.tipCount) : [] };
}

function requireTabCard(tabCards: ResourceCard[] | undefined, id: string): void {
  if (tabCards && !tabCards.some((card) => card.id === id)) throw new Error('Refused: not a resource shown in this tab');
}

/** The tab's findings with the tip's cards first, as the attention budget decided. */
function withDecision(found: TabMatches, decision: TipDecision): TabMatches {
  const chosen = decision.cards.flatMap((id) => found.cards.filter((card) => card.id === id));
  const rest = found.cards.filter((card) => !decision.cards.includes(card.id));
  const { held: _, ...withoutHeld } = found;
  return {
    ...withoutHeld,
    cards: [...chosen, ...rest],
    tip: decision.show,
    tipCount: chosen.length,
    ...(!decision.show && found.confidentCount > 0
      ? { held: { reason: decision.reason, ...(decision.until ? { until: decision.until } : {}) } }
      : {}),
  };
}

const withoutWhy = ({ why: _, ...card }: ResourceCard) => card;

const summary = (decision: ReturnType<typeof decideForUrl>): TabMatches['decision'] => ({
  action: decision.action,
  ...(decision.winner ? { rule: decision.winner.name } : {}),
});

/**
 * The background's message handlers. Every payload is parsed, every sender checked: a web page
 * can pretend to be a content script, so nothing a content script sends is trusted, and the URL
 * that counts is the one the browser reports for the sender.
 */
export function createHandlers(
  catalogue: CatalogueService,
  rules: () => Promise<RuleState>,
  feed: FeedService,
  attention: AttentionService,
): Partial<Handlers> {
  /** A resource as the catalogue has it now: what the sender says about it is not trusted. */
  const lookup = async (id: string) => {
    const [card] = await catalogue.cards([{ id }]);
    return card && withoutWhy(card);
  };

  return {
    async 'page:mayRead'(_, sender) {
      contentScriptTab(sender);
      const { compiled, audience } = await rules();
      return { read: decideForUrl(sender.url!, compiled, audience).action === 'suggest' };
    },

    async 'page:signals'(data, sender) {
      const tabId = contentScriptTab(sender);
      const signals = { ...PageSignalsSchema.parse(data), url: sender.url! };
      const site = siteOf(signals.url)!;
      const [index, { compiled, audience }, feedback] = await Promise.all([catalogue.index(), rules(), attention.feedbackFor(site)]);
      if (!index) return { tip: false };
      const outcome = decidePage(index, compiled, signals, MATCHES_PER_TAB, feedbackFactor(feedback), audience);
      const decision = await attention.decide(
        site,
        outcome.matches.slice(0, outcome.tipCount).map((m) => m.id),
      );
      const found = withDecision(
        {
          url: signals.url,
          decision: summary(outcome.decision),
          tip: false,
          tipCount: 0,
          confidentCount: outcome.tipCount,
          cards: await catalogue.cards(outcome.matches),
        },
        decision,
      );
      await storage.setItem(tabKey(tabId), found);
      if (found.tip) await injectTipUi(tabId);
      return { tip: found.tip };
    },

    async 'tip:show'(_, sender) {
      const tabId = contentScriptTab(sender);
      const found = await storage.getItem<TabMatches>(tabKey(tabId));
      if (!found?.tip || found.url !== sender.url) return { cards: [], saved: [] };
      let now = found;
      // Asked again for the same page (the worker restarted, the script ran twice): same tip, counted once.
      if (!found.shown) {
        const decision = await attention.claim(
          siteOf(sender.url)!,
          found.cards.slice(0, found.tipCount).map((card) => card.id),
        );
        now = { ...withDecision(found, decision), shown: decision.show };
        await storage.setItem(tabKey(tabId), now);
      }
      const cards = now.cards.slice(0, now.tipCount);
      const saved = new Set(await attention.savedIds());
      return { cards, saved: cards.filter((card) => saved.has(card.id)).map((card) => card.id) };
    },

    async 'tip:dismiss'(data, sender) {
      const { tabId, url } = tipTab(sender);
      const ids = DismissRequestSchema.parse(data);
      const found = await storage.getItem<TabMatches>(tabKey(tabId));
      const shown = new Set(found && found.url === url ? found.cards.slice(0, found.tipCount).map((card) => card.id) : []);
      await attention.dismiss(
        siteOf(url)!,
        ids.filter((id) => shown.has(id)),
      );
    },

    async 'tip:frameContent'(_, sender) {
      const { tabId, url } = tipFrameTab(sender);
      const found = await storage.getItem<TabMatches>(tabKey(tabId));
      // Only a tip that was shown (and counted) in this tab, at the URL the tab shows now.
      if (!found?.tip || !found.shown || found.url !== url) return null;
      const cards = found.cards.slice(0, found.tipCount);
      const saved = new Set(await attention.savedIds());
      return { cards, saved: cards.filter((card) => saved.has(card.id)).map((card) => card.id) };
    },

    async 'tip:frameEvent'(data, sender) {
      const { tabId } = tipFrameTab(sender);
      const message: TipHostMessage = { trailmark: 1, type: 'tip:host', data: TipFrameEventSchema.parse(data) };
      await browser.tabs.sendMessage(tabId, message, { frameId: 0 });
    },

    async 'attention:snooze'(data, sender) {
      const request = SnoozeRequestSchema.parse(data);
      const { site } = await actor(sender, request.site);
      if (request.kind.startsWith('site') && !site) throw new Error('Snoozing a site needs the site');
      await attention.snooze(request.kind, site);
    },

    async 'attention:resume'(data, sender) {
      requireExtensionPage(sender);
      await attention.resume(ResumeRequestSchema.parse(data));
    },

    async 'attention:clear'(data, sender) {
      requireExtensionPage(sender);
      await attention.clear(ClearRequestSchema.parse(data));
    },

    async 'resource:verdict'(data, sender) {
      const request = VerdictRequestSchema.parse(data);
      const { site, tabCards } = await actor(sender, request.site);
      requireTabCard(tabCards, request.id);
      if (!site) throw new Error('Feedback needs the site it is about');
      await attention.verdict(site, request.id, request.verdict);
    },

    async 'resource:save'(data, sender) {
      const request = SaveRequestSchema.parse(data);
      const { site, tabCards } = await actor(sender, request.site);
      requireTabCard(tabCards, request.id);
      await attention.save(await lookup(request.id), request.id, request.saved);
      if (request.saved && site) await attention.verdict(site, request.id, 'useful');
    },

    async 'resource:opened'(data, sender) {
      const request = OpenedRequestSchema.parse(data);
      const { site, tabCards } = await actor(sender, request.site);
      requireTabCard(tabCards, request.id);
      const resource = await lookup(request.id);
      if (!resource) return;
      await attention.opened(resource);
      if (site) await attention.verdict(site, request.id, 'useful');
    },

    async 'popup:tabMatches'(data, sender) {
      requireExtensionPage(sender);
      const tabId = z.number().int().nonnegative().parse(data);
      const found = await storage.getItem<TabMatches>(tabKey(tabId));
      const tab = await browser.tabs.get(tabId).catch(() => undefined);
      if (found && (!tab?.url || tab.url === found.url)) return found;
      if (!tab?.url) return null;
      const { compiled, audience } = await rules();
      return {
        url: tab.url,
        decision: summary(decideForUrl(tab.url, compiled, audience)),
        tip: false,
        tipCount: 0,
        confidentCount: 0,
        cards: [],
      };
    },

    async 'popup:lookHere'(data, sender) {
      requireExtensionPage(sender);
      const tabId = z.number().int().nonnegative().parse(data);
      const tab = await browser.tabs.get(tabId);
      if (!tab.url || !/^https?:/.test(tab.url)) throw new Error('Trailmark can only read web pages (http or https).');
      const { compiled, audience } = await rules();
      const decision = decideForUrl(tab.url, compiled, audience);
      // The organisation's "never look here" holds even when the employee asks.
      if (decision.action === 'block')
        return { url: tab.url, decision: summary(decision), tip: false, tipCount: 0, confidentCount: 0, cards: [] };
      const signals = { ...PageSignalsSchema.parse(await readPageOnRequest(tabId)), url: tab.url };
      const index = await catalogue.index();
      if (!index) return { url: tab.url, decision: summary(decision), tip: false, tipCount: 0, confidentCount: 0, cards: [] };
      const feedback = feedbackFactor(await attention.feedbackFor(siteOf(tab.url)!));
      const outcome =
        decision.action === 'suggest'
          ? decidePage(index, compiled, signals, MATCHES_PER_TAB, feedback, audience)
          : { ...matchPage(index, signals, { limit: MATCHES_PER_TAB, ...(feedback ? { feedback } : {}) }), decision };
      // Asked for, so no unprompted tip and nothing counted against the attention budget.
      const found: TabMatches = {
        url: tab.url,
        decision: summary(outcome.decision),
        tip: false,
        tipCount: 0,
        confidentCount: outcome.tipCount,
        cards: await catalogue.cards(outcome.matches),
        onRequest: true,
      };
      await storage.setItem(tabKey(tabId), found);
      return found;
    },

    async 'catalogue:search'(data, sender) {
      requireExtensionPage(sender);
      const query = z.object({ text: z.string().max(200), language: z.string().max(35).optional() }).parse(data);
      const index = await catalogue.index();
      return index ? catalogue.cards(searchCatalogue(index, query.text, 20, { language: query.language })) : [];
    },

    async 'catalogue:languages'(_, sender) {
      requireExtensionPage(sender);
      const index = await catalogue.index();
      return index ? catalogueLanguages(index) : [];
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
      const { settings, audience, managed } = await rules();
      const feed = settings.feedUrl ? feedOrigin(settings.feedUrl) : undefined;
      return {
        rules: settings.rules,
        isDefault: settings.usingDefaults,
        policyRules: settings.policyRules,
        ownRules: settings.ownRules,
        locked: settings.locked,
        setByPolicy: settings.setByPolicy,
        feedUrl: settings.feedUrl,
        feedPublicKey: settings.feedPublicKey,
        warnings: managed?.warnings ?? [],
        audience,
        neededOrigins: [...originsForRules(settings.rules, audience), ...(feed ? [feed] : [])],
      };
    },

    async 'rules:save'(data, sender) {
      requireExtensionPage(sender);
      const { settings } = await rules();
      if (settings.locked.ownRules) throw new Error('Refused: your organisation manages the site rules');
      const parsed = SiteRulesSchema.safeParse(data);
      if (!parsed.success) return { ok: false, problems: ruleProblems(parsed.error, data) };
      const taken = new Set((settings.policyRules ?? []).map((r) => r.id));
      const clashes = parsed.data.flatMap((rule, i) =>
        taken.has(rule.id) ? [{ rule: i + 1, ruleId: rule.id, field: 'id' as const, key: 'ruleFault_policyId' as const, params: [] }] : [],
      );
      if (clashes.length) return { ok: false, problems: clashes };
      await siteRulesItem.setValue(parsed.data);
      return { ok: true };
    },

    async 'rules:explain'(data, sender) {
      requireExtensionPage(sender);
      const url = z.string().trim().max(4000).parse(data);
      const { compiled, audience } = await rules();
      return explainUrl(compiled, url, audience);
    },

    async 'feed:status'(_, sender) {
      requireExtensionPage(sender);
      return feed.status();
    },

    async 'feed:check'(_, sender) {
      requireExtensionPage(sender);
      const result = await feed.check();
      return { result, status: await feed.status() };
    },
  };
}
