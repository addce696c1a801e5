import { useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { sendMessage } from '@/utils/messaging/protocol';
import type { SiteRule } from '@/utils/rules/schema';

/** Where Trailmark may look: the site rules. */
export function SitesSection() {
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
