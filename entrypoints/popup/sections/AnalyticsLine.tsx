import { useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { sendMessage } from '@/utils/messaging/protocol';

/** One plain sentence on what is counted, only while the organisation's analytics are counting. */
export function AnalyticsLine() {
  const { t } = useI18n();
  const [counting, setCounting] = useState(false);
  useEffect(() => {
    void sendMessage('analytics:status').then(
      (status) => setCounting(status.counting),
      () => setCounting(false),
    );
  }, []);
  if (!counting) return null;
  return (
    <p className="tm-muted" data-testid="analytics-line">
      {t('analyticsSentence')}
    </p>
  );
}
