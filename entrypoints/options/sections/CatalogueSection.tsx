import { useEffect, useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import type { CatalogueState } from '@/utils/catalogue/db';
import { describeFeedProblem, formatFeedDate, formatFeedTime } from '@/utils/catalogue/feed/describe';
import { describeProblem } from '@/utils/catalogue/problems';
import type { Locale, Translate } from '@/utils/i18n';
import { sendMessage, type FeedStatus, type ImportOutcome } from '@/utils/messaging/protocol';

/** How often the status refreshes while the page is open: feed checks also run on their own. */
const REFRESH_MS = 10_000;

/** Catalogue status (with the feed's checks) and file import. `revision` changes when a feed check ran. */
export function CatalogueSection({ revision = 0 }: { revision?: number }) {
  const { t, locale } = useI18n();
  const inputId = useId();
  const [status, setStatus] = useState<CatalogueState | null>(null);
  const [feed, setFeed] = useState<FeedStatus | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<{ name: string; result: ImportOutcome } | undefined>();
  const [error, setError] = useState<string | undefined>();

  const refresh = () =>
    Promise.all([sendMessage('catalogue:status'), sendMessage('feed:status')]).then(
      ([catalogue, feedStatus]) => {
        setNow(Date.now());
        setStatus(catalogue);
        setFeed(feedStatus);
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => document.visibilityState === 'visible' && void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [revision]);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(file.name);
    setOutcome(undefined);
    setError(undefined);
    try {
      const result = await sendMessage('catalogue:import', { name: file.name, text: await file.text() });
      setOutcome({ name: file.name, result });
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section aria-labelledby="catalogue-heading">
      <h2 id="catalogue-heading">{t('optionsCatalogue')}</h2>
      {status && <CatalogueStatus status={status} feed={feed} now={now} t={t} locale={locale} />}
      <p>
        <label htmlFor={inputId}>{t('optionsImportLabel')}</label>{' '}
        <input
          id={inputId}
          type="file"
          accept=".csv,.json,text/csv,application/json"
          aria-describedby={`${inputId}-help`}
          disabled={!!busy}
          onChange={(event) => {
            void onFile(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
      </p>
      <p id={`${inputId}-help`} className="tm-muted">
        {t('optionsImportHelp')}
      </p>
      <div role="status" aria-live="polite">
        {busy && <p>{t('optionsImporting', busy)}</p>}
        {outcome?.result.ok && (
          <p className="tm-ok" data-testid="import-ok">
            {t('optionsImportOk', outcome.result.state.count.toLocaleString(locale))}
            {outcome.result.ignoredColumns.length > 0 && ` ${t('optionsImportIgnored', outcome.result.ignoredColumns.join(', '))}`}
          </p>
        )}
      </div>
      {error && (
        <p role="alert" className="tm-error">
          {t('errorGeneric', error)}
        </p>
      )}
      {outcome && !outcome.result.ok && (
        <div role="alert" data-testid="import-problems">
          <p className="tm-error">{t('optionsImportFailed', outcome.name, outcome.result.problemCount)}</p>
          <ul className="tm-problems">
            {outcome.result.problems.map((problem, i) => (
              <li key={i}>{describeProblem(problem, t)}</li>
            ))}
          </ul>
          {outcome.result.problemCount > outcome.result.problems.length && (
            <p>{t('optionsImportMore', outcome.result.problemCount - outcome.result.problems.length)}</p>
          )}
        </div>
      )}
    </section>
  );
}

/** Source, version, size and the feed's checks, each on its own line, with the last problem in plain words. */
function CatalogueStatus({
  status,
  feed,
  now,
  t,
  locale,
}: {
  status: CatalogueState;
  feed: FeedStatus | undefined;
  now: number;
  t: Translate;
  locale: Locale;
}) {
  const source =
    status.source === 'sample'
      ? t('optionsSource_sample')
      : status.source === 'import'
        ? t('optionsSource_import', status.label)
        : t('optionsSource_feed', status.feed ? hostOf(status.feed.url) : status.label);
  const time = (iso: string | undefined) => (iso ? formatFeedTime(iso, locale) : t('optionsStatusNever'));
  const expired = status.feed && Date.parse(status.feed.expiresAt) <= now;
  // "the catalogue from 12 May": a feed's catalogue dates from its publication, others from activation.
  const activeDate = formatFeedDate(status.feed?.publishedAt ?? status.activatedAt, locale);
  const problem = feed?.lastProblem && feed.lastOutcome !== 'updated' ? feed.lastProblem : undefined;
  return (
    <dl className="tm-status" data-testid="catalogue-status">
      <dt>{t('optionsStatusSource')}</dt>
      <dd>{source}</dd>
      {status.feed && (
        <>
          <dt>{t('optionsStatusVersion')}</dt>
          <dd data-testid="catalogue-version">{status.feed.version}</dd>
        </>
      )}
      <dt>{t('optionsStatusCount')}</dt>
      <dd data-testid="catalogue-count">{status.count.toLocaleString(locale)}</dd>
      <dt>{t('optionsStatusActive')}</dt>
      <dd>{formatFeedTime(status.activatedAt, locale)}</dd>
      {status.feed && (
        <>
          <dt>{t('optionsStatusPublished')}</dt>
          <dd>{formatFeedTime(status.feed.publishedAt, locale)}</dd>
          <dt>{t('optionsStatusExpires')}</dt>
          <dd className={expired ? 'tm-error' : undefined}>
            {expired
              ? t('optionsStatusExpired', formatFeedDate(status.feed.expiresAt, locale))
              : formatFeedDate(status.feed.expiresAt, locale)}
          </dd>
        </>
      )}
      {feed?.url && (
        <>
          <dt>{t('optionsStatusLastCheck')}</dt>
          <dd data-testid="feed-last-check">{feed.checking ? t('optionsFeedChecking') : time(feed.lastCheckAt)}</dd>
          <dt>{t('optionsStatusLastSuccess')}</dt>
          <dd>{time(feed.lastSuccessAt)}</dd>
          <dt>{t('optionsStatusNextCheck')}</dt>
          <dd>{feed.nextCheckAt ? formatFeedTime(feed.nextCheckAt, locale) : '—'}</dd>
          <dt>{t('optionsStatusProblem')}</dt>
          <dd data-testid="feed-problem" className={problem ? 'tm-error' : undefined}>
            {problem ? t('feedStillActive', describeFeedProblem(problem, t, locale), activeDate) : t('optionsStatusNone')}
          </dd>
        </>
      )}
    </dl>
  );
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};
