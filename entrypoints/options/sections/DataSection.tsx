import { useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { useStored } from '@/components/use-stored';
import { sendMessage } from '@/utils/messaging/protocol';
import { feedbackItem, historyItem, savedItem, tipLogItem } from '@/utils/settings/items';

/** What Trailmark remembers about the employee's use, on this device, and one button to forget it. */
export function DataSection() {
  const { t } = useI18n();
  const id = useId();
  const saved = useStored(savedItem) ?? [];
  const history = useStored(historyItem) ?? [];
  const feedback = useStored(feedbackItem) ?? [];
  const log = useStored(tipLogItem);
  const [forgotten, setForgotten] = useState(false);
  const remembered = (log?.shown.length ?? 0) + (log?.dismissed.length ?? 0);
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('optionsData')}</h2>
      <p className="tm-muted">{t('optionsDataHelp')}</p>
      <p data-testid="data-counts">{t('optionsDataCounts', saved.length, history.length, feedback.length, remembered)}</p>
      <button
        type="button"
        onClick={() => {
          setForgotten(false);
          void sendMessage('attention:clear', 'all').then(() => setForgotten(true));
        }}
      >
        {t('optionsForget')}
      </button>
      <p role="status" aria-live="polite">
        {forgotten ? t('optionsForgotten') : ''}
      </p>
    </section>
  );
}
