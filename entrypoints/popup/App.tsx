import { useEffect, useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { CardActions } from '@/components/CardActions';
import { ExplanationView } from '@/components/ExplanationView';
import { useI18n } from '@/components/i18n';
import { ResourceCard } from '@/components/ResourceCard';
import { useNow } from '@/components/use-now';
import { useStored, useStoredSetting } from '@/components/use-stored';
import { effectiveAttention } from '@/utils/attention/budget';
import { activeSnoozes, siteOf } from '@/utils/attention/log';
import { DEFAULT_ATTENTION, SNOOZE_KINDS, type AttentionCaps, type KeptResource } from '@/utils/attention/model';
import type { CatalogueState } from '@/utils/catalogue/db';
import { formatFeedDate } from '@/utils/catalogue/feed/describe';
import { formatAgo, formatMoment, languageName } from '@/utils/i18n';
import { sendMessage, type ResourceCard as Card, type TabMatches } from '@/utils/messaging/protocol';
import type { Explanation } from '@/utils/rules/explain';
import { readAttentionCaps } from '@/utils/settings/items';
import { feedbackItem, historyItem, quietModeItem, savedItem, snoozesItem, tipsPerDayItem } from '@/utils/settings/items';

/** The popup: what fits the current tab, tips on or paused, search, saved and recently opened. */
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
  const site = siteOf(tab?.url);

  return (
    <main>
      <header>
        <h1>Trailmark</h1>
      </header>
      <section aria-labelledby="this-page">
        <h2 id="this-page">{t('popupThisPage')}</h2>
        <TabSection tab={tab} site={site} />
        {tab && tabId !== undefined && <LookHere tabId={tabId} tab={tab} onFound={setTab} />}
        {tab?.url && <WhyHere url={tab.url} />}
      </section>
      <TipsSection site={tab?.decision.action === 'suggest' ? site : undefined} />
      <SearchSection />
      <KeptSection kind="saved" />
      <KeptSection kind="history" />
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
        if ((event.target as HTMLDetailsElement).open && !explanation)
          void sendMessage('rules:explain', url).then(setExplanation, () => undefined);
      }}
    >
      <summary>{t('popupWhy')}</summary>
      <div aria-live="polite">
        {explanation ? <ExplanationView explanation={explanation} /> : <p className="tm-muted">{t('loading')}</p>}
      </div>
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

