import { z } from 'zod';
import type { Handlers } from '@/utils/messaging/protocol';
import { feedOrigin, originsForRules } from '@/utils/permissions/origins';
import { catalogueLanguages } from '@/utils/relevance/languages';
import { searchCatalogue } from '@/utils/relevance/rank';
import { explainUrl } from '@/utils/rules/explain';
import { requireExtensionPage } from './senders';
import type { Services } from './services';

/** Settings, rules, catalogue and feed: extension pages only. */
export function settingsHandlers({ settings, rules, catalogue, feed }: Services): Partial<Handlers> {
  return {
    async 'settings:get'(_, sender) {
      requireExtensionPage(sender);
      return settings.freshForPages();
    },

    async 'settings:change'(data, sender) {
      requireExtensionPage(sender);
      return settings.change(data);
    },

    async 'rules:get'(_, sender) {
      requireExtensionPage(sender);
      const inForce = await settings.fresh();
      const feedHost = inForce.feed.url ? feedOrigin(inForce.feed.url) : undefined;
      return {
        audiences: [...new Set(inForce.rules.inForce.flatMap((rule) => rule.audience))],
        isDefault: inForce.rules.usingDefaults,
        policyRules: inForce.rules.policy,
        ownRules: inForce.rules.own,
        locked: inForce.locked,
        setByPolicy: inForce.setByPolicy,
        feedUrl: inForce.feed.url || null,
        feedPublicKey: inForce.feed.publicKey || null,
        warnings: inForce.warnings,
        audience: inForce.audience,
        neededOrigins: [...originsForRules(inForce.rules.inForce, inForce.audience), ...(feedHost ? [feedHost] : [])],
      };
    },

    async 'rules:save'(data, sender) {
      requireExtensionPage(sender);
      return settings.saveRules(data);
    },

    async 'rules:explain'(data, sender) {
      requireExtensionPage(sender);
      const url = z.string().trim().max(4000).parse(data);
      const { compiled, audience } = await rules.state();
      return explainUrl(compiled, url, audience);
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
      const file = z.object({ name: z.string().max(500), text: z.string(), format: z.literal('json').optional() }).parse(data);
      return catalogue.importFile(file.name, file.text, file.format);
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
