import type { ReactNode } from 'react';
import type { ResourceCard as Card } from '@/utils/messaging/protocol';
import { checkLink } from '@/utils/catalogue/safe-text';
import { formatDuration, languageName, typeLabel, type Translate } from '@/utils/i18n';
import { useI18n } from './i18n';

/**
 * Only links the catalogue check accepts (`https:`, a public host, no user info) become links, as
 * their normalised `href`; anything else is shown as plain text. Checked again here because a
 * catalogue stored by an older version was checked less.
 */
export function safeHref(url: string): string | undefined {
  const checked = checkLink(url);
  return checked.ok ? checked.href : undefined;
}

/** The host a link goes to, as the card shows it (punycode for any host outside ASCII, so mixed scripts cannot pass as another). */
export function linkHost(url: string): string | undefined {
  const checked = checkLink(url);
  return checked.ok ? checked.host : undefined;
}

export function whyText(card: Card, t: Translate): string {
  if (!card.why) return '';
  const words = card.why.words.map((w) => `“${w}”`).join(', ');
  const parts = [words ? t('whyWords', words) : '', card.why.rule ? t('whyRule', card.why.rule) : ''];
  return parts.filter(Boolean).join(' · ');
}

/**
 * One resource: title as a link that opens in a new tab, what it is (type, duration, provider,
 * language), why it was suggested, and any actions. The title carries the resource's own
 * language; the rest is in the UI's.
 */
export function ResourceCard({
  card,
  headingLevel = 3,
  onOpen,
  note,
  children,
}: {
  /** `tagline`: L&D's own hook for this installation's copy variant, shown under the title. */
  card: Omit<Card, 'why'> & { why?: Card['why']; tagline?: string };
  headingLevel?: 2 | 3 | 4;
  /** Called when the employee opens the link (for the history). */
  onOpen?: () => void;
  /** An extra line, e.g. when it was saved. */
  note?: string;
  children?: ReactNode;
}) {
  const { t, locale } = useI18n();
  const href = safeHref(card.url);
  const Heading = `h${headingLevel}` as const;
  const meta = [
    typeLabel(card.type, t),
    formatDuration(card.durationMinutes, t),
    card.provider,
    languageName(card.language, locale),
    linkHost(card.url),
  ].filter(Boolean);
  const why = whyText(card, t);
  return (
    <article className="tm-card" data-resource-id={card.id} data-language={card.language}>
      <Heading className="tm-card-title" lang={card.language}>
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer" onClick={onOpen} onAuxClick={onOpen}>
            {card.title}
            <span className="tm-visually-hidden" lang={locale}>
              {' '}
              {t('opensInNewTab')}
            </span>
          </a>
        ) : (
          card.title
        )}
      </Heading>
      {card.tagline && (
        <p className="tm-card-tagline" lang={card.language}>
          {card.tagline}
        </p>
      )}
      <p className="tm-card-meta">{meta.join(' · ')}</p>
      {why && <p className="tm-card-why">{why}</p>}
      {note && <p className="tm-card-meta">{note}</p>}
      {children && <div className="tm-card-actions">{children}</div>}
    </article>
  );
}
