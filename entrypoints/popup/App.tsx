import { useEffect, useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { useI18n } from '@/components/i18n';
import { ResourceCard } from '@/components/ResourceCard';
import type { CatalogueState } from '@/utils/catalogue/db';
import { sendMessage, type ResourceCard as Card, type TabMatches } from '@/utils/messaging/protocol';

/** The popup: what fits the current tab, and search over the whole catalogue. */
export function App() {
  const { t } = useI18n();
  const [tab, setTab] = useState<TabMatches | null | undefined>(undefined);
  const [status, setStatus] = useState<CatalogueState | null>(null);

  useEffect(() => {
    void (async () => {
      const tabId = await targetTabId();
      setTab(tabId === undefined ? null : await sendMessage('popup:tabMatches', tabId).catch(() => null));
    })();
    void sendMessage('catalogue:status').then(setStatus, () => setStatus(null));
  }, []);

  return (
    <main>
      <header>
        <h1>Trailmark</h1>
      </header>
      <section aria-labelledby="this-page">
        <h2 id="this-page">{t('popupThisPage')}</h2>
        <TabSection tab={tab} />
      </section>
      <SearchSection />
      <footer>
        <span className="tm-muted">{status ? t('popupCatalogueCount', status.count) : ''}</span>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noopener">
          {t('popupSettings')}
        </a>
      </footer>
    </main>
  );
}

/** The tab the popup is about: the active one, or `?tab=<id>` when the popup is opened as a page. */
async function targetTabId(): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id;
}

function TabSection({ tab }: { tab: TabMatches | null | undefined }) {
  const { t } = useI18n();
  if (tab === undefined) return <p className="tm-muted">{t('loading')}</p>;
  if (tab === null) return <p className="tm-muted">{t('popupNotCovered')}</p>;
  if (tab.decision.action === 'block') return <p className="tm-muted">{t('popupBlocked', tab.decision.rule ?? '')}</p>;
  if (tab.decision.action === 'none') return <p className="tm-muted">{t('popupNotCovered')}</p>;
  if (tab.cards.length === 0) return <p className="tm-muted">{tab.url ? t('popupNoMatch') : t('popupNotAnalysed')}</p>;
  return (
    <>
      {!tab.tip && <p className="tm-muted">{t('popupBelowTip')}</p>}
      <CardList cards={tab.tip ? tab.cards.slice(0, tab.tipCount) : tab.cards} />
    </>
  );
}

function SearchSection() {
  const { t } = useI18n();
  const inputId = useId();
  const [text, setText] = useState('');
  const [results, setResults] = useState<Card[]>([]);

  const query = text.trim();
  const shown = query ? results : [];
  useEffect(() => {
    if (!query) return;
    let current = true;
    void sendMessage('catalogue:search', query).then((cards) => current && setResults(cards), () => current && setResults([]));
    return () => {
      current = false;
    };
  }, [query]);

  return (
    <section>
      <h2>
        <label htmlFor={inputId}>{t('popupSearchLabel')}</label>
      </h2>
      <input
        id={inputId}
        type="search"
        value={text}
        autoComplete="off"
        aria-describedby={`${inputId}-hint`}
        onChange={(event) => setText(event.target.value)}
      />
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

function CardList({ cards }: { cards: Card[] }) {
  return (
    <ul className="tm-card-list" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {cards.map((card) => (
        <li key={card.id}>
          <ResourceCard card={card} />
        </li>
      ))}
    </ul>
  );
}
