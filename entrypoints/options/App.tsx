import { useI18n } from '@/components/i18n';
import { CatalogueSection } from './sections/CatalogueSection';
import { LanguageSection } from './sections/LanguageSection';
import { SitesSection } from './sections/SitesSection';

/** The options page: one section per concern, each in its own file. */
export function App() {
  const { t } = useI18n();
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <CatalogueSection />
      <SitesSection />
      <LanguageSection />
    </main>
  );
}
