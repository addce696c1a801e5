import { browser } from 'wxt/browser';
import { TrailmarkDB } from '@/utils/catalogue/db';
import { onMessages } from '@/utils/messaging/protocol';
import { createAnalyticsService } from './analytics-service';
import { createAttentionService } from './attention-service';
import { createCatalogueService } from './catalogue-service';
import { createFeedService } from './feed-service';
import { copyVariant } from './copy-variant';
import { createHandlers } from './handlers';
import { createLdService } from './ld-service';
import { createRulesService } from './rules-service';
import { createSettingsService, refreshManagedConfig } from './settings-service';
import { createTabService } from './tab-service';
import { serialiseTipScriptSync, syncTipScript } from './tip-script';

/** Wiring only: each service owns its state; browser events are routed to the owner. */
export default defineBackground(() => {
  const db = new TrailmarkDB();
  const settings = createSettingsService();
  const catalogue = createCatalogueService(db);
  const rules = createRulesService(settings.current);
  const attention = createAttentionService({ settings: async () => (await settings.current()).attention });
  const ld = createLdService(db, async () => (await settings.current()).ldProfile);
  const tabs = createTabService(catalogue, attention, { featuredIds: ld.featuredIds, variant: () => copyVariant() });
  const feed = createFeedService(db, {
    readSettings: async () => {
      const { feed, locked } = await settings.current();
      return { ...feed, locked: { url: locked.feedUrl, publicKey: locked.feedPublicKey } };
    },
    onUpdated: () => catalogue.invalidate(),
  });

  const analytics = createAnalyticsService(db, {
    policy: () => settings.analyticsPolicy(),
    optedOut: () => settings.analyticsOptedOut(),
    setOptedOut: (value) => settings.setAnalyticsOptedOut(value),
    rules: async () => (await settings.current()).rules.inForce,
    copyVariant: () => copyVariant(),
  });
  // Test hook: the daily send on demand, with a clock of the test's choosing. It lives on the
  // worker's own global, which web pages and content scripts cannot reach.
  Object.assign(globalThis, {
    trailmarkAnalytics: {
      send: (options: { force?: boolean; at?: number }) => analytics.send(options),
      queue: (at: number) => analytics.queue(at),
      status: () => analytics.status(),
    },
  });

  onMessages(createHandlers({ catalogue, settings, rules, feed, attention, tabs, ld, analytics, copyVariant: () => copyVariant() }));
  browser.tabs.onRemoved.addListener((tabId) => void tabs.forget(tabId));
  browser.alarms.onAlarm.addListener((alarm) => void feed.onAlarm(alarm));
  browser.alarms.onAlarm.addListener((alarm) => void analytics.onAlarm(alarm));
  browser.runtime.onStartup.addListener(() => void feed.check());

  // The content script follows the rules, the employee's roles and the granted host permissions.
  const syncRules = async () => {
    const { settings: inForce, audience } = await rules.state();
    const granted = (await browser.permissions.getAll()).origins ?? [];
    await syncTipScript(inForce.rules.inForce, audience, granted);
  };
  const resync = serialiseTipScriptSync(syncRules, (error) => console.error('Trailmark: site rules', error));
  // A feed set or changed by policy (or in another window) is checked at once.
  const feedSettingsChanged = () => void feed.settingsChanged().catch((error) => console.error('Trailmark: feed', error));
  settings.onChange((parts) => {
    if (parts.has('siteRules') || parts.has('audience') || parts.has('managed')) void resync();
    if (parts.has('managed')) feedSettingsChanged();
    if (parts.has('managed') || parts.has('analyticsOptOut'))
      void analytics.settingsChanged().catch((error) => console.error('Trailmark: analytics', error));
  });
  // Host access the employee just allowed (or withdrew) changes where the tip may run; a feed
  // check that failed for want of it is tried again.
  browser.permissions.onAdded.addListener(() => void resync());
  browser.permissions.onAdded.addListener(() => void feed.retryIfNoAccess());
  browser.permissions.onRemoved.addListener(() => void resync());
  // Chrome reports policy changes live; Firefox reads policies.json at start-up only.
  browser.storage.onChanged.addListener((_, area) => {
    if (area === 'managed') void refreshManagedConfig().catch((error) => console.error('Trailmark: policy', error));
  });
  void refreshManagedConfig()
    .catch((error) => console.error('Trailmark: policy', error))
    .finally(() => resync())
    .then(() => catalogue.ensureCatalogue())
    .catch((error) => console.error('Trailmark: catalogue', error))
    .then(() => feed.start())
    .catch((error) => console.error('Trailmark: feed', error))
    .then(() => analytics.start())
    .catch((error) => console.error('Trailmark: analytics', error));
});
