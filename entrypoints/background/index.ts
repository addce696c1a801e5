import { browser } from 'wxt/browser';
import { TrailmarkDB } from '@/utils/catalogue/db';
import { onMessages } from '@/utils/messaging/protocol';
import { audienceItem, managedConfigItem, siteRulesItem } from '@/utils/settings/items';
import { createCatalogueService } from './catalogue-service';
import { createHandlers, forgetTab } from './handlers';
import { createRulesService, refreshManagedConfig } from './rules-service';
import { syncTipScript } from './tip-script';

export default defineBackground(() => {
  const db = new TrailmarkDB();
  const catalogue = createCatalogueService(db);
  const rules = createRulesService();

  onMessages(createHandlers(catalogue, rules.state));
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

  // The content script follows the rules, the employee's roles and the granted host permissions.
  const syncRules = async () => {
    const { settings, audience } = await rules.state();
    const granted = (await browser.permissions.getAll()).origins ?? [];
    await syncTipScript(settings.rules, audience, granted);
  };
  const resync = () => {
    rules.invalidate();
    syncRules().catch((error) => console.error('Trailmark: site rules', error));
  };
  siteRulesItem.watch(resync);
  audienceItem.watch(resync);
  managedConfigItem.watch(resync);
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);
  // Chrome reports policy changes live; Firefox reads policies.json at start-up only.
  browser.storage.onChanged.addListener((_, area) => {
    if (area === 'managed') void refreshManagedConfig().catch((error) => console.error('Trailmark: policy', error));
  });
  void refreshManagedConfig()
    .catch((error) => console.error('Trailmark: policy', error))
    .finally(resync);
  void catalogue.ensureCatalogue().catch((error) => console.error('Trailmark: catalogue', error));
});
