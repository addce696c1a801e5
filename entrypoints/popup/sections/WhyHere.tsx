import { useState } from 'react';
import { ExplanationView } from '@/components/ExplanationView';
import { useI18n } from '@/components/i18n';
import { sendMessage } from '@/utils/messaging/protocol';
import type { Explanation } from '@/utils/rules/explain';

/** "Why does (or doesn't) Trailmark look here?": the rules' explanation for this tab, on request. */
export function WhyHere({ url }: { url: string }) {
  const { t } = useI18n();
  const [explanation, setExplanation] = useState<Explanation | undefined>();
  return (
    <details
      onToggle={(event) => {
        if ((event.target as HTMLDetailsElement).open && !explanation)
          void sendMessage('rules:explain', url).then(setExplanation, () => undefined);
      }}
    >
      <summary>{t('popupWhy')}</summary>
      <div aria-live="polite">
        {explanation ? <ExplanationView explanation={explanation} /> : <p className="tm-muted">{t('loading')}</p>}
      </div>
    </details>
  );
}
