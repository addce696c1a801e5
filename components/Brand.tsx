import type { CSSProperties } from 'react';
import type { LdProfile } from '@/utils/profile/schema';
import { useI18n } from './i18n';

/** The logo as an image source: its own bytes, never fetched (a data: URL of a checked PNG or WebP). */
export function logoSrc(profile: Pick<LdProfile, 'logo' | 'logoType'>): string | undefined {
  return profile.logo && profile.logoType ? `data:${profile.logoType};base64,${profile.logo}` : undefined;
}

/** The accent as a CSS variable for the signature mark; the theme's own accent without one. */
export const accentStyle = (profile: Pick<LdProfile, 'accent'>): CSSProperties | undefined =>
  profile.accent ? ({ '--tm-brand': profile.accent } as CSSProperties) : undefined;

/**
 * "From <L&D>": who offers the resources, as a quiet signature with the logo and a thin stripe
 * in L&D's accent colour. The logo is decorative (the name is next to it).
 */
export function FromBrand({ profile, className = '' }: { profile: LdProfile; className?: string }) {
  const { t } = useI18n();
  const src = logoSrc(profile);
  return (
    <p className={`tm-brand ${className}`} style={accentStyle(profile)} data-testid="brand">
      {src && <img className="tm-brand-logo" src={src} alt="" width={20} height={20} />}
      <span>{t('brandFrom', profile.name)}</span>
    </p>
  );
}
