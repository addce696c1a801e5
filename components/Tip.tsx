import { useEffect, useRef, useState } from 'react';
import type { ResourceCard as Card } from '@/utils/messaging/protocol';
import { useI18n } from './i18n';
import { ResourceCard } from './ResourceCard';

/**
 * The tip on a page: a small button that expands to at most three cards. It never takes focus by
 * itself; Escape closes the panel (focus goes back to the button) and the × dismisses the tip.
 */
export function Tip({ cards, onDismiss }: { cards: Card[]; onDismiss: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    // Polite, once: screen-reader users hear that a tip exists without losing their place.
    const timer = setTimeout(() => setAnnouncement(t('tipAnnouncement', cards.length)), 500);
    return () => clearTimeout(timer);
  }, [cards.length, t]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    if (open) {
      setOpen(false);
      toggle.current?.focus();
    } else onDismiss();
  };

  return (
    // Escape anywhere inside the tip closes it: a keyboard shortcut, not a click target.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <div className="tm-tip" role="complementary" aria-label={t('tipLabel')} onKeyDown={onKeyDown}>
      <div className="tm-bar">
        <button
          ref={toggle}
          type="button"
          className="tm-toggle"
          aria-expanded={open}
          aria-controls="tm-panel"
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true" className="tm-mark">◆</span> {t('tipButton', cards.length)}
        </button>
        <button type="button" className="tm-close" aria-label={t('tipDismiss')} title={t('tipDismiss')} onClick={onDismiss}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {open && (
        <div id="tm-panel" className="tm-panel">
          <h2 className="tm-panel-title">{t('tipTitle')}</h2>
          {cards.map((card) => (
            <ResourceCard key={card.id} card={card} />
          ))}
        </div>
      )}
      <div className="tm-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
