import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { AnalyticsSection } from './sections/AnalyticsSection';
import { CatalogueSection } from './sections/CatalogueSection';
import { FeedSection } from './sections/FeedSection';
import { DataSection } from './sections/DataSection';
import { LanguageSection } from './sections/LanguageSection';
import { PermissionsNotice } from './sections/PermissionsNotice';
import { PolicySection } from './sections/PolicySection';
import { SitesSection } from './sections/SitesSection';
import { useGrantedOrigins, useRulesView } from './use-rules';
import { TipsSection } from './sections/TipsSection';

/** The options page: one section per concern, each in its own file. */
export function App() {
  const { t } = useI18n();
  const { view, error } = useRulesView();
  const granted = useGrantedOrigins();
  // Bumped after "Check now", so the catalogue status shows what the check did.
  const [feedRevision, setFeedRevision] = useState(0);
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      {view && <PolicySection view={view} />}
      {view && <PermissionsNotice view={view} granted={granted} />}
      <TipsSection />
      <LanguageSection />
      <CatalogueSection revision={feedRevision} />
      <FeedSection onChecked={() => setFeedRevision((n) => n + 1)} />
      {view && <SitesSection view={view} granted={granted} />}
      {error && (
        <p role="alert" className="tm-error">
          {t('errorGeneric', error)}
        </p>
      )}
      <DataSection />
      <AnalyticsSection />
    </main>
  );
}
