import { AskLd, type AskRequest } from '@/components/AskLd';
import { FromBrand } from '@/components/Brand';
import { useI18n } from '@/components/i18n';
import { ResourceCard } from '@/components/ResourceCard';
import { featuredNow } from '@/utils/campaigns/featured';
import { formatAgo } from '@/utils/i18n';
import type { LdView } from '@/utils/messaging/protocol';
import type { LdProfile } from '@/utils/profile/schema';

/**
 * What the popup shows of L&D: "Featured by <L&D>" while a campaign runs (at most 3), the quiet
 * "New from <L&D>" list (two weeks, at most 5), the signature, and "Ask <L&D>". Each part is left
 * out when it has nothing to say.
 */
export function LdSections({
  view,
  page,
  now,
  onOpen,
  onAsk,
}: {
  view: LdView;
  page?: { title: string; url: string };
  now: number;
  onOpen: (id: string) => void;
  onAsk: (request: AskRequest) => void;
}) {
  const { t, locale } = useI18n();
  const name = view.profile?.name;
  // The popup judges the day by its own clock: the employee's calendar.
  const running = featuredNow(view.featured, new Date(now));
  return (
    <>
      {running.length > 0 && (
        <section aria-labelledby="featured-heading" data-testid="featured-list">
          <h2 id="featured-heading">{name ? t('featuredBy', name) : t('featuredNoName')}</h2>
          <ul className="tm-card-list">
            {running.map((card) => (
              <li key={card.id}>
                <ResourceCard card={card} onOpen={() => onOpen(card.id)} {...(card.campaign ? { note: t('featuredCampaign', card.campaign) } : {})} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {view.news.length > 0 && (
        <section data-testid="news-list">
          <details>
            <summary>
              <h2>{name ? t('newFrom', name) : t('newNoName')}</h2>
            </summary>
            <ul className="tm-card-list">
              {view.news.map((card) => (
                <li key={card.id}>
                  <ResourceCard card={card} onOpen={() => onOpen(card.id)} note={t('newAdded', formatAgo(Date.parse(card.addedAt), locale, now))} />
                </li>
              ))}
            </ul>
          </details>
        </section>
      )}
      {view.profile && <Signature profile={view.profile} page={page} onAsk={onAsk} />}
    </>
  );
}

function Signature({ profile, page, onAsk }: { profile: LdProfile; page?: { title: string; url: string }; onAsk: (r: AskRequest) => void }) {
  return (
    <section className="tm-ld" data-testid="ld-signature">
      <FromBrand profile={profile} />
      <AskLd profile={profile} {...(page ? { page } : {})} onAsk={onAsk} />
    </section>
  );
}
