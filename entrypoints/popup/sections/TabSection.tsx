import { useI18n } from '@/components/i18n';
import type { TabMatches } from '@/utils/tabs/matches';
import { CardList } from './CardList';

/** What Trailmark found on the current tab, or why it found nothing. */
export function TabSection({ tab, site }: { tab: TabMatches | null | undefined; site: string | undefined }) {
  const { t } = useI18n();
  if (tab === undefined) return <p className="tm-muted">{t('loading')}</p>;
  if (tab === null) return <p className="tm-muted">{t('popupNotCovered')}</p>;
  if (tab.decision.action === 'block') return <p className="tm-muted">{t('popupBlocked', tab.decision.rule ?? '')}</p>;
  if (tab.decision.action === 'none' && !tab.onRequest) return <p className="tm-muted">{t('popupNotCovered')}</p>;
  if (tab.cards.length === 0) return <p className="tm-muted">{tab.url ? t('popupNoMatch') : t('popupNotAnalysed')}</p>;
  // Confident matches first (the tip's, then any the attention budget held back); otherwise all, as possible matches.
  const confident = !tab.onRequest && tab.confidentCount > 0;
  return (
    <>
      {tab.onRequest && <p className="tm-muted">{t('popupOnRequest')}</p>}
      {tab.held && !tab.onRequest && <p className="tm-muted">{t(`held_${tab.held.reason}`)}</p>}
      {!confident && !tab.onRequest && <p className="tm-muted">{t('popupBelowTip')}</p>}
      <CardList cards={confident ? tab.cards.slice(0, tab.confidentCount) : tab.cards} site={site} />
    </>
  );
}
