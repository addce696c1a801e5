import { useEffect, useRef, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { sendMessage, type RulesView } from '@/utils/messaging/protocol';
import { missingOrigins, originsForRules } from '@/utils/permissions/origins';
import type { RuleProblem } from '@/utils/rules/problems';
import type { SiteRule } from '@/utils/rules/schema';
import { requestOrigins } from '../use-rules';
import { ImportExport } from './sites/ImportExport';
import { RoleChooser } from './sites/RoleChooser';
import { RuleForm } from './sites/RuleForm';
import { RuleTable } from './sites/RuleTable';
import { TestUrl } from './sites/TestUrl';

/**
 * Where Trailmark may look: the organisation's rules (read-only), the employee's own rules (add,
 * edit, switch off, delete, import, export), the employee's role, and "Test a URL".
 */
export function SitesSection({ view, granted }: { view: RulesView; granted: readonly string[] }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<SiteRule | 'new' | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const addButton = useRef<HTMLButtonElement>(null);
  const locked = view.locked.ownRules;

  /**
   * Saves the employee's rules. Host access for new suggest rules is asked first, synchronously
   * in the click or submit that led here, as browsers require; the rules are saved whatever the
   * answer (the script follows the permissions, and Site access lists what is still missing).
   */
  const save = async (next: SiteRule[]): Promise<RuleProblem[] | undefined> => {
    const wanted = originsForRules([...(view.policyRules ?? []), ...next], view.audience);
    void requestOrigins(missingOrigins(wanted, granted));
    return send(next);
  };

  /**
   * Sends rules to the background, which checks them and answers each problem. An imported file
   * goes straight here: it is checked there, and a browser answers a host-access request only in
   * the click itself, which a file chooser's answer seldom still is (Site access lists what is missing).
   */
  const send = async (next: unknown): Promise<RuleProblem[] | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      const outcome = await sendMessage('rules:save', next);
      return outcome.ok ? undefined : outcome.problems;
    } catch (e) {
      setError((e as Error).message);
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const own = view.ownRules;
  const replace = (rule: SiteRule) => own.map((r) => (r.id === rule.id ? rule : r));
  // After the form closes, focus goes back to "Add a rule", where the person started.
  const refocus = useRef(false);
  const closeForm = () => {
    refocus.current = true;
    setEditing(undefined);
  };
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    addButton.current?.focus();
  }, [editing]);

  return (
    <section aria-labelledby="sites-heading">
      <h2 id="sites-heading">{t('optionsSites')}</h2>
      <p className="tm-muted">{t('optionsSitesHelp')}</p>
      <details className="tm-help-box">
        <summary>{t('optionsSpecificityTitle')}</summary>
        <p>{t('optionsSpecificityIntro')}</p>
        <ol>
          <li>{t('optionsSpecificityHost')}</li>
          <li>{t('optionsSpecificityLabels')}</li>
          <li>{t('optionsSpecificityPath')}</li>
          <li>{t('optionsSpecificityKind')}</li>
          <li>{t('optionsSpecificityOrder')}</li>
        </ol>
        <p>{t('optionsSpecificityExample')}</p>
        <p>{t('optionsPatternKinds')}</p>
      </details>

      {view.policyRules && <RuleTable rules={view.policyRules} caption={t('optionsPolicyRules')} testId="policy-rules" />}

      {locked ? (
        <>
          <p className="tm-muted" data-testid="rules-locked">
            {t('optionsRulesLocked')}
          </p>
          {!view.policyRules && <RuleTable rules={own} caption={t('optionsOwnRules')} testId="own-rules" />}
        </>
      ) : (
        <>
          {own.length > 0 && (
            <RuleTable
              rules={own}
              caption={view.isDefault ? t('optionsDefaultRules') : t('optionsOwnRules')}
              testId="own-rules"
              actions={{
                busy,
                onToggle: (rule) => void save(replace({ ...rule, enabled: !rule.enabled })),
                onEdit: (rule) => setEditing(rule),
                onDelete: (rule) => {
                  if (confirm(t('optionsRuleDeleteConfirm', rule.name))) void save(own.filter((r) => r.id !== rule.id));
                },
              }}
            />
          )}
          {view.isDefault && <p className="tm-muted">{t('optionsSitesDefault')}</p>}
          {editing ? (
            <RuleForm
              key={editing === 'new' ? 'new' : editing.id}
              {...(editing === 'new' ? {} : { rule: editing })}
              takenIds={new Set([...own, ...(view.policyRules ?? [])].map((r) => r.id))}
              onCancel={closeForm}
              onSave={async (rule) => {
                const problems = await save(editing === 'new' ? [...own, rule] : replace(rule));
                if (!problems) closeForm();
                return problems;
              }}
            />
          ) : (
            <p>
              <button type="button" ref={addButton} onClick={() => setEditing('new')}>
                {t('optionsRuleAdd')}
              </button>
            </p>
          )}
        </>
      )}
      {error && (
        <p role="alert" className="tm-error">
          {t('errorGeneric', error)}
        </p>
      )}
      <ImportExport rules={own} locked={locked} onImport={send} />
      <RoleChooser named={view.audiences} chosen={view.audience} />
      <TestUrl />
    </section>
  );
}
