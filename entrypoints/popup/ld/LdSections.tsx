import { AskLd, type AskRequest } from '@/components/AskLd';
import { FromBrand } from '@/components/Brand';
import { useI18n } from '@/components/i18n';
import { ResourceCard } from '@/components/ResourceCard';
import { featuredNow } from '@/utils/campaigns/featured';
import { formatAgo } from '@/utils/i18n';
import type { LdView } from '@/utils/messaging/protocol';

/*
 * What the popup shows of L&D, each part left out when it has nothing to say: the signature
 * ("From <L&D>") under the header, "Featured by <L&D>" while a campaign runs, the quiet "New from
 * <L&D>" list, and "Ask <L&D>" at the end.
 */

/** "From <L&D>", with the logo and the accent: a signature, not a banner. */
export function LdSignature({ view }: { view: LdView | undefined }) {
  if (!view?.profile) return null;
  return (
    <div data-testid="ld-signature">
      <FromBrand profile={view.profile} />
    </div>
  );
}

/** Today's campaigns, by the popup's own clock (the employee's calendar), at most 3. */
export function LdFeatured({ view, now, onOpen }: { view: LdView | undefined; now: number; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const running = featuredNow(view?.featured ?? [], new Date(now));
  if (!view || running.length === 0) return null;
  const name = view.profile?.name;
  return (
    <section aria-labelledby="featured-heading" data-testid="featured-list">
      <h2 id="featured-heading">{name ? t('featuredBy', name) : t('featuredNoName')}</h2>
      <ul className="tm-card-list">
        {running.map((card) => (
          <li key={card.id}>
            <ResourceCard
              card={card}
              onOpen={() => onOpen(card.id)}
              {...(card.campaign ? { note: t('featuredCampaign', card.campaign) } : {})}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What recent feed updates added: folded away, never a tip. */
export function LdNews({ view, now, onOpen }: { view: LdView | undefined; now: number; onOpen: (id: string) => void }) {
  const { t, locale } = useI18n();
  if (!view || view.news.length === 0) return null;
  const name = view.profile?.name;
  return (
    <section data-testid="news-list">
      <details>
        <summary>
          <h2>{name ? t('newFrom', name) : t('newNoName')}</h2>
        </summary>
        <ul className="tm-card-list">
          {view.news.map((card) => (
            <li key={card.id}>
              <ResourceCard
                card={card}
                onOpen={() => onOpen(card.id)}
                note={t('newAdded', formatAgo(Date.parse(card.addedAt), locale, now))}
              />
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/** "Can't find what you need? Ask <L&D>"; no contact, no button. */
export function LdAsk({
  view,
  page,
  onAsk,
}: {
  view: LdView | undefined;
  page: { title: string; url: string } | undefined;
  onAsk: (request: AskRequest) => void;
}) {
  if (!view?.profile?.contact) return null;
  return <AskLd profile={view.profile} {...(page ? { page } : {})} onAsk={onAsk} />;
}
