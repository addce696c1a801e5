import type { ResourceCard as Card } from '@/utils/messaging/protocol';
import { formatDuration, typeLabel, type Translate } from '@/utils/i18n';
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

/** One resource: title as a link that opens in a new tab, what it is, and why it was suggested. */
export function ResourceCard({ card, headingLevel = 3 }: { card: Card; headingLevel?: 2 | 3 | 4 }) {
  const { t } = useI18n();
  const href = safeHref(card.url);
  const Heading = `h${headingLevel}` as const;
  const meta = [typeLabel(card.type, t), formatDuration(card.durationMinutes, t), card.provider, card.language.toUpperCase()].filter(Boolean);
  const why = whyText(card, t);
  return (
    <article className="tm-card" lang={card.language} data-resource-id={card.id}>
      <Heading className="tm-card-title">
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {card.title}
            <span className="tm-visually-hidden"> {t('opensInNewTab')}</span>
          </a>
        ) : (
          card.title
        )}
      </Heading>
      <p className="tm-card-meta">{meta.join(' · ')}</p>
      {why && <p className="tm-card-why">{why}</p>}
    </article>
  );
}
