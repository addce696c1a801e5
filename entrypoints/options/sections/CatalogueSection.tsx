import { useEffect, useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import type { CatalogueState } from '@/utils/catalogue/db';
import { describeProblem } from '@/utils/catalogue/problems';
import { sendMessage, type ImportOutcome } from '@/utils/messaging/protocol';

/** Catalogue status and file import. */
export function CatalogueSection() {
  const { t, locale } = useI18n();
  const inputId = useId();
  const [status, setStatus] = useState<CatalogueState | null>(null);
  const [busy, setBusy] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<{ name: string; result: ImportOutcome } | undefined>();
  const [error, setError] = useState<string | undefined>();

  const refresh = () => sendMessage('catalogue:status').then(setStatus, (e: Error) => setError(e.message));
  useEffect(() => void refresh(), []);

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

  const source = status
    ? status.source === 'sample'
      ? t('optionsSource_sample')
      : status.source === 'import'
        ? t('optionsSource_import', status.label)
        : t('optionsSource_feed', status.label)
    : '';
  return (
    <section aria-labelledby="catalogue-heading">
      <h2 id="catalogue-heading">{t('optionsCatalogue')}</h2>
      {status && (
        <p data-testid="catalogue-status">
          {source} — {t('optionsCount', status.count.toLocaleString(locale))},{' '}
          {t('optionsActivated', new Date(status.activatedAt).toLocaleString(locale))}
        </p>
      )}
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
