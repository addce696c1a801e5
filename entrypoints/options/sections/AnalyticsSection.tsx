import { useEffect, useId, useState } from 'react';
import { useI18n } from '@/components/i18n';
import type { AnalyticsStatus } from '@/utils/analytics/model';
import { sendMessage } from '@/utils/messaging/protocol';

/**
 * Shown only when the organisation turned analytics on: one sentence on what is counted, the
 * opt-out when allowed, and "See what is shared" with the last batch exactly as it was sent.
 */
export function AnalyticsSection() {
  const { t } = useI18n();
  const id = useId();
  const [status, setStatus] = useState<AnalyticsStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void sendMessage('analytics:status').then(setStatus, (e: Error) => setError(e.message));
  }, []);
  if (!status?.configured) return null;
  return (
    <section aria-labelledby={`${id}-heading`} data-testid="analytics-section">
      <h2 id={`${id}-heading`}>{t('analyticsHeading')}</h2>
      <p data-testid="analytics-sentence">{status.counting ? t('analyticsSentence') : t('analyticsOptedOut')}</p>
      {status.mayOptOut ? (
        <label>
          <input
            type="checkbox"
            checked={!status.optedOut}
            onChange={(event) => {
              setError(null);
              void sendMessage('analytics:optOut', !event.target.checked).then(setStatus, (e: Error) => setError(e.message));
            }}
          />{' '}
          {t('analyticsOptIn')}
        </label>
      ) : (
        <p className="tm-muted">{t('analyticsNoOptOut')}</p>
      )}
      <details data-testid="analytics-shared">
        <summary>{t('analyticsSeeShared')}</summary>
        {status.lastBatch?.length ? (
          <>
            <p className="tm-muted">{t('analyticsLastSent', new Date(status.lastSentAt ?? 0).toLocaleString(), status.lastBatch.length)}</p>
            {/* Text, never markup: React escapes it. */}
            <pre data-testid="analytics-last-batch" style={{ maxHeight: 320, overflow: 'auto', fontSize: 12 }}>
              {JSON.stringify(status.lastBatch, null, 2)}
            </pre>
          </>
        ) : (
          <p className="tm-muted">{t('analyticsNothingSent')}</p>
        )}
      </details>
      {error && (
        <p role="alert" className="tm-error">
          {t('errorGeneric', error)}
        </p>
      )}
    </section>
  );
}
