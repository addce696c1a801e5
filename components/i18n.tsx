import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createTranslator, resolveLocale, type Locale, type Translate } from '@/utils/i18n';
import { uiLocaleItem } from '@/utils/settings/items';

const I18nContext = createContext<{ locale: Locale; t: Translate }>({ locale: 'en', t: createTranslator('en') });

/** Provides the translator for the chosen UI language, and follows changes to the setting live. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(() => resolveLocale('auto', navigator.languages));
  useEffect(() => {
    const apply = (setting: 'auto' | Locale) => setLocale(resolveLocale(setting, navigator.languages));
    void uiLocaleItem.getValue().then(apply);
    return uiLocaleItem.watch(apply);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <I18nContext.Provider value={{ locale, t: createTranslator(locale) }}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
