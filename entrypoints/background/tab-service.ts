import { storage } from 'wxt/utils/storage';
import { siteOf } from '@/utils/attention/log';
import { liftFeatured } from '@/utils/campaigns/lift';
import type { CopyVariant } from '@/utils/copy/variant';
import type { ResourceCard } from '@/utils/catalogue/card';
import { feedbackFactor } from '@/utils/relevance/feedback';
import { matchPage } from '@/utils/relevance/rank';
import type { RuleDecision } from '@/utils/rules/decide';
import type { PageSignals } from '@/utils/signals/schema';
import { noMatches, tipCards, withDecision, type TabMatches } from '@/utils/tabs/matches';
import { boundedTabRecord, sameTabUrl } from '@/utils/tabs/record';
import type { AttentionService } from './attention-service';
import type { CatalogueService } from './catalogue-service';

/** Matches kept per tab for the popup, including those below the tip threshold. */
const MATCHES_PER_TAB = 5;

const tabKey = (tabId: number) => `session:tab:${tabId}` as const;

/**
 * The one owner of the per-tab record (`session:tab:N`): what Trailmark found in a tab, so the
 * popup and the tip see the same thing and a sleeping worker loses nothing.
 */
export function createTabService(
  catalogue: CatalogueService,
  attention: AttentionService,
  campaigns: { featuredIds: () => Promise<ReadonlySet<string>>; variant: () => Promise<CopyVariant> } = {
    featuredIds: async () => new Set(),
    variant: async () => 'A',
  },
) {
  const service = {
    get: (tabId: number): Promise<TabMatches | null> => storage.getItem<TabMatches>(tabKey(tabId)),
    /** Written with its address bounded: a page can make its own address megabytes long. */
    set: (tabId: number, found: TabMatches): Promise<void> => storage.setItem(tabKey(tabId), boundedTabRecord(found)),
    /** Forgets what was found in a tab (closed or navigated elsewhere). */
    forget: (tabId: number): Promise<void> => storage.removeItem(tabKey(tabId)),
    /** The cards of the tip shown in the tab at this URL. */
    tipCards: async (tabId: number, url: string | undefined): Promise<ResourceCard[]> => tipCards(await service.get(tabId), url),

    /**
     * The tip is about to appear: the budget is claimed (another tab may have used it since the
     * page was read) and the tip's cards answered. Asked again for the same page (the worker
     * restarted, the script ran twice): the same tip, counted once.
     */
    async showTip(tabId: number, url: string): Promise<ResourceCard[]> {
      const found = await service.get(tabId);
      if (!found?.tip || !sameTabUrl(found.url, url)) return [];
      if (found.shown) return tipCards(found, url);
      const decision = await attention.claim(
        siteOf(url)!,
        tipCards(found, url).map((card) => card.id),
        await campaigns.variant(),
      );
      const now = { ...withDecision(found, decision), shown: decision.show };
      await service.set(tabId, now);
      return now.cards.slice(0, now.tipCount);
    },

    /**
     * Ranks the catalogue for a page whose rules were already decided, keeps the result for the
     * tab and answers it. Unprompted (`page:signals`), the attention budget decides whether a tip
     * shows; on request ("Look at this page") nothing is counted and pages no rule covers are read too.
     */
    async findForTab(
      tabId: number,
      signals: PageSignals,
      decision: RuleDecision,
      mode: 'unprompted' | 'onRequest',
    ): Promise<TabMatches | undefined> {
      const index = await catalogue.index();
      if (!index) return undefined;
      const site = siteOf(signals.url)!;
      const feedback = feedbackFactor(await attention.feedbackFor(site));
      const read = decision.action === 'suggest' || (mode === 'onRequest' && decision.action === 'none');
      const [featured, variant] = await Promise.all([campaigns.featuredIds(), campaigns.variant()]);
      // The featured lift comes after the ranking and only reorders what already fits (see FEATURED_LIFT).
      const outcome = read
        ? liftFeatured(
            matchPage(index, signals, {
              ...(decision.winner ? { rule: decision.winner } : {}),
              limit: MATCHES_PER_TAB,
              ...(feedback ? { feedback } : {}),
            }),
            (id) => featured.has(id),
          )
        : { tipCount: 0, matches: [] };
      const found: TabMatches = {
        ...noMatches(signals.url, decision),
        confidentCount: outcome.tipCount,
        cards: await catalogue.cards(outcome.matches, variant),
        ...(mode === 'onRequest' ? { onRequest: true } : {}),
      };
      const kept =
        mode === 'onRequest'
          ? found
          : withDecision(
              found,
              await attention.decide(
                site,
                outcome.matches.slice(0, outcome.tipCount).map((m) => m.id),
              ),
            );
      await service.set(tabId, kept);
      return kept;
    },
  };
  return service;
}
export type TabService = ReturnType<typeof createTabService>;
