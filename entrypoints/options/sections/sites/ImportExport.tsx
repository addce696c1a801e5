import { useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { describeRuleProblem, unknownRuleFields, type RuleProblem } from '@/utils/rules/problems';
import type { SiteRule } from '@/utils/rules/schema';

/** Largest rules file read. */
const MAX_RULES_FILE = 5 * 1024 * 1024;

/**
 * Rules as a JSON file: export the employee's rules; import replaces them only when the whole
 * file is valid, otherwise it lists each problem and the current rules stay. The background
 * checks the file (once: at 10,000 rules a check takes about a second); this page asks only what
 * needs the employee: misspelt fields, and whether an empty list may remove every rule.
 */
export function ImportExport({
  rules,
  locked,
  onImport,
}: {
  rules: readonly SiteRule[];
  locked: boolean;
  onImport(rules: unknown): Promise<RuleProblem[] | undefined>;
}) {
  const { t } = useI18n();
  const id = useId();
  const [outcome, setOutcome] = useState<
    { name: string; problems: RuleProblem[]; warnings?: RuleProblem[]; headline?: string } | undefined
  >();

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
    // A misspelt field (`audiences`, `Enabled`) would be dropped and the rule do something else: refuse.
    const unknown = unknownRuleFields(data);
    const misspelt = unknown.filter((problem) => problem.misspelt);
    if (misspelt.length > 0) {
      return setOutcome({ name: file.name, problems: misspelt, headline: t('optionsRulesImportMisspelt', file.name, misspelt.length) });
    }
    // An empty list replaces every rule: only when the employee says so.
    if (
      Array.isArray(data) &&
      data.length === 0 &&
      rules.length > 0 &&
      !confirm(t('optionsRulesImportEmptyConfirm', file.name, rules.length))
    ) {
      return setOutcome({ name: file.name, problems: [{ key: 'optionsRulesImportCancelled', params: [rules.length] }] });
    }
    setOutcome({ name: file.name, problems: (await onImport(data)) ?? [], warnings: unknown });
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
        {outcome && outcome.problems.length === 0 && outcome.warnings && outcome.warnings.length > 0 && (
          <div className="tm-warning" data-testid="rules-import-warnings">
            <p>{t('optionsRulesImportWarnings', outcome.name, outcome.warnings.length)}</p>
            <ul>
              {outcome.warnings.map((problem, i) => (
                <li key={i}>{describeRuleProblem(problem, t)}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {outcome && outcome.problems.length > 0 && (
        <div role="alert" data-testid="rules-import-problems">
          <p className="tm-error">{outcome.headline ?? t('optionsRulesImportFailed', outcome.name, outcome.problems.length)}</p>
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
