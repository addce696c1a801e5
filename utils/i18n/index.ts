import en from '../../public/_locales/en/messages.json';
import nl from '../../public/_locales/nl/messages.json';

/** UI languages. Both bundles are in `public/_locales`, which the browser also reads for the manifest. */
export type Locale = 'en' | 'nl';
export type MessageKey = keyof typeof en;
type Bundle = Record<string, { message: string }>;
const BUNDLES: Record<Locale, Bundle> = { en, nl };

/** Picks the UI language from a setting and the browser's preferred languages. */
export function resolveLocale(setting: 'auto' | Locale, preferred: readonly string[]): Locale {
  if (setting !== 'auto') return setting;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'nl' || base === 'en') return base;
  }
  return 'en';
}

/**
 * Returns a translator. Messages use `$1`…`$9` for substitutions, like `browser.i18n`, so the
 * same files serve the manifest, the UI (which can switch language at run time) and the CLI.
 *
 * @example createTranslator('nl')('tipTitle') // 'Leren bij deze pagina'
 */
export function createTranslator(locale: Locale) {
  const bundle = BUNDLES[locale];
  const fallback: Bundle = en;
  return (key: MessageKey, ...substitutions: (string | number)[]): string => {
    const template = bundle[key]?.message ?? fallback[key]?.message ?? key;
    return template.replace(/\$(\d)/g, (_: string, n: string) => String(substitutions[Number(n) - 1] ?? ''));
  };
}

/** A resource type in people's words: known types are translated, others shown as written. */
export function typeLabel(type: string, t: Translate): string {
  const key = `type_${type}`;
  return key in en ? t(key as MessageKey) : type;
}
export type Translate = ReturnType<typeof createTranslator>;

/** Locale-aware duration: "45 min", "1 h 30 min" / "1 u 30 min". */
export function formatDuration(minutes: number | undefined, t: Translate): string {
  if (minutes === undefined) return '';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return t('durationMinutes', rest);
  return rest === 0 ? t('durationHours', hours) : t('durationHoursMinutes', hours, rest);
}
