import {
  ClearRequestSchema,
  OpenedRequestSchema,
  ResumeRequestSchema,
  SaveRequestSchema,
  SnoozeRequestSchema,
  VerdictRequestSchema,
} from '@/utils/attention/schema';
import type { ResourceCard } from '@/utils/catalogue/card';
import type { Handlers } from '@/utils/messaging/protocol';
import { suggestRuleFor } from './analytics';
import { actor, requireExtensionPage, requireTabCard } from './senders';
import type { Services } from './services';

const withoutWhy = ({ why: _, ...card }: ResourceCard) => card;

/** Snoozes, verdicts, saved and opened resources: from the tip (its own tab only) and from extension pages. */
export function attentionHandlers({ attention, catalogue, tabs, rules, analytics }: Services): Partial<Handlers> {
  /** A resource as the catalogue has it now: what the sender says about it is not trusted. */
  const lookup = async (id: string) => {
    const [card] = await catalogue.cards([{ id }]);
    return card && withoutWhy(card);
  };

  return {
    async 'attention:snooze'(data, sender) {
      const request = SnoozeRequestSchema.parse(data);
      const { site } = await actor(tabs, sender, request.site);
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
      const { site, tabCards } = await actor(tabs, sender, request.site);
      requireTabCard(tabCards, request.id);
      if (!site) throw new Error('Feedback needs the site it is about');
      await attention.verdict(site, request.id, request.verdict);
      if (request.verdict === 'notRelevant')
        void analytics?.count({ event: 'notRelevant', ruleId: await suggestRuleFor(rules, sender), resourceId: request.id });
    },

    async 'resource:save'(data, sender) {
      const request = SaveRequestSchema.parse(data);
      const { site, tabCards } = await actor(tabs, sender, request.site);
      requireTabCard(tabCards, request.id);
      await attention.save(await lookup(request.id), request.id, request.saved);
      if (request.saved && site) await attention.verdict(site, request.id, 'useful');
      if (request.saved) void analytics?.count({ event: 'saved', ruleId: await suggestRuleFor(rules, sender), resourceId: request.id });
    },

    async 'resource:opened'(data, sender) {
      const request = OpenedRequestSchema.parse(data);
      const { site, tabCards } = await actor(tabs, sender, request.site);
      requireTabCard(tabCards, request.id);
      const resource = await lookup(request.id);
      if (!resource) return;
      await attention.opened(resource);
      void analytics?.count({ event: 'resourceOpened', ruleId: await suggestRuleFor(rules, sender), resourceId: request.id });
      if (site) await attention.verdict(site, request.id, 'useful');
    },
  };
}
