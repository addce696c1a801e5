import { useEffect, useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import type { ResourceCard as Card } from '@/utils/catalogue/card';
import { languageName } from '@/utils/i18n';
import { sendMessage } from '@/utils/messaging/protocol';
import { CardList } from './CardList';

/** How long a search must stay unchanged before 'nothing found' counts. */
const SETTLED_MS = 1_500;

/** Free-text search over the whole catalogue, optionally in one language. */
export function SearchSection() {
  const { t, locale } = useI18n();
  const inputId = useId();
  const [text, setText] = useState('');
  const [language, setLanguage] = useState('');
  const [languages, setLanguages] = useState<string[]>([]);
  const [results, setResults] = useState<Card[]>([]);
  useEffect(() => void sendMessage('catalogue:languages').then(setLanguages, () => setLanguages([])), []);

  const query = text.trim();
  const shown = query ? results : [];
  useEffect(() => {
    if (!query) return;
    let current = true;
    let settled: ReturnType<typeof setTimeout> | undefined;
    void sendMessage('catalogue:search', { text: query, ...(language ? { language } : {}) }).then(
      (cards) => {
        if (!current) return;
        setResults(cards);
        // A search that still finds nothing after the employee stopped typing counts once for L&D
        // (when analytics are on); the text itself is not sent.
        if (cards.length === 0)
          settled = setTimeout(() => void sendMessage('analytics:uiEvent', 'searchNoResult').catch(() => undefined), SETTLED_MS);
      },
      () => current && setResults([]),
    );
    return () => {
      current = false;
      clearTimeout(settled);
    };
  }, [query, language]);

  return (
    <section>
      <h2>
        <label htmlFor={inputId}>{t('popupSearchLabel')}</label>
      </h2>
      <div className="tm-search">
        <input
          id={inputId}
          type="search"
          value={text}
          autoComplete="off"
          aria-describedby={`${inputId}-hint`}
          onChange={(event) => setText(event.target.value)}
        />
        {languages.length > 1 && (
          <>
            <label htmlFor={`${inputId}-language`} className="tm-visually-hidden">
              {t('popupLanguageFilter')}
            </label>
            <select id={`${inputId}-language`} value={language} onChange={(event) => setLanguage(event.target.value)}>
              <option value="">{t('popupLanguageAll')}</option>
              {languages.map((code) => (
                <option key={code} value={code}>
                  {languageName(code, locale)}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
      <p id={`${inputId}-hint`} className="tm-muted">
        {t('popupSearchHint')}
      </p>
      <div role="status" aria-live="polite" className="tm-visually-hidden">
        {query ? t('popupSearchCount', shown.length) : ''}
      </div>
      {query && shown.length === 0 && <p>{t('popupSearchEmpty', query)}</p>}
      <div className="tm-results">
        <CardList cards={shown} />
      </div>
    </section>
  );
}
