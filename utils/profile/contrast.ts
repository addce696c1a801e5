/*
 * WCAG 2.x contrast, for the L&D accent colour. The accent is only ever drawn as a graphical mark
 * (the signature stripe, the Ask button's border), never as text, so the bar is WCAG AA for
 * non-text contrast (1.4.11): at least 3:1 against the surface of each theme it appears on.
 */

/**
 * The surfaces the accent is drawn on, per theme: the tip's backgrounds (the popup's and options'
 * dark background, #16191d, is darker still, so a colour that passes here passes there too).
 */
export const THEME_SURFACES = { light: '#ffffff', dark: '#1f242b' } as const;
export type Theme = keyof typeof THEME_SURFACES;
/** WCAG AA for graphical objects and user-interface components. */
export const MIN_ACCENT_CONTRAST = 3;

const HEX = /^#[0-9a-f]{6}$/i;
export const isHexColour = (value: string) => HEX.test(value);

/** Relative luminance of an `#rrggbb` colour (WCAG 2.x definition). */
export function luminance(hex: string): number {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Contrast ratio between two `#rrggbb` colours, 1–21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * How an accent colour fares on each theme's surface, and which themes it fails.
 *
 * @example accentContrast('#0b5cad').failed // ['dark']
 */
export function accentContrast(hex: string): { light: number; dark: number; failed: Theme[] } {
  const light = contrastRatio(hex, THEME_SURFACES.light);
  const dark = contrastRatio(hex, THEME_SURFACES.dark);
  const failed: Theme[] = [];
  if (light < MIN_ACCENT_CONTRAST) failed.push('light');
  if (dark < MIN_ACCENT_CONTRAST) failed.push('dark');
  return { light: Math.round(light * 100) / 100, dark: Math.round(dark * 100) / 100, failed };
}
