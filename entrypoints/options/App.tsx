import { useEffect, useState } from 'react';
import { useSettingsInForce } from '@/components/use-settings';
import { sendMessage, type LdView } from '@/utils/messaging/protocol';
import { useI18n } from '@/components/i18n';
import { AnalyticsSection } from './sections/AnalyticsSection';
import { CatalogueSection } from './sections/CatalogueSection';
import { FeedSection } from './sections/FeedSection';
import { DataSection } from './sections/DataSection';
import { LanguageSection } from './sections/LanguageSection';
import { PermissionsNotice } from './sections/PermissionsNotice';
import { PolicySection } from './sections/PolicySection';
import { ProfileSection } from './sections/ProfileSection';
import { SitesSection } from './sections/SitesSection';
import { OptionsGroup, SectionNav } from './SectionNav';
import { useGrantedOrigins, useRulesView } from './use-rules';
import { TipsSection } from './sections/TipsSection';

/** The options page in three parts by who uses them (see `SectionNav`), one section per concern, each in its own file. */
export function App() {
  const { t } = useI18n();
  const { view, error } = useRulesView();
  const granted = useGrantedOrigins();
  // Bumped after "Check now", so the catalogue status shows what the check did.
  const [feedRevision, setFeedRevision] = useState(0);
  const managed = view?.setByPolicy;
  const [settings] = useSettingsInForce();
  const ld = useLdView(feedRevision);
  const byPolicy = settings?.setByPolicy;
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      {view && <PolicySection view={view} />}
      {view && <PermissionsNotice view={view} granted={granted} />}
      <SectionNav />
      <OptionsGroup group="you" managed={!!byPolicy && (byPolicy.maxTipsPerDay || byPolicy.minRepeatAfterDays)}>
        <TipsSection />
        <LanguageSection />
        <DataSection />
        <AnalyticsSection />
      </OptionsGroup>
      <OptionsGroup group="catalogue" managed={!!managed && (managed.feedUrl || managed.feedPublicKey || !!settings?.ldProfile)}>
        <CatalogueSection revision={feedRevision} />
        <ProfileSection profile={ld?.profile} source={ld?.source} />
        <FeedSection onChecked={() => setFeedRevision((n) => n + 1)} />
      </OptionsGroup>
      <OptionsGroup group="sites" managed={!!managed && (managed.siteRules || managed.lockSettings)}>
        {view && <SitesSection view={view} granted={granted} />}
      </OptionsGroup>
      {error && (
        <p role="alert" className="tm-error">
          {t('errorGeneric', error)}
        </p>
      )}
    </main>
  );
}

/** The L&D profile in force and where it comes from, read again after a feed check. */
function useLdView(revision: number): LdView | undefined {
  const [view, setView] = useState<LdView | undefined>();
  useEffect(() => void sendMessage('ld:view').then(setView, () => undefined), [revision]);
  return view;
}
