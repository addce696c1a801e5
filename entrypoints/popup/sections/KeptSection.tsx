import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import { useNow } from '@/components/use-now';
import { useStored } from '@/components/use-stored';
import { formatAgo } from '@/utils/i18n';
import { sendMessage } from '@/utils/messaging/protocol';
import { historyItem, savedItem } from '@/utils/settings/items';
import { CardList } from './CardList';

/** Saved resources or the recently opened ones, folded away until asked for, clearable at once. */
export function KeptSection({ kind }: { kind: 'saved' | 'history' }) {
  const { t, locale } = useI18n();
  const list = useStored(kind === 'saved' ? savedItem : historyItem) ?? [];
  const [cleared, setCleared] = useState(false);
  const now = useNow();
  return (
    <section>
      <details data-testid={`${kind}-list`}>
        <summary>
          <h2>{t(kind === 'saved' ? 'popupSaved' : 'popupHistory', list.length)}</h2>
        </summary>
        {list.length === 0 ? (
          <p className="tm-muted">{t(kind === 'saved' ? 'popupSavedEmpty' : 'popupHistoryEmpty')}</p>
        ) : (
          <>
            <CardList cards={list} note={(r) => t(kind === 'saved' ? 'savedAgo' : 'openedAgo', formatAgo(r.at, locale, now))} />
            <button type="button" onClick={() => void sendMessage('attention:clear', kind).then(() => setCleared(true))}>
              {t(kind === 'saved' ? 'popupClearSaved' : 'popupClearHistory')}
            </button>
          </>
        )}
        <div role="status" aria-live="polite" className="tm-visually-hidden">
          {cleared && list.length === 0 ? t(kind === 'saved' ? 'popupClearedSaved' : 'popupClearedHistory') : ''}
        </div>
      </details>
    </section>
  );
}
