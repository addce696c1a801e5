import { useI18n } from '@/components/i18n';
import { CatalogueSection } from './sections/CatalogueSection';
import { DataSection } from './sections/DataSection';
import { LanguageSection } from './sections/LanguageSection';
import { SitesSection } from './sections/SitesSection';
import { TipsSection } from './sections/TipsSection';

/** The options page: one section per concern, each in its own file. */
export function App() {
  const { t } = useI18n();
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <TipsSection />
      <LanguageSection />
      <CatalogueSection />
      <SitesSection />
      <DataSection />
    </main>
  );
}
