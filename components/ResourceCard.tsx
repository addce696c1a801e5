import type { ReactNode } from 'react';
import type { ResourceCard as Card } from '@/utils/messaging/protocol';
import { formatDuration, languageName, typeLabel, type Translate } from '@/utils/i18n';
import { useI18n } from './i18n';

/** Only `https:` addresses become links; anything else is shown as plain text. */
export function safeHref(url: string): string | undefined {
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
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
