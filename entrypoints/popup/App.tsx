import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { useI18n } from '@/components/i18n';
import { siteOf } from '@/utils/attention/log';
import type { CatalogueState } from '@/utils/catalogue/db';
import { formatFeedDate } from '@/utils/catalogue/feed/describe';
import { sendMessage, type LdView } from '@/utils/messaging/protocol';
import type { TabMatches } from '@/utils/tabs/matches';
import { LdAsk, LdFeatured, LdNews, LdSignature } from './ld/LdSections';
import { AnalyticsLine } from './sections/AnalyticsLine';
import { KeptSection } from './sections/KeptSection';
import { LookHere } from './sections/LookHere';
import { PopupTipsSection } from './sections/PopupTipsSection';
import { SearchSection } from './sections/SearchSection';
import { TabSection } from './sections/TabSection';
import { WhyHere } from './sections/WhyHere';

/** The popup: what fits the current tab, tips on or paused, search, saved and recently opened. */
export function App() {
  const { t, locale } = useI18n();
  const [tabId, setTabId] = useState<number | undefined>();
  const [tab, setTab] = useState<TabMatches | null | undefined>(undefined);
  const [status, setStatus] = useState<CatalogueState | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [ld, setLd] = useState<LdView | undefined>();
  const [page, setPage] = useState<{ title: string; url: string } | undefined>();

  useEffect(() => {
    void (async () => {
      const id = await targetTabId();
      setTabId(id);
      setTab(id === undefined ? null : await sendMessage('popup:tabMatches', id).catch(() => null));
      const current = id === undefined ? undefined : await browser.tabs.get(id).catch(() => undefined);
      if (current?.url && /^https?:/.test(current.url)) setPage({ title: current.title ?? '', url: current.url });
    })();
    void sendMessage('ld:view').then(setLd, () => undefined);
    void sendMessage('catalogue:status').then(
      (state) => {
        setNow(Date.now());
        setStatus(state);
      },
      () => setStatus(null),
    );
  }, []);
  const site = siteOf(tab?.url);
  const opened = (id: string) => void sendMessage('resource:opened', { id });

  return (
    <main>
      <header>
        <h1>Trailmark</h1>
      </header>
      <LdSignature view={ld} />
      <section aria-labelledby="this-page">
        <h2 id="this-page">{t('popupThisPage')}</h2>
        <TabSection tab={tab} site={site} />
        {tab && tabId !== undefined && <LookHere tabId={tabId} tab={tab} onFound={setTab} />}
        {tab?.url && <WhyHere url={tab.url} />}
      </section>
      <LdFeatured view={ld} now={now} onOpen={opened} />
      <PopupTipsSection site={tab?.decision.action === 'suggest' ? site : undefined} />
      <SearchSection />
      <KeptSection kind="saved" />
      <KeptSection kind="history" />
      <LdNews view={ld} now={now} onOpen={opened} />
      <LdAsk
        view={ld}
        page={page}
        onAsk={(request) => void sendMessage('ld:ask', { ...request, ...(tabId !== undefined ? { tabId } : {}) })}
      />
      {status?.feed && Date.parse(status.feed.expiresAt) <= now && (
        <p className="tm-muted tm-stale" data-testid="stale-hint">
          {t('popupStale', formatFeedDate(status.feed.expiresAt, locale))}
        </p>
      )}
      <AnalyticsLine />
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

/** The tab the popup is about: the active one, or `?tab=<id>` when the popup is opened as a page. */
async function targetTabId(): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id;
}
