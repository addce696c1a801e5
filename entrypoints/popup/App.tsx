import { useEffect, useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { useI18n } from '@/components/i18n';
import { ExplanationView } from '@/components/ExplanationView';
import { ResourceCard } from '@/components/ResourceCard';
import type { CatalogueState } from '@/utils/catalogue/db';
import { formatFeedDate } from '@/utils/catalogue/feed/describe';
import { sendMessage, type ResourceCard as Card, type TabMatches } from '@/utils/messaging/protocol';
import type { Explanation } from '@/utils/rules/explain';

/** The popup: what fits the current tab, and search over the whole catalogue. */
export function App() {
  const { t, locale } = useI18n();
  const [tabId, setTabId] = useState<number | undefined>();
  const [tab, setTab] = useState<TabMatches | null | undefined>(undefined);
  const [status, setStatus] = useState<CatalogueState | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    void (async () => {
      const id = await targetTabId();
      setTabId(id);
      setTab(id === undefined ? null : await sendMessage('popup:tabMatches', id).catch(() => null));
    })();
    void sendMessage('catalogue:status').then(
      (state) => {
        setNow(Date.now());
        setStatus(state);
      },
      () => setStatus(null),
    );
  }, []);

  return (
    <main>
      <header>
        <h1>Trailmark</h1>
      </header>
      <section aria-labelledby="this-page">
        <h2 id="this-page">{t('popupThisPage')}</h2>
        <TabSection tab={tab} />
        {tab && tabId !== undefined && <LookHere tabId={tabId} tab={tab} onFound={setTab} />}
        {tab?.url && <WhyHere url={tab.url} />}
      </section>
      <SearchSection />
      {status?.feed && Date.parse(status.feed.expiresAt) <= now && (
        <p className="tm-muted tm-stale" data-testid="stale-hint">
          {t('popupStale', formatFeedDate(status.feed.expiresAt, locale))}
        </p>
      )}
      <footer>
        <span className="tm-muted" data-testid="catalogue-count">
          {status ? t('popupCatalogueCount', status.count) : ''}
        </span>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noopener">
          {t('popupSettings')}
        </a>
      </footer>
    </main>
  );
}

/**
 * "Look at this page": reads the current tab once because the employee asks, through activeTab,
 * also where no rule covers it (never where a block rule applies).
 */
function LookHere({ tabId, tab, onFound }: { tabId: number; tab: TabMatches; onFound(tab: TabMatches): void }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | { error: string }>('idle');
  if (tab.decision.action === 'block' || tab.cards.length > 0 || !/^https?:/.test(tab.url)) return null;
  const look = async () => {
    setState('busy');
    try {
      onFound(await sendMessage('popup:lookHere', tabId));
      setState('idle');
    } catch (e) {
      setState({ error: (e as Error).message });
    }
  };
  return (
    <div>
      <button type="button" onClick={() => void look()} disabled={state === 'busy'} aria-describedby="look-here-help">
        {t('popupLookHere')}
      </button>
      <p id="look-here-help" className="tm-muted">
        {t('popupLookHereHelp')}
      </p>
      {typeof state === 'object' && (
        <p role="alert" className="tm-error">
          {t('errorGeneric', state.error)}
        </p>
      )}
    </div>
  );
}

/** "Why does (or doesn't) Trailmark look here?": the rules' explanation for this tab, on request. */
function WhyHere({ url }: { url: string }) {
  const { t } = useI18n();
  const [explanation, setExplanation] = useState<Explanation | undefined>();
  return (
    <details
      onToggle={(event) => {
        if ((event.target as HTMLDetailsElement).open && !explanation) void sendMessage('rules:explain', url).then(setExplanation, () => undefined);
      }}
    >
      <summary>{t('popupWhy')}</summary>
      <div aria-live="polite">{explanation ? <ExplanationView explanation={explanation} /> : <p className="tm-muted">{t('loading')}</p>}</div>
    </details>
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
  if (tab.decision.action === 'none' && !tab.onRequest) return <p className="tm-muted">{t('popupNotCovered')}</p>;
  if (tab.cards.length === 0) return <p className="tm-muted">{tab.url ? t('popupNoMatch') : t('popupNotAnalysed')}</p>;
  return (
    <>
      {tab.onRequest && <p className="tm-muted">{t('popupOnRequest')}</p>}
      {!tab.tip && !tab.onRequest && <p className="tm-muted">{t('popupBelowTip')}</p>}
      <CardList cards={tab.tip && !tab.onRequest ? tab.cards.slice(0, tab.tipCount) : tab.cards} />
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
