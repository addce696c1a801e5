import { useEffect, useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import type { CatalogueState } from '@/utils/catalogue/db';
import { describeProblem } from '@/utils/catalogue/problems';
import type { Locale } from '@/utils/i18n';
import { sendMessage, type ImportOutcome } from '@/utils/messaging/protocol';
import type { SiteRule } from '@/utils/rules/schema';
import { uiLocaleItem } from '@/utils/settings/items';

/** The options page: catalogue status and import, site rules, language. */
export function App() {
  const { t } = useI18n();
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <CatalogueSection />
      <SitesSection />
      <LanguageSection />
    </main>
  );
}

function CatalogueSection() {
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

function SitesSection() {
  const { t } = useI18n();
  const [rules, setRules] = useState<{ rules: SiteRule[]; isDefault: boolean } | undefined>();
  useEffect(() => void sendMessage('rules:get').then(setRules), []);
  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">{t('optionsSites')}</h2>
      <p className="tm-muted">
        {t('optionsSitesHelp')} {rules?.isDefault && t('optionsSitesDefault')}
      </p>
      {rules && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('optionsRuleName')}</th>
              <th scope="col">{t('optionsRulePatterns')}</th>
              <th scope="col">{t('optionsRuleAction')}</th>
              <th scope="col">{t('optionsRuleBoosts')}</th>
              <th scope="col">{t('optionsRuleState')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.rules.map((rule) => (
              <tr key={rule.id}>
                <th scope="row">{rule.name}</th>
                <td>
                  {rule.patterns.map((pattern) => (
                    <div key={pattern}>
                      <code>{pattern}</code>
                    </div>
                  ))}
                </td>
                <td>{rule.action === 'block' ? t('actionBlock') : t('actionSuggest')}</td>
                <td>{[...rule.skills, ...rule.keywords].join(', ')}</td>
                <td>{rule.enabled ? t('ruleOn') : t('ruleOff')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function LanguageSection() {
  const { t } = useI18n();
  const selectId = useId();
  const [setting, setSetting] = useState<'auto' | Locale>('auto');
  useEffect(() => void uiLocaleItem.getValue().then(setSetting), []);
  return (
    <section aria-labelledby="language-heading">
      <h2 id="language-heading">{t('optionsLanguage')}</h2>
      <label htmlFor={selectId} className="tm-visually-hidden">
        {t('optionsLanguage')}
      </label>
      <select
        id={selectId}
        value={setting}
        style={{ maxWidth: 260 }}
        onChange={(event) => {
          const value = event.target.value as 'auto' | Locale;
          setSetting(value);
          void uiLocaleItem.setValue(value);
        }}
      >
        <option value="auto">{t('optionsLanguageAuto')}</option>
        <option value="en" lang="en">English</option>
        <option value="nl" lang="nl">Nederlands</option>
      </select>
    </section>
  );
}
