import { browser } from 'wxt/browser';
import { z } from 'zod';
import { featuredNow, type FeaturedEntry } from '@/utils/campaigns/featured';
import { newsNow, type NewsEntry } from '@/utils/campaigns/news';
import type { TrailmarkDB } from '@/utils/catalogue/db';
import { createTranslator, resolveLocale } from '@/utils/i18n';
import { askUrl, MAX_TOPIC_LENGTH } from '@/utils/profile/ask';
import { parseLdProfile, profileInForce, type LdProfile } from '@/utils/profile/schema';
import { uiLocaleItem } from '@/utils/settings/items';

/** The popup gets at most this many campaigns to choose today's from. */
const MAX_CAMPAIGNS_LISTED = 30;

/** Where the profile in force comes from, for the options page. */
export type ProfileSource = 'feed' | 'import' | 'sample' | 'policy';

export const AskRequestSchema = z.object({
  topic: z.string().max(MAX_TOPIC_LENGTH * 2),
  includePage: z.boolean(),
  /** From the popup: the tab it is about. A content script's tab is the sender's. */
  tabId: z.number().int().nonnegative().optional(),
});

/**
 * L&D made visible, as the background serves it: the profile in force (the catalogue's, with the
 * organisation's policy fields over it), the campaigns running today and the recent additions.
 * Reads the catalogue's state row only: everything was worked out when the catalogue was written.
 */
export function createLdService(
  db: TrailmarkDB,
  /** The organisation's `ldProfile` policy fields in force, if any. */
  policyProfile: () => Promise<Partial<LdProfile> | undefined>,
  now: () => Date = () => new Date(),
) {
  const state = () => db.catalogueState.get('active');

  const service = {
    async profile(): Promise<{ profile?: LdProfile; source?: ProfileSource }> {
      const [active, policy] = await Promise.all([state(), policyProfile()]);
      const profile = profileInForce(active?.profile, policy);
      if (!profile) return {};
      const fromPolicy = !!policy && Object.keys(policy).length > 0 && (!active?.profile || !!policy.name);
      return { profile, source: fromPolicy ? 'policy' : (active?.source ?? 'sample') };
    },

    /** Resources featured today (newest campaign first), at most `limit`. */
    async featured(limit?: number): Promise<FeaturedEntry[]> {
      return featuredNow((await state())?.featured ?? [], now(), limit);
    },

    /** Campaigns not ended when the catalogue was written, for pages that judge the day themselves. */
    async campaigns(): Promise<FeaturedEntry[]> {
      return ((await state())?.featured ?? []).slice(0, MAX_CAMPAIGNS_LISTED);
    },

    /** Ids featured today, for the ranking's lift. */
    async featuredIds(): Promise<ReadonlySet<string>> {
      return new Set((await service.featured(Infinity)).map((e) => e.id));
    },

    /** Resources recent feed updates added: two weeks, newest first, at most five. */
    async news(): Promise<NewsEntry[]> {
      return newsNow((await state())?.news ?? [], now());
    },

    /**
     * Opens "Ask <L&D>" for the employee: the address is built here, from the profile in force, so
     * a page cannot make Trailmark open anything else. The page's title and address go in only
     * when the employee ticked "include this page". Nothing is sent: a mail program or a form opens.
     */
    async ask(request: z.infer<typeof AskRequestSchema>, tab: { title?: string; url?: string } | undefined): Promise<{ opened: boolean }> {
      const { profile } = await service.profile();
      if (!profile?.contact) return { opened: false };
      const locale = resolveLocale(await uiLocaleItem.getValue(), globalThis.navigator?.languages ?? []);
      const page = request.includePage && tab?.url && /^https?:/.test(tab.url) ? { title: tab.title ?? '', url: tab.url } : undefined;
      const url = askUrl(profile, { topic: request.topic, ...(page ? { page } : {}) }, createTranslator(locale));
      if (!url) return { opened: false };
      await browser.tabs.create({ url });
      return { opened: true };
    },
  };
  return service;
}
export type LdService = ReturnType<typeof createLdService>;

/** The sample profile shipped with the built-in catalogue, checked like any other. */
export async function loadSampleProfile(): Promise<LdProfile | undefined> {
  try {
    const response = await fetch(browser.runtime.getURL('/sample-profile.json'));
    return parseLdProfile(await response.json(), { strict: true }).profile;
  } catch {
    return undefined;
  }
}
