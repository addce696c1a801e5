import { useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { describeRuleProblem, ruleProblems, type RuleProblem } from '@/utils/rules/problems';
import { SiteRulesSchema, type SiteRule } from '@/utils/rules/schema';

/** Largest rules file read. */
const MAX_RULES_FILE = 5 * 1024 * 1024;

/**
 * Rules as a JSON file: export the employee's rules; import replaces them only when the whole
 * file is valid, otherwise it lists each problem and the current rules stay.
 */
export function ImportExport({
  rules,
  locked,
  onImport,
}: {
  rules: readonly SiteRule[];
  locked: boolean;
  onImport(rules: SiteRule[]): Promise<RuleProblem[] | undefined>;
}) {
  const { t } = useI18n();
  const id = useId();
  const [outcome, setOutcome] = useState<{ name: string; problems: RuleProblem[] } | undefined>();

  const exportRules = () => {
    const blob = new Blob([`${JSON.stringify(rules, null, 2)}\n`], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'trailmark-site-rules.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_RULES_FILE) return setOutcome({ name: file.name, problems: [{ key: 'optionsRulesFileTooLarge', params: [] }] });
    let data: unknown;
    try {
      data = JSON.parse((await file.text()).replace(/^\uFEFF/, ''));
    } catch (error) {
      return setOutcome({ name: file.name, problems: [{ key: 'problemInvalidJson', params: [(error as Error).message] }] });
    }
    const parsed = SiteRulesSchema.safeParse(data);
    if (!parsed.success) return setOutcome({ name: file.name, problems: ruleProblems(parsed.error, data) });
    setOutcome({ name: file.name, problems: (await onImport(parsed.data)) ?? [] });
  };

  return (
    <div className="tm-import-export">
      <p>
        <button type="button" onClick={exportRules}>
          {t('optionsRulesExport')}
        </button>
      </p>
      {!locked && (
        <p>
          <label htmlFor={`${id}-file`}>{t('optionsRulesImport')}</label>{' '}
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,application/json"
            aria-describedby={`${id}-help`}
            onChange={(event) => {
              void importFile(event.target.files?.[0]);
              event.target.value = '';
            }}
          />
          <br />
          <span id={`${id}-help`} className="tm-muted">
            {t('optionsRulesImportHelp')}
          </span>
        </p>
      )}
      <div role="status" aria-live="polite">
        {outcome && outcome.problems.length === 0 && (
          <p className="tm-ok" data-testid="rules-import-ok">
            {t('optionsRulesImported', outcome.name)}
          </p>
        )}
      </div>
      {outcome && outcome.problems.length > 0 && (
        <div role="alert" data-testid="rules-import-problems">
          <p className="tm-error">{t('optionsRulesImportFailed', outcome.name, outcome.problems.length)}</p>
          <ul className="tm-problems">
            {outcome.problems.map((problem, i) => (
              <li key={i}>{describeRuleProblem(problem, t)}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
