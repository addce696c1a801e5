import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '@/components/i18n';
import type { MessageKey } from '@/utils/i18n';
import { ruleProblems, type RuleField, type RuleProblem } from '@/utils/rules/problems';
import { SiteRuleSchema, type SiteRule } from '@/utils/rules/schema';

interface Draft {
  name: string;
  patterns: string;
  action: 'suggest' | 'block';
  skills: string;
  keywords: string;
  audience: string;
  enabled: boolean;
}

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** A new rule's id: readable, and unique enough among one person's rules. */
function newId(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'rule';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** The rule a draft describes, as the schema will judge it. */
function toInput(draft: Draft, id: string) {
  return {
    id,
    name: draft.name.trim(),
    patterns: draft.patterns
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean),
    action: draft.action,
    skills: list(draft.skills),
    keywords: list(draft.keywords),
    audience: list(draft.audience),
    enabled: draft.enabled,
  };
}

/**
 * Adds or edits one rule. Checked with the same schema as imports and policy; each problem is
 * shown next to its field, and focus moves to the first field with a problem.
 */
export function RuleForm({
  rule,
  takenIds,
  onSave,
  onCancel,
}: {
  rule?: SiteRule;
  takenIds: ReadonlySet<string>;
  onSave(rule: SiteRule): Promise<RuleProblem[] | undefined>;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => ({
    name: rule?.name ?? '',
    patterns: rule?.patterns.join('\n') ?? '',
    action: rule?.action ?? 'suggest',
    skills: rule?.skills.join(', ') ?? '',
    keywords: rule?.keywords.join(', ') ?? '',
    audience: rule?.audience.join(', ') ?? '',
    enabled: rule?.enabled ?? true,
  }));
  const [problems, setProblems] = useState<RuleProblem[]>([]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const ruleId = rule?.id ?? newId(draft.name, takenIds);

  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);

  const check = (next: Draft): RuleProblem[] => {
    const data = toInput(next, ruleId);
    const parsed = SiteRuleSchema.safeParse(data);
    return parsed.success ? [] : ruleProblems(parsed.error, data, true);
  };
  const update = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (tried) setProblems(check(next));
  };
  const focusFirstProblem = (found: RuleProblem[]) => {
    const field = found[0]?.field;
    if (field) form.current?.querySelector<HTMLElement>(`[data-field="${field}"]`)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    const found = check(draft);
    setProblems(found);
    if (found.length) return focusFirstProblem(found);
    setBusy(true);
    try {
      const refused = await onSave(SiteRuleSchema.parse(toInput(draft, ruleId)));
      if (refused?.length) {
        setProblems(refused);
        focusFirstProblem(refused);
      }
    } finally {
      setBusy(false);
    }
  };

  const errorsFor = (field: RuleField) => problems.filter((p) => p.field === field);
  const describe = (problem: RuleProblem) => {
    const text = t(problem.key, ...problem.params);
    return problem.item !== undefined ? t('optionsRuleLineProblem', problem.item, problem.value ?? '', text) : text;
  };
  const fieldProps = (field: RuleField, help?: boolean) => {
    const errors = errorsFor(field);
    const describedBy = [help ? `${id}-${field}-help` : '', errors.length ? `${id}-${field}-error` : ''].filter(Boolean).join(' ');
    return {
      id: `${id}-${field}`,
      'data-field': field,
      'aria-invalid': errors.length > 0 || undefined,
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    };
  };
  const errorList = (field: RuleField) => {
    const errors = errorsFor(field);
    if (!errors.length) return null;
    return (
      <ul id={`${id}-${field}-error`} className="tm-error tm-field-errors">
        {errors.map((p, i) => (
          <li key={i}>{describe(p)}</li>
        ))}
      </ul>
    );
  };
  const textField = (field: 'name' | 'skills' | 'keywords' | 'audience', label: MessageKey, help?: MessageKey) => (
    <p className="tm-field">
      <label htmlFor={`${id}-${field}`}>{t(label)}</label>
      <input type="text" value={draft[field]} onChange={(e) => update({ [field]: e.target.value })} {...fieldProps(field, !!help)} />
      {help && (
        <span id={`${id}-${field}-help`} className="tm-muted tm-help">
          {t(help)}
        </span>
      )}
      {errorList(field)}
    </p>
  );
  const otherProblems = problems.filter((p) => !p.field || p.field === 'id' || p.field === 'enabled');

  return (
    <form
      ref={form}
      onSubmit={(e) => void submit(e)}
      className="tm-rule-form"
      aria-labelledby={`${id}-title`}
      noValidate
      data-testid="rule-form"
    >
      <h3 id={`${id}-title`}>{rule ? t('optionsRuleEditTitle', rule.name) : t('optionsRuleAddTitle')}</h3>
      {textField('name', 'optionsRuleName')}
      <p className="tm-field">
        <label htmlFor={`${id}-patterns`}>{t('optionsRulePatternsLabel')}</label>
        <textarea
          rows={3}
          value={draft.patterns}
          onChange={(e) => update({ patterns: e.target.value })}
          spellCheck={false}
          {...fieldProps('patterns', true)}
        />
        <span id={`${id}-patterns-help`} className="tm-muted tm-help">
          {t('optionsRulePatternsHelp')}
        </span>
        {errorList('patterns')}
      </p>
      <fieldset className="tm-field" data-field="action">
        <legend>{t('optionsRuleAction')}</legend>
        <label>
          <input type="radio" name={`${id}-action`} checked={draft.action === 'suggest'} onChange={() => update({ action: 'suggest' })} />{' '}
          {t('actionSuggest')}
        </label>{' '}
        <label>
          <input type="radio" name={`${id}-action`} checked={draft.action === 'block'} onChange={() => update({ action: 'block' })} />{' '}
          {t('actionBlock')}
        </label>
        {errorList('action')}
      </fieldset>
      {textField('skills', 'optionsRuleSkills', 'optionsRuleListHelp')}
      {textField('keywords', 'optionsRuleKeywords', 'optionsRuleListHelp')}
      {textField('audience', 'optionsRuleAudienceLabel', 'optionsRuleAudienceHelp')}
      <p className="tm-field">
        <label>
          <input type="checkbox" checked={draft.enabled} onChange={(e) => update({ enabled: e.target.checked })} />{' '}
          {t('optionsRuleEnabled')}
        </label>
      </p>
      {otherProblems.length > 0 && (
        <ul className="tm-error" role="alert">
          {otherProblems.map((p, i) => (
            <li key={i}>{describe(p)}</li>
          ))}
        </ul>
      )}
      {problems.length > 0 && (
        <p role="alert" className="tm-error">
          {t('optionsRuleHasProblems', problems.length)}
        </p>
      )}
      <p>
        <button type="submit" disabled={busy}>
          {t('optionsRuleSave')}
        </button>{' '}
        <button type="button" onClick={onCancel}>
          {t('optionsRuleCancel')}
        </button>
      </p>
    </form>
  );
}
