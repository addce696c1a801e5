import { browser } from 'wxt/browser';
import { TrailmarkDB } from '@/utils/catalogue/db';
import { onMessages } from '@/utils/messaging/protocol';
import { DEFAULT_SITE_RULES } from '@/utils/rules/defaults';
import { siteRulesItem } from '@/utils/settings/items';
import { createAttentionService } from './attention-service';
import { createCatalogueService } from './catalogue-service';
import { createHandlers, forgetTab } from './handlers';
import { syncTipScript } from './tip-script';

export default defineBackground(() => {
  const db = new TrailmarkDB();
  const catalogue = createCatalogueService(db);
  const getRules = async () => (await siteRulesItem.getValue()) ?? [...DEFAULT_SITE_RULES];

  onMessages(createHandlers(catalogue, getRules, createAttentionService()));
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

  const syncRules = () => getRules().then(syncTipScript).catch((error) => console.error('Trailmark: site rules', error));
  siteRulesItem.watch(syncRules);
  void syncRules();
  void catalogue.ensureCatalogue().catch((error) => console.error('Trailmark: catalogue', error));
});
