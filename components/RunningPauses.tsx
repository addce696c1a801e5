import { useI18n } from '@/components/i18n';
import type { Snoozes } from '@/utils/attention/model';
import { formatMoment } from '@/utils/i18n';
import { sendMessage } from '@/utils/messaging/protocol';

/** The pauses still running, each with its "Resume" button: one rendering for the popup and the options page. */
export function RunningPauses({ snoozes, now, item: Item }: { snoozes: Snoozes; now: number; item: 'p' | 'li' }) {
  const { t, locale } = useI18n();
  return (
    <>
      {snoozes.everywhereUntil !== null && (
        <Item>
          {t('popupSnoozedEverywhere', formatMoment(snoozes.everywhereUntil, locale, now))}{' '}
          <button type="button" onClick={() => void sendMessage('attention:resume', { everywhere: true })}>
            {t('resumeEverywhere')}
          </button>
        </Item>
      )}
      {snoozes.sites.map((pause) => (
        <Item key={pause.site}>
          {pause.until === null
            ? t('popupSnoozedSiteForever', pause.site)
            : t('popupSnoozedSite', pause.site, formatMoment(pause.until, locale, now))}{' '}
          <button type="button" onClick={() => void sendMessage('attention:resume', { site: pause.site })}>
            {t('resumeSite', pause.site)}
          </button>
        </Item>
      ))}
    </>
  );
}
