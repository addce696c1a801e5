import { FromBrand } from '@/components/Brand';
import { useI18n } from '@/components/i18n';
import type { LdProfile } from '@/utils/profile/schema';

export type ProfileSource = 'feed' | 'import' | 'sample' | 'policy';

/** The L&D profile in force, as employees see it on tips, and where it comes from. */
export function ProfileSection({ profile, source }: { profile: LdProfile | undefined; source: ProfileSource | undefined }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="profile-heading" data-testid="profile-section">
      <h2 id="profile-heading">{t('optionsProfile')}</h2>
      {!profile ? (
        <p className="tm-muted">{t('optionsProfileNone')}</p>
      ) : (
        <>
          <FromBrand profile={profile} />
          {profile.tagline && <p>{profile.tagline}</p>}
          <dl className="tm-managed">
            {profile.contact && (
              <>
                <dt>{t('optionsProfileContact')}</dt>
                <dd>
                  <code>{profile.contact}</code>
                </dd>
              </>
            )}
            {profile.about && (
              <>
                <dt>{t('optionsProfileAbout')}</dt>
                <dd>
                  <a href={profile.about} target="_blank" rel="noopener noreferrer">
                    {profile.about}
                  </a>
                </dd>
              </>
            )}
          </dl>
          {source && <p className="tm-muted">{t(`optionsProfileSource_${source}`)}</p>}
        </>
      )}
    </section>
  );
}
