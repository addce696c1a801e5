import { browser } from 'wxt/browser';
import { TrailmarkDB } from '@/utils/catalogue/db';
import { onMessages } from '@/utils/messaging/protocol';
import { audienceItem, feedPublicKeyItem, feedUrlItem, managedConfigItem, readFeedSettings, siteRulesItem } from '@/utils/settings/items';
import { createAttentionService } from './attention-service';
import { createCatalogueService } from './catalogue-service';
import { createFeedService } from './feed-service';
import { createHandlers, forgetTab } from './handlers';
import { createRulesService, refreshManagedConfig } from './rules-service';
import { serialiseTipScriptSync, syncTipScript } from './tip-script';

export default defineBackground(() => {
  const db = new TrailmarkDB();
  const catalogue = createCatalogueService(db);
  const rules = createRulesService();
  const feed = createFeedService(db, { readSettings: readFeedSettings, onUpdated: () => catalogue.invalidate() });

  onMessages(createHandlers(catalogue, rules.state, feed, createAttentionService()));
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
  browser.alarms.onAlarm.addListener((alarm) => void feed.onAlarm(alarm));
  browser.runtime.onStartup.addListener(() => void feed.check());

  // The content script follows the rules, the employee's roles and the granted host permissions.
  const syncRules = async () => {
    const { settings, audience } = await rules.state();
    const granted = (await browser.permissions.getAll()).origins ?? [];
    await syncTipScript(settings.rules, audience, granted);
  };
  const syncRulesInTurn = serialiseTipScriptSync(syncRules, (error) => console.error('Trailmark: site rules', error));
  const resync = () => {
    rules.invalidate();
    void syncRulesInTurn();
  };
  siteRulesItem.watch(resync);
  audienceItem.watch(resync);
  managedConfigItem.watch(resync);
  // A feed set or changed by policy (or in another window) is checked at once; so is one whose
  // host the employee just allowed.
  const feedSettingsChanged = () => void feed.settingsChanged().catch((error) => console.error('Trailmark: feed', error));
  managedConfigItem.watch(feedSettingsChanged);
  feedUrlItem.watch(() => rules.invalidate());
  feedPublicKeyItem.watch(() => rules.invalidate());
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onAdded.addListener(() => void feed.retryIfNoAccess());
  browser.permissions.onRemoved.addListener(resync);
  // Chrome reports policy changes live; Firefox reads policies.json at start-up only.
  browser.storage.onChanged.addListener((_, area) => {
    if (area === 'managed') void refreshManagedConfig().catch((error) => console.error('Trailmark: policy', error));
  });
  void refreshManagedConfig()
    .catch((error) => console.error('Trailmark: policy', error))
    .finally(resync)
    .then(() => catalogue.ensureCatalogue())
    .catch((error) => console.error('Trailmark: catalogue', error))
    .then(() => feed.start())
    .catch((error) => console.error('Trailmark: feed', error));
});
