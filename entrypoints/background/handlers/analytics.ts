import { z } from 'zod';
import type { Handlers } from '@/utils/messaging/protocol';
import { decideForUrl } from '@/utils/rules/decide';
import type { RulesService } from '../rules-service';
import type { Sender } from '@/utils/messaging/protocol';
import { isExtensionPage, isTipFrameUrl, requireExtensionPage, tipFrameTab } from './senders';
import type { Services } from './services';

/** "Counts for L&D" in the options page: what is counted, the last batch, the opt-out. Extension pages only. */
export function analyticsHandlers({ analytics }: Services): Partial<Handlers> {
  const service = () => {
    if (!analytics) throw new Error('Analytics are not available');
    return analytics;
  };
  return {
    async 'analytics:status'(_, sender) {
      requireExtensionPage(sender);
      return service().status();
    },
    async 'analytics:optOut'(data, sender) {
      requireExtensionPage(sender);
      return service().setOptOut(z.boolean().parse(data));
    },
    /** Events only the popup sees. Only the kind of event arrives, never the search text. */
    async 'analytics:uiEvent'(data, sender) {
      requireExtensionPage(sender);
      const event = z.enum(['searchNoResult', 'askLd']).parse(data);
      await analytics?.count({ event });
    },
  };
}

/**
 * The id of the suggest rule that covers a content script's page (the URL the browser reports, not
 * one the sender claims), or null for extension pages and pages no suggest rule covers.
 */
export async function suggestRuleFor(rules: RulesService, sender: Sender): Promise<string | null> {
  // The tip's frame is an extension page: its page is the one its tab shows.
  const url = isTipFrameUrl(sender.url) ? tipFrameTab(sender).url : isExtensionPage(sender) ? undefined : sender.url;
  if (!url) return null;
  const { compiled, audience } = await rules.state();
  const decision = decideForUrl(url, compiled, audience);
  return decision.action === 'suggest' ? (decision.winner?.id ?? null) : null;
}