/** Whether tips appear by themselves: quiet mode, pauses (with "Resume"), and "Pause tips". */
function TipsSection({ site }: { site: string | undefined }) {
  const { t, locale } = useI18n();
  const quietId = useId();
  const [quiet, setQuiet] = useStoredSetting(quietModeItem);
  const tipsPerDay = useStored(tipsPerDayItem);
  const stored = useStored(snoozesItem);
  const [caps, setCaps] = useState<AttentionCaps>({});
  const [pauseOpen, setPauseOpen] = useState(false);
  useEffect(() => void readAttentionCaps().then(setCaps), []);
  const now = useNow();
  const snoozes = stored && activeSnoozes(stored, now);
  const limit = effectiveAttention({ ...DEFAULT_ATTENTION, tipsPerDay: tipsPerDay ?? DEFAULT_ATTENTION.tipsPerDay }, caps).tipsPerDay;
  const pauseIds = `${quietId}-pause`;

  return (
    <section aria-labelledby={`${quietId}-heading`}>
      <h2 id={`${quietId}-heading`}>{t('popupTips')}</h2>
      <p className="tm-check">
        <input id={quietId} type="checkbox" checked={quiet ?? false} onChange={(event) => setQuiet(event.target.checked)} />
        <label htmlFor={quietId}>{t('quietMode')}</label>
      </p>
      {!quiet && !snoozes?.everywhereUntil && <p className="tm-muted">{t('popupTipsOn', limit)}</p>}
      {snoozes?.everywhereUntil && (
        <p>
          {t('popupSnoozedEverywhere', formatMoment(snoozes.everywhereUntil, locale, now))}{' '}
          <button type="button" onClick={() => void sendMessage('attention:resume', { everywhere: true })}>
            {t('resumeEverywhere')}
          </button>
        </p>
      )}
      {snoozes?.sites.map((pause) => (
        <p key={pause.site}>
          {pause.until === null
            ? t('popupSnoozedSiteForever', pause.site)
            : t('popupSnoozedSite', pause.site, formatMoment(pause.until, locale, now))}{' '}
          <button type="button" onClick={() => void sendMessage('attention:resume', { site: pause.site })}>
            {t('resumeSite', pause.site)}
          </button>
        </p>
      ))}
      <button type="button" aria-expanded={pauseOpen} aria-controls={pauseIds} onClick={() => setPauseOpen(!pauseOpen)}>
        {t('tipPause')}
      </button>
      {pauseOpen && (
        <div id={pauseIds} role="group" aria-label={t('tipPauseGroup')} className="tm-choices">
          {SNOOZE_KINDS.filter((kind) => site || !kind.startsWith('site')).map((kind) => (
            <button
              key={kind}
              type="button"
              onClick={() => {
                setPauseOpen(false);
                void sendMessage('attention:snooze', { kind, ...(kind.startsWith('site') ? { site } : {}) });
              }}
            >
              {t(`snooze_${kind}`)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}

function TabSection({ tab, site }: { tab: TabMatches | null | undefined; site: string | undefined }) {
  const { t } = useI18n();
  if (tab === undefined) return <p className="tm-muted">{t('loading')}</p>;
  if (tab === null) return <p className="tm-muted">{t('popupNotCovered')}</p>;
  if (tab.decision.action === 'block') return <p className="tm-muted">{t('popupBlocked', tab.decision.rule ?? '')}</p>;
  if (tab.decision.action === 'none' && !tab.onRequest) return <p className="tm-muted">{t('popupNotCovered')}</p>;
  if (tab.cards.length === 0) return <p className="tm-muted">{tab.url ? t('popupNoMatch') : t('popupNotAnalysed')}</p>;
  // Confident matches first (the tip's, then any the attention budget held back); otherwise all, as possible matches.
  const confident = !tab.onRequest && tab.confidentCount > 0;
  return (
    <>
      {tab.onRequest && <p className="tm-muted">{t('popupOnRequest')}</p>}
      {tab.held && !tab.onRequest && <p className="tm-muted">{t(`held_${tab.held.reason}`)}</p>}
      {!confident && !tab.onRequest && <p className="tm-muted">{t('popupBelowTip')}</p>}
      <CardList cards={confident ? tab.cards.slice(0, tab.confidentCount) : tab.cards} site={site} />
    </>
  );
}

function SearchSection() {
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
    void sendMessage('catalogue:search', { text: query, ...(language ? { language } : {}) }).then(
      (cards) => current && setResults(cards),
      () => current && setResults([]),
    );
    return () => {
      current = false;
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

/** Saved resources or the recently opened ones, folded away until asked for, clearable at once. */
function KeptSection({ kind }: { kind: 'saved' | 'history' }) {
  const { t, locale } = useI18n();
  const list = useStored(kind === 'saved' ? savedItem : historyItem) ?? [];
  const [cleared, setCleared] = useState(false);
  const now = useNow();
  return (
    <section>
      <details data-testid={`${kind}-list`}>
        <summary>
          <h2>{t(kind === 'saved' ? 'popupSaved' : 'popupHistory', list.length)}</h2>
        </summary>
        {list.length === 0 ? (
          <p className="tm-muted">{t(kind === 'saved' ? 'popupSavedEmpty' : 'popupHistoryEmpty')}</p>
        ) : (
          <>
            <CardList cards={list} note={(r) => t(kind === 'saved' ? 'savedAgo' : 'openedAgo', formatAgo(r.at, locale, now))} />
            <button type="button" onClick={() => void sendMessage('attention:clear', kind).then(() => setCleared(true))}>
              {t(kind === 'saved' ? 'popupClearSaved' : 'popupClearHistory')}
            </button>
          </>
        )}
        <div role="status" aria-live="polite" className="tm-visually-hidden">
          {cleared && list.length === 0 ? t(kind === 'saved' ? 'popupClearedSaved' : 'popupClearedHistory') : ''}
        </div>
      </details>
    </section>
  );
}

/** Cards with "Save" and, for this page's matches, "Not relevant" (which the popup can undo). */
function CardList({ cards, site, note }: { cards: (Card | KeptResource)[]; site?: string; note?: (r: KeptResource) => string }) {
  const saved = useStored(savedItem) ?? [];
  const feedback = useStored(feedbackItem) ?? [];
  const savedIds = new Set(saved.map((r) => r.id));
  const notRelevant = new Set(feedback.filter((f) => f.site === site && f.verdict === 'notRelevant').map((f) => f.id));
  return (
    <ul className="tm-card-list">
      {cards.map((card) => (
        <li key={card.id}>
          <ResourceCard
            card={card}
            note={note && 'at' in card ? note(card) : undefined}
            onOpen={() => void sendMessage('resource:opened', { id: card.id, ...(site ? { site } : {}) })}
          >
            <CardActions
              title={card.title}
              language={card.language}
              saved={savedIds.has(card.id)}
              onSave={(value) => void sendMessage('resource:save', { id: card.id, saved: value, ...(site ? { site } : {}) })}
              {...(site
                ? {
                    notRelevant: notRelevant.has(card.id),
                    onNotRelevant: (value: boolean) =>
                      void sendMessage('resource:verdict', { id: card.id, site, verdict: value ? 'notRelevant' : null }),
                  }
                : {})}
            />
          </ResourceCard>
        </li>
      ))}
    </ul>
  );
}
