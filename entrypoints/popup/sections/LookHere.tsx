import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { sendMessage } from '@/utils/messaging/protocol';
import type { TabMatches } from '@/utils/tabs/matches';

/**
 * "Look at this page": reads the current tab once because the employee asks, through activeTab,
 * also where no rule covers it (never where a block rule applies).
 */
export function LookHere({ tabId, tab, onFound }: { tabId: number; tab: TabMatches; onFound(tab: TabMatches): void }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | { error: string }>('idle');
  if (tab.decision.action === 'block' || tab.cards.length > 0 || !/^https?:/.test(tab.url)) return null;
  const look = async () => {
    setState('busy');
    try {
      onFound(await sendMessage('popup:lookHere', tabId));
      setState('idle');
    } catch (e) {
      setState({ error: (e as Error).message });
    }
  };
  return (
    <div>
      <button type="button" onClick={() => void look()} disabled={state === 'busy'} aria-describedby="look-here-help">
        {t('popupLookHere')}
      </button>
      <p id="look-here-help" className="tm-muted">
        {t('popupLookHereHelp')}
      </p>
      {typeof state === 'object' && (
        <p role="alert" className="tm-error">
          {t('errorGeneric', state.error)}
        </p>
      )}
    </div>
  );
}
