import { useId } from 'react';
import { useI18n } from '@/components/i18n';
import { useStoredSetting } from '@/components/use-stored';
import type { Locale } from '@/utils/i18n';
import { uiLocaleItem } from '@/utils/settings/items';

/** The UI language: the browser's, or a fixed one. */
export function LanguageSection() {
  const { t } = useI18n();
  const selectId = useId();
  const [setting = 'auto', setSetting] = useStoredSetting(uiLocaleItem);
  return (
    <section aria-labelledby="language-heading">
      <h2 id="language-heading">{t('optionsLanguage')}</h2>
      <label htmlFor={selectId} className="tm-visually-hidden">
        {t('optionsLanguage')}
      </label>
      <select
        id={selectId}
        value={setting}
        style={{ maxWidth: 260 }}
        onChange={(event) => {
          const value = event.target.value as 'auto' | Locale;
          setSetting(value);
        }}
      >
        <option value="auto">{t('optionsLanguageAuto')}</option>
        <option value="en" lang="en">
          English
        </option>
        <option value="nl" lang="nl">
          Nederlands
        </option>
      </select>
    </section>
  );
}
