import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { type SnoozeKind } from '@/utils/attention/model';
import { PauseChoices } from './PauseChoices';
import type { Placement } from '@/utils/attention/placement';
import type { ResourceCard as Card } from '@/utils/messaging/protocol';
import type { LdProfile } from '@/utils/profile/schema';
import { AskLd, type AskRequest } from './AskLd';
import { FromBrand, logoSrc } from './Brand';
import { CardActions } from './CardActions';
import { useI18n } from './i18n';
import { ResourceCard } from './ResourceCard';

/** What the tip's buttons do; the tip itself only renders and keeps focus in order. */
export interface TipActions {
  /** × or Escape: these resources stay dismissed on this site. */
  dismiss(ids: string[]): void;
  snooze(kind: SnoozeKind | 'quiet'): void;
  notRelevant(id: string): void;
  save(id: string, saved: boolean): void;
  opened(id: string): void;
  /** The employee opened the tip's panel (counted once per tip, for L&D's numbers). */
  expanded?(): void;
  /** "Ask <L&D>": the background opens the contact with the topic (and this page only if ticked). */
  ask?(request: AskRequest): void;
}

/**
 * The tip on a page: a small button that expands to at most three cards, each with "Save" and
 * "Not relevant", and a "Pause tips" choice. It never takes focus by itself and announces itself
 * once through a polite live region. Escape closes the innermost open part, then dismisses the
 * tip; when the tip goes away, focus returns to where it was before the employee entered it.
 */
export function Tip({
  cards,
  saved: savedAtStart = [],
  placement,
  actions,
  onClose,
  brand,
  page,
}: {
  cards: Card[];
  saved?: string[];
  placement?: Placement;
  /** Who offers the resources (the L&D profile in force), when there is one. */
  brand?: LdProfile;
  /** The page the tip is on, shown in "Ask" only if the employee ticks "include this page". */
  page?: { title: string; url: string };
  actions: TipActions;
  /** Removes the tip from the page. */
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [pauseOpen, setPauseOpen] = useState(false);
  const [shown, setShown] = useState(cards);
  const [saved, setSaved] = useState(() => new Set(savedAtStart));
  const [announcement, setAnnouncement] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const pauseToggle = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const expandedOnce = useRef(false);
  /** Where focus was before it entered the tip, to give it back. */
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    // Polite, once: screen-reader users hear that a tip exists without losing their place. Never
    // over what the employee just did (a fast keyboard user acts within the delay).
    const timer = setTimeout(() => setAnnouncement((current) => current || t('tipAnnouncement', cards.length)), 500);
    return () => clearTimeout(timer);
  }, [cards.length, t]);

  /** The focused element, if it is inside the tip. */
  const focusedInside = (): HTMLElement | undefined => {
    const active = (root.current?.getRootNode() as Document | ShadowRoot | undefined)?.activeElement;
    return active instanceof HTMLElement && root.current?.contains(active) ? active : undefined;
  };
  const close = () => {
    const focused = focusedInside();
    if (focused) {
      const target = returnTo.current;
      if (target?.isConnected) target.focus({ preventScroll: true });
      else focused.blur();
    }
    onClose();
  };

  const dismiss = () => {
    actions.dismiss(shown.map((card) => card.id));
    close();
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    if (pauseOpen) {
      setPauseOpen(false);
      pauseToggle.current?.focus();
    } else if (open) {
      setOpen(false);
      toggle.current?.focus();
    } else dismiss();
  };

  const onFocus = (event: React.FocusEvent) => {
    const from = event.relatedTarget;
    if (from instanceof HTMLElement && root.current?.contains(from)) return;
    returnTo.current = from instanceof HTMLElement ? from : null;
  };

  const save = (card: Card, value: boolean) => {
    actions.save(card.id, value);
    setSaved((current) => {
      const next = new Set(current);
      if (value) next.add(card.id);
      else next.delete(card.id);
      return next;
    });
    setAnnouncement(t(value ? 'tipSavedAnnouncement' : 'tipUnsavedAnnouncement', card.title));
  };

  const notRelevant = (card: Card) => {
    actions.notRelevant(card.id);
    const rest = shown.filter((c) => c.id !== card.id);
    if (rest.length === 0) return close();
    setShown(rest);
    setAnnouncement(t('tipNotRelevantAnnouncement', card.title));
    // The button that had focus is gone: keep the keyboard user in the panel, at its start.
    heading.current?.focus();
  };

  const pause = (kind: SnoozeKind | 'quiet') => {
    actions.snooze(kind);
    close();
  };

  return (
    // Escape anywhere inside the tip closes it: a keyboard shortcut, not a click target.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <div
      ref={root}
      className={`tm-tip tm-${placement?.corner ?? 'bottom-right'}`}
      style={placementStyle(placement)}
      lang={locale}
      role="complementary"
      aria-label={t('tipLabel')}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <div className="tm-bar">
        <button
          ref={toggle}
          type="button"
          className="tm-toggle"
          aria-expanded={open}
          aria-controls="tm-panel"
          onClick={() => {
            if (!open && !expandedOnce.current) {
              expandedOnce.current = true;
              actions.expanded?.();
            }
            setOpen(!open);
          }}
        >
          {brand && logoSrc(brand) ? (
            <img className="tm-mark-logo" src={logoSrc(brand)} alt="" width={16} height={16} />
          ) : (
            <span aria-hidden="true" className="tm-mark">
              ◆
            </span>
          )}{' '}
          {t('tipButton', shown.length)}
        </button>
        <button type="button" className="tm-close" aria-label={t('tipDismiss')} title={t('tipDismiss')} onClick={dismiss}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {open && (
        <div id="tm-panel" className="tm-panel">
          <h2 className="tm-panel-title" ref={heading} tabIndex={-1}>
            {t('tipTitle')}
          </h2>
          <ul className="tm-card-list">
            {shown.map((card) => (
              <li key={card.id}>
                <ResourceCard card={card} onOpen={() => actions.opened(card.id)}>
                  <CardActions
                    title={card.title}
                    language={card.language}
                    saved={saved.has(card.id)}
                    onSave={(value) => save(card, value)}
                    onNotRelevant={() => notRelevant(card)}
                  />
                </ResourceCard>
              </li>
            ))}
          </ul>
          {brand && <FromBrand profile={brand} />}
          {brand && actions.ask && <AskLd profile={brand} {...(page ? { page } : {})} onAsk={actions.ask} />}
          <div className="tm-pause">
            <button
              ref={pauseToggle}
              type="button"
              className="tm-action"
              aria-expanded={pauseOpen}
              aria-controls="tm-pause-choices"
              onClick={() => setPauseOpen(!pauseOpen)}
            >
              {t('tipPause')}
            </button>
            {pauseOpen && (
              <PauseChoices
                id="tm-pause-choices"
                site
                withQuiet
                className="tm-pause-choices"
                buttonClassName="tm-action"
                onChoose={pause}
              />
            )}
          </div>
        </div>
      )}
      <div className="tm-visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}

/** Fixed in the chosen corner; without a placement, bottom right. */
function placementStyle(placement: Placement | undefined): CSSProperties {
  const { corner, x, y } = placement ?? { corner: 'bottom-right', x: 16, y: 16 };
  const [vertical, horizontal] = corner.split('-') as ['top' | 'bottom', 'left' | 'right'];
  return { [vertical]: `${y}px`, [horizontal]: `${x}px` };
}
