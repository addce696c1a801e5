import { useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { filterRules, rulePage, RULES_PER_PAGE } from '@/utils/rules/pages';
import type { SiteRule } from '@/utils/rules/schema';

/**
 * Rules as a table, 50 to a page with a filter, so 10,000 rules (the most a list may hold) render
 * at once. Without `actions` it is read-only (the organisation's rules, or all rules when the
 * settings are locked).
 */
export function RuleTable({
  rules,
  caption,
  testId,
  actions,
}: {
  rules: readonly SiteRule[];
  caption: string;
  testId: string;
  actions?: { onToggle(rule: SiteRule): void; onEdit(rule: SiteRule): void; onDelete(rule: SiteRule): void; busy: boolean };
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const filterId = useId();
  const matching = filterRules(rules, query);
  const shown = rulePage(matching.length, page);
  const pager = matching.length > RULES_PER_PAGE || query !== '';
  return (
    <>
      {pager && (
        <div className="tm-rule-pager" role="group" aria-label={caption}>
          <label htmlFor={filterId}>{t('optionsRulesFilter')}</label>{' '}
          <input
            id={filterId}
            type="search"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setPage(0);
            }}
          />{' '}
          <button type="button" disabled={shown.page === 0} onClick={() => setPage(shown.page - 1)}>
            {t('optionsRulesPrevious')}
          </button>{' '}
          <span role="status">{t('optionsRulesShown', shown.from + (shown.to > shown.from ? 1 : 0), shown.to, matching.length)}</span>{' '}
          <button type="button" disabled={shown.page >= shown.pages - 1} onClick={() => setPage(shown.page + 1)}>
            {t('optionsRulesNext')}
          </button>
        </div>
      )}
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('optionsRuleName')}</th>
            <th scope="col">{t('optionsRulePatterns')}</th>
            <th scope="col">{t('optionsRuleAction')}</th>
            <th scope="col">{t('optionsRuleBoosts')}</th>
            <th scope="col">{t('optionsRuleAudience')}</th>
            <th scope="col">{t('optionsRuleState')}</th>
            {actions && (
              <th scope="col">
                <span className="tm-visually-hidden">{t('optionsRuleActions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {matching.slice(shown.from, shown.to).map((rule) => (
            <tr key={rule.id} data-rule-id={rule.id}>
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
              <td>{rule.audience.length ? rule.audience.join(', ') : t('optionsRuleEveryone')}</td>
              <td>
                {actions ? (
                  <label>
                    {/* Shows the click at once; re-created from the saved state when it arrives. */}
                    <input
                      key={String(rule.enabled)}
                      type="checkbox"
                      defaultChecked={rule.enabled}
                      disabled={actions.busy}
                      onChange={() => actions.onToggle(rule)}
                    />{' '}
                    {t('ruleOn')}
                    <span className="tm-visually-hidden"> {rule.name}</span>
                  </label>
                ) : rule.enabled ? (
                  t('ruleOn')
                ) : (
                  t('ruleOff')
                )}
              </td>
              {actions && (
                <td className="tm-row-actions">
                  <button
                    type="button"
                    disabled={actions.busy}
                    onClick={() => actions.onEdit(rule)}
                    aria-label={t('optionsRuleEditNamed', rule.name)}
                  >
                    {t('optionsRuleEdit')}
                  </button>{' '}
                  <button
                    type="button"
                    disabled={actions.busy}
                    onClick={() => actions.onDelete(rule)}
                    aria-label={t('optionsRuleDeleteNamed', rule.name)}
                  >
                    {t('optionsRuleDelete')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
