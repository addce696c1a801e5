import { useI18n } from '@/components/i18n';
import type { HealthReport } from '@/utils/catalogue/health';
import { describeWarning } from '@/utils/catalogue/problems';

/** Warnings listed at most; the count says how many there are. */
const MAX_SHOWN = 200;

/** The health check after an import: per-row warnings, then totals per type, language and skill. */
export function CatalogueHealth({ report }: { report: HealthReport }) {
  const { t, locale } = useI18n();
  const list = (pairs: [string, number][]) => pairs.map(([name, n]) => `${name} ${n.toLocaleString(locale)}`).join(', ') || '—';
  return (
    <div data-testid="catalogue-health">
      <h3>{t('optionsHealthHeading')}</h3>
      {report.warnings.length === 0 ? (
        <p>{t('optionsHealthNone')}</p>
      ) : (
        <>
          <p>{t('optionsHealthCount', report.warnings.length)}</p>
          <ul className="tm-problems" data-testid="health-warnings">
            {report.warnings.slice(0, MAX_SHOWN).map((warning, i) => (
              <li key={i}>{describeWarning(warning, t)}</li>
            ))}
          </ul>
        </>
      )}
      <dl className="tm-status" data-testid="health-totals">
        <dt>{t('optionsHealthByType')}</dt>
        <dd>{list(report.totals.type)}</dd>
        <dt>{t('optionsHealthByLanguage')}</dt>
        <dd>{list(report.totals.language)}</dd>
        <dt>{t('optionsHealthBySkill')}</dt>
        <dd>{list(report.totals.skill.slice(0, 10))}</dd>
      </dl>
    </div>
  );
}
