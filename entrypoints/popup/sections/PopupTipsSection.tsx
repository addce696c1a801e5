import { useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { PauseChoices } from '@/components/PauseChoices';
import { RunningPauses } from '@/components/RunningPauses';
import { useNow } from '@/components/use-now';
import { useSettingsInForce } from '@/components/use-settings';
import { useStored } from '@/components/use-stored';
import { activeSnoozes } from '@/utils/attention/log';
import { sendMessage } from '@/utils/messaging/protocol';
import { snoozesItem } from '@/utils/settings/items';

/** Whether tips appear by themselves: quiet mode, pauses (with "Resume"), and "Pause tips". */
export function PopupTipsSection({ site }: { site: string | undefined }) {
  const { t } = useI18n();
  const quietId = useId();
  const [settings, change] = useSettingsInForce();
  const stored = useStored(snoozesItem);
  const [pauseOpen, setPauseOpen] = useState(false);
  const now = useNow();
  const snoozes = stored && activeSnoozes(stored, now);
  const quiet = settings?.attention.quiet ?? false;
  const pauseIds = `${quietId}-pause`;

  return (
    <section aria-labelledby={`${quietId}-heading`}>
      <h2 id={`${quietId}-heading`}>{t('popupTips')}</h2>
      <p className="tm-check">
        <input id={quietId} type="checkbox" checked={quiet} onChange={(event) => void change({ quiet: event.target.checked })} />
        <label htmlFor={quietId}>{t('quietMode')}</label>
      </p>
      {settings && !quiet && !snoozes?.everywhereUntil && <p className="tm-muted">{t('popupTipsOn', settings.attention.tipsPerDay)}</p>}
      {snoozes && <RunningPauses snoozes={snoozes} now={now} item="p" />}
      <button type="button" aria-expanded={pauseOpen} aria-controls={pauseIds} onClick={() => setPauseOpen(!pauseOpen)}>
        {t('tipPause')}
      </button>
      {pauseOpen && (
        <PauseChoices
          id={pauseIds}
          site={!!site}
          className="tm-choices"
          onChoose={(kind) => {
            setPauseOpen(false);
            void sendMessage('attention:snooze', { kind, ...(kind.startsWith('site') ? { site } : {}) });
          }}
        />
      )}
    </section>
  );
}
