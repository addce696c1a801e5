import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createTranslator, resolveLocale, type Locale, type Translate } from '@/utils/i18n';
import { uiLocaleItem } from '@/utils/settings/items';

const I18nContext = createContext<{ locale: Locale; t: Translate }>({ locale: 'en', t: createTranslator('en') });

/**
 * Provides the translator for the chosen UI language, and follows changes to the setting live.
 * On Trailmark's own pages it also sets the document's `lang`; the tip on a web page passes
 * `documentLang={false}`, because that document is the page's (its `lang` is the page's language,
 * and changing it would restyle the whole page); the tip marks its own root instead.
 */
export function I18nProvider({ children, documentLang = true }: { children: ReactNode; documentLang?: boolean }) {
  const [locale, setLocale] = useState<Locale>(() => resolveLocale('auto', navigator.languages));
  useEffect(() => {
    const apply = (setting: 'auto' | Locale) => setLocale(resolveLocale(setting, navigator.languages));
    void uiLocaleItem.getValue().then(apply);
    return uiLocaleItem.watch(apply);
  }, []);
  useEffect(() => {
    if (documentLang) document.documentElement.lang = locale;
  }, [locale, documentLang]);
  return <I18nContext.Provider value={{ locale, t: createTranslator(locale) }}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
