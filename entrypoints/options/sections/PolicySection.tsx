import { useI18n } from '@/components/i18n';
import type { MessageKey } from '@/utils/i18n';
import type { RulesView } from '@/utils/messaging/protocol';
import { describeRuleProblem } from '@/utils/rules/problems';
import { MANAGED_KEYS } from '@/utils/settings/managed';

/** What the organisation set (read-only), and policy values that were refused. */
export function PolicySection({ view }: { view: RulesView }) {
  const { t } = useI18n();
  const { setByPolicy, warnings } = view;
  const managed = setByPolicy.siteRules || setByPolicy.feedUrl || setByPolicy.feedPublicKey || setByPolicy.lockSettings;
  if (!managed && warnings.length === 0) return null;
  return (
    <section aria-labelledby="policy-heading" data-testid="policy-section">
      <h2 id="policy-heading">{t('optionsPolicy')}</h2>
      {managed && (
        <>
          <p>{view.locked.ownRules ? t('optionsPolicyLocked') : t('optionsPolicyManaged')}</p>
          {!setByPolicy.siteRules && (
            <p className="tm-warning" data-testid="policy-no-rules">
              {t('optionsPolicyNoRules')}
            </p>
          )}
          <dl className="tm-managed">
            {setByPolicy.feedUrl && (
              <>
                <dt>{t('optionsFeedUrl')}</dt>
                <dd data-testid="policy-feed-url">
                  <code>{view.feedUrl}</code> <span className="tm-badge">{t('optionsSetByOrganisation')}</span>
                </dd>
              </>
            )}
            {setByPolicy.feedPublicKey && (
              <>
                <dt>{t('optionsFeedPublicKey')}</dt>
                <dd>
                  <code>{view.feedPublicKey?.slice(0, 24)}…</code> <span className="tm-badge">{t('optionsSetByOrganisation')}</span>
                </dd>
              </>
            )}
            {setByPolicy.siteRules && (
              <>
                <dt>{t('optionsSites')}</dt>
                <dd>
                  {t('optionsPolicyRuleCount', view.policyRules?.length ?? 0)}{' '}
                  <span className="tm-badge">{t('optionsSetByOrganisation')}</span>
                </dd>
              </>
            )}
          </dl>
        </>
      )}
      {warnings.length > 0 && (
        <div className="tm-warning" data-testid="policy-warnings">
          <h3>{t('optionsPolicyWarnings')}</h3>
          <ul>
            {warnings.map((warning) => (
              <li key={`${warning.key}-${warning.reason}`}>
                {warning.unknown ? (
                  t('optionsPolicyUnknown', warning.key, t(warning.reason as MessageKey, MANAGED_KEYS.join(', ')))
                ) : (
                  <>
                    {t('optionsPolicyWarning', warning.key, t(warning.reason as MessageKey))}{' '}
                    {warning.keptPrevious ? t('optionsPolicyWarningKept') : t('optionsPolicyWarningNone')}
                  </>
                )}
                {warning.problems && (
                  <ul>
                    {warning.problems.map((problem, i) => (
                      <li key={i}>{describeRuleProblem(problem, t)}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
