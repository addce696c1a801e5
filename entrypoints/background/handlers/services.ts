import type { AnalyticsService } from '../analytics-service';
import type { AttentionService } from '../attention-service';
import type { CatalogueService } from '../catalogue-service';
import type { CopyVariant } from '@/utils/copy/variant';
import type { FeedService } from '../feed-service';
import type { LdService } from '../ld-service';
import type { RulesService } from '../rules-service';
import type { SettingsService } from '../settings-service';
import type { TabService } from '../tab-service';

/** What the handlers delegate to: each piece of state has one owner. */
export interface Services {
  catalogue: CatalogueService;
  settings: SettingsService;
  rules: RulesService;
  feed: FeedService;
  attention: AttentionService;
  tabs: TabService;
  ld: LdService;
  /** This installation's copy variant (see `copyVariant`). */
  copyVariant: () => Promise<CopyVariant>;
  /** Optional so tests of other handlers need not build it. */
  analytics?: AnalyticsService;
  /** The clock the page reads are spaced by (the attention service's, in tests); `Date.now` by default. */
  now?: () => number;
}
