import { useI18n } from '@/components/i18n';
import type { RulesView } from '@/utils/messaging/protocol';
import { missingOrigins } from '@/utils/permissions/origins';
import { requestOrigins } from '../use-rules';

/** Sites listed by name; the button asks for all of them. 9,000 list items took half a second to render. */
const MAX_LISTED = 50;

/**
 * Host access the rules in force (and the feed) need but the browser has not granted: the
 * organisation's rules, an import, or access taken back in the browser's settings. One click asks
 * for all of it.
 */
export function PermissionsNotice({ view, granted }: { view: RulesView; granted: readonly string[] }) {
  const { t } = useI18n();
  const missing = missingOrigins(view.neededOrigins, granted);
  if (missing.length === 0) return null;
  return (
    <section aria-labelledby="access-heading" className="tm-warning" data-testid="permissions-missing">
      <h2 id="access-heading">{t('optionsPermissions')}</h2>
      <p>{t('optionsPermissionsNeeded')}</p>
      <ul>
        {missing.slice(0, MAX_LISTED).map((origin) => (
          <li key={origin}>
            <code>{origin}</code>
          </li>
        ))}
      </ul>
      {missing.length > MAX_LISTED && <p>{t('optionsPermissionsMore', missing.length - MAX_LISTED)}</p>}
      <button type="button" onClick={() => void requestOrigins(missing)}>
        {t('optionsPermissionsAllow')}
      </button>
    </section>
  );
}
