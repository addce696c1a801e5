import { useI18n } from '@/components/i18n';
import { CatalogueSection } from './sections/CatalogueSection';
import { LanguageSection } from './sections/LanguageSection';
import { PermissionsNotice } from './sections/PermissionsNotice';
import { PolicySection } from './sections/PolicySection';
import { SitesSection } from './sections/SitesSection';
import { useGrantedOrigins, useRulesView } from './use-rules';

/** The options page: one section per concern, each in its own file. */
export function App() {
  const { t } = useI18n();
  const { view, error } = useRulesView();
  const granted = useGrantedOrigins();
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      {view && <PolicySection view={view} />}
      {view && <PermissionsNotice view={view} granted={granted} />}
      <CatalogueSection />
      {view && <SitesSection view={view} granted={granted} />}
      {error && (
        <p role="alert" className="tm-error">
          {t('errorGeneric', error)}
        </p>
      )}
      <LanguageSection />
    </main>
  );
}
