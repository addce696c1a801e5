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
 * Number substitutions are formatted for the language.
 *
 * @example createTranslator('nl')('tipTitle') // 'Leren bij deze pagina'
 */
export function createTranslator(locale: Locale) {
  const bundle = BUNDLES[locale];
  const fallback: Bundle = en;
  return (key: MessageKey, ...substitutions: (string | number)[]): string => {
    const template = bundle[key]?.message ?? fallback[key]?.message ?? key;
    return template.replace(/\$(\d)/g, (_: string, n: string) => {
      const value = substitutions[Number(n) - 1] ?? '';
      // Numbers are written the local way: 1,234 in English, 1.234 in Dutch.
      return typeof value === 'number' ? numberFormat(locale).format(value) : value;
    });
  };
}

/** One number format per language, made when first needed (making one is slow; translators are made often). */
const numberFormats = new Map<Locale, Intl.NumberFormat>();
function numberFormat(locale: Locale): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format;
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

/**
 * A moment as people in this language write it: time only when it is today, else date and time.
 *
 * @example formatMoment(Date.parse('2026-05-12T15:30'), 'nl', now) // '15:30' today, '12 mei 2026 15:30' otherwise
 */
export function formatMoment(at: number, locale: Locale, now = Date.now()): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  const format = sameDay ? { timeStyle: 'short' as const } : { dateStyle: 'medium' as const, timeStyle: 'short' as const };
  return new Intl.DateTimeFormat(locale, format).format(at);
}

/**
 * How long ago, in words: "5 minutes ago", "yesterday" / "5 minuten geleden", "gisteren".
 *
 * @example formatAgo(now - 3 * 3600_000, 'en', now) // '3 hours ago'
 */
export function formatAgo(at: number, locale: Locale, now = Date.now()): string {
  const seconds = Math.round((at - now) / 1000);
  const words = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 7],
    ['week', 4.35],
    ['month', 12],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return words.format(Math.round(value), unit);
    value /= size;
  }
  return words.format(Math.round(value), 'year');
}

/**
 * A language code in the UI's language: `nl` is "Dutch" in English and "Nederlands" in Dutch.
 * Unknown codes are shown as written.
 */
export function languageName(code: string, locale: Locale): string {
  try {
    const name = new Intl.DisplayNames(locale, { type: 'language' }).of(code);
    return name && name !== code ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : code.toUpperCase();
  } catch {
    return code.toUpperCase();
  }
}
