import { CardActions } from '@/components/CardActions';
import { ResourceCard } from '@/components/ResourceCard';
import { useStored } from '@/components/use-stored';
import type { KeptResource } from '@/utils/attention/model';
import type { ResourceCard as Card } from '@/utils/catalogue/card';
import { sendMessage } from '@/utils/messaging/protocol';
import { feedbackItem, savedItem } from '@/utils/settings/items';

/** Cards with "Save" and, for this page's matches, "Not relevant" (which the popup can undo). */
export function CardList({ cards, site, note }: { cards: (Card | KeptResource)[]; site?: string; note?: (r: KeptResource) => string }) {
  const saved = useStored(savedItem) ?? [];
  const feedback = useStored(feedbackItem) ?? [];
  const savedIds = new Set(saved.map((r) => r.id));
  const notRelevant = new Set(feedback.filter((f) => f.site === site && f.verdict === 'notRelevant').map((f) => f.id));
  return (
    <ul className="tm-card-list">
      {cards.map((card) => (
        <li key={card.id}>
          <ResourceCard
            card={card}
            note={note && 'at' in card ? note(card) : undefined}
            onOpen={() => void sendMessage('resource:opened', { id: card.id, ...(site ? { site } : {}) })}
          >
            <CardActions
              title={card.title}
              language={card.language}
              saved={savedIds.has(card.id)}
              onSave={(value) => void sendMessage('resource:save', { id: card.id, saved: value, ...(site ? { site } : {}) })}
              {...(site
                ? {
                    notRelevant: notRelevant.has(card.id),
                    onNotRelevant: (value: boolean) =>
                      void sendMessage('resource:verdict', { id: card.id, site, verdict: value ? 'notRelevant' : null }),
                  }
                : {})}
            />
          </ResourceCard>
        </li>
      ))}
    </ul>
  );
}
