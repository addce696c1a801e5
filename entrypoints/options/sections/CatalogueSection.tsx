import { useEffect, useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import type { CatalogueState } from '@/utils/catalogue/db';
import { describeFeedProblem, formatFeedDate, formatFeedTime } from '@/utils/catalogue/feed/describe';
import { describeProblem } from '@/utils/catalogue/problems';
import type { Locale, Translate } from '@/utils/i18n';
import { sendMessage, type FeedStatus, type ImportOutcome } from '@/utils/messaging/protocol';
import type { HealthReport } from '@/utils/catalogue/health';
import type { ImportProblem } from '@/utils/catalogue/import';
import { headerShape, type ColumnMapping, type ExportProfile } from '@/utils/catalogue/import-mapping';
import type { TextEncodingChoice } from '@/utils/catalogue/import-table';
import { importWorker, type TablePreview } from '../import-client';
import { importMappingsItem, saveMapping } from '../import-mappings';
import { CatalogueHealth } from './CatalogueHealth';
import { ImportMapping } from './ImportMapping';

/** A spreadsheet read and waiting for its mapping to be confirmed. */
interface Pending {
  name: string;
  table: TablePreview;
  profile: ExportProfile;
  proposed: ColumnMapping;
  mapping: ColumnMapping;
  saved: boolean;
}

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
  const [pending, setPending] = useState<Pending | undefined>();
  const [mapProblems, setMapProblems] = useState<{ problems: ImportProblem[]; problemCount: number } | undefined>();
  const [health, setHealth] = useState<HealthReport | undefined>();

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
    setPending(undefined);
    setMapProblems(undefined);
    setHealth(undefined);
    try {
      if (/\.json$/i.test(file.name)) {
        const result = await sendMessage('catalogue:import', { name: file.name, text: await file.text() });
        setOutcome({ name: file.name, result });
        await refresh();
      } else {
        await readTable(file.name, await file.arrayBuffer(), {});
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };

  // The file is kept so a different encoding or sheet can be read again.
  const [file, setFile] = useState<{ name: string; bytes: ArrayBuffer } | undefined>();
  const readTable = async (name: string, bytes: ArrayBuffer, options: { encoding?: TextEncodingChoice; sheet?: string }) => {
    setFile({ name, bytes: bytes.slice(0) });
    const read = await importWorker().read(name, bytes, options);
    if (!read.ok) {
      setOutcome({ name, result: { ok: false, problems: read.problems, problemCount: read.problems.length } });
      return;
    }
    const savedMapping = (await importMappingsItem.getValue())[headerShape(read.table.header)];
    setPending({
      name,
      table: read.table,
      profile: read.profile,
      proposed: read.mapping,
      mapping: savedMapping ?? read.mapping,
      saved: !!savedMapping,
    });
  };

  const reread = async (options: { encoding?: TextEncodingChoice; sheet?: string }) => {
    if (!file || !pending) return;
    setBusy(file.name);
    setMapProblems(undefined);
    try {
      await readTable(file.name, file.bytes.slice(0), { encoding: options.encoding ?? pending.table.encoding, ...options });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(undefined);
    }
  };

  const importMapped = async () => {
    if (!pending) return;
    setBusy(pending.name);
    setMapProblems(undefined);
    setError(undefined);
    try {
      const contract = pending.profile === 'trailmark' && JSON.stringify(pending.mapping) === JSON.stringify(pending.proposed);
      const mapped = await importWorker().map(pending.mapping, contract);
      if (!mapped.ok) {
        setMapProblems({ problems: mapped.problems, problemCount: mapped.problemCount });
        return;
      }
      const result = await sendMessage('catalogue:import', { name: pending.name, text: mapped.json, format: 'json' });
      setOutcome({ name: pending.name, result: result.ok ? { ...result, ignoredColumns: mapped.ignoredColumns } : result });
      if (result.ok) {
        await saveMapping(headerShape(pending.table.header), pending.mapping);
        setHealth(mapped.health);
        setPending(undefined);
        setFile(undefined);
      }
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
          accept=".csv,.tsv,.txt,.xlsx,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
      {pending && (
        <ImportMapping
          name={pending.name}
          table={pending.table}
          profile={pending.profile}
          mapping={pending.mapping}
          saved={pending.saved}
          busy={!!busy}
          onChange={(mapping) => setPending({ ...pending, mapping })}
          onReread={(options) => void reread(options)}
          onImport={() => void importMapped()}
          onCancel={() => {
            setPending(undefined);
            setFile(undefined);
            setMapProblems(undefined);
          }}
        />
      )}
      {mapProblems && (
        <div role="alert" data-testid="import-problems">
          <p className="tm-error">{t('optionsMappingProblems', mapProblems.problemCount)}</p>
          <ul className="tm-problems">
            {mapProblems.problems.map((problem, i) => (
              <li key={i}>{describeProblem(problem, t)}</li>
            ))}
          </ul>
        </div>
      )}
      {health && <CatalogueHealth report={health} />}
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
