import { eng, nld } from 'stopword';
import type { Resource } from './schema';

/**
 * Something in a catalogue that imports but will work less well than it could: the import
 * accepts it (the contract allows it), the health check names it so L&D can fix it at the source.
 * `code` is an i18n message key.
 */
export interface HealthWarning {
  code: HealthCode;
  /** The spreadsheet row (header = row 1) or JSON item number. */
  row: number;
  id: string;
  value?: string;
  otherRow?: number;
}

export type HealthCode =
  | 'healthDuplicateUrl'
  | 'healthNoDescription'
  | 'healthShortDescription'
  | 'healthLanguageMismatch'
  | 'healthAllCaps'
  | 'healthHttpInText'
  | 'healthNeverShown';

/** Counts per type, language and skill, most first. */
export interface HealthTotals {
  resources: number;
  active: number;
  type: [string, number][];
  language: [string, number][];
  skill: [string, number][];
}

export interface HealthReport {
  warnings: HealthWarning[];
  totals: HealthTotals;
}

/** The ranking leans on the description: fewer characters than this gives it little to match. */
export const SHORT_DESCRIPTION_CHARS = 60;

const ENGLISH = new Set(eng);
const DUTCH = new Set(nld);

/**
 * Guesses whether a text is English or Dutch from its function words; undefined when it has too
 * few of them to tell (short titles, other languages).
 *
 * @example guessLanguage('Leer hoe je een draaitabel maakt in Excel en wat je ermee kunt') // 'nl'
 */
export function guessLanguage(text: string): 'en' | 'nl' | undefined {
  let en = 0;
  let nl = 0;
  for (const word of text.toLowerCase().split(/[^\p{L}']+/u)) {
    if (word.length < 2) continue;
    const inEn = ENGLISH.has(word);
    const inNl = DUTCH.has(word);
    if (inEn && !inNl) en++;
    if (inNl && !inEn) nl++;
  }
  if (en + nl < 4) return undefined;
  if (en >= 3 * Math.max(nl, 1)) return 'en';
  if (nl >= 3 * Math.max(en, 1)) return 'nl';
  return undefined;
}

/**
 * The health check of an imported catalogue: per row, duplicate URLs, missing or very short
 * descriptions, text in another language than declared, titles in capitals, `http:` links in
 * the text and (given the resources some sample page would show) resources no page shows; and
 * totals per type, language and skill.
 *
 * @example checkHealth(resources, rows).warnings.filter((w) => w.code === 'healthDuplicateUrl')
 */
export function checkHealth(
  resources: readonly Resource[],
  rows: readonly number[],
  options: { shown?: ReadonlySet<string> } = {},
): HealthReport {
  const warnings: HealthWarning[] = [];
  const rowOfUrl = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const types = new Map<string, number>();
  const languages = new Map<string, number>();
  const skills = new Map<string, number>();
  let active = 0;
  resources.forEach((resource, i) => {
    const row = rows[i] ?? i + 1;
    const id = resource.id;
    const warn = (code: HealthCode, extra: Partial<HealthWarning> = {}) => warnings.push({ code, row, id, ...extra });
    if (!resource.active) return;
    active++;
    count(types, resource.type);
    count(languages, resource.language);
    for (const skill of resource.skills) count(skills, skill);

    const url = canonicalUrl(resource.url);
    const first = rowOfUrl.get(url);
    if (first !== undefined) warn('healthDuplicateUrl', { value: resource.url, otherRow: first });
    else rowOfUrl.set(url, row);

    const description = resource.description.trim();
    if (!description) warn('healthNoDescription');
    else if (description.length < SHORT_DESCRIPTION_CHARS) warn('healthShortDescription', { value: String(description.length) });

    const declared = resource.language.split('-')[0];
    const guessed = guessLanguage(`${resource.title} ${description}`);
    if (guessed && (declared === 'en' || declared === 'nl') && guessed !== declared)
      warn('healthLanguageMismatch', { value: `${resource.language}→${guessed}` });

    const letters = resource.title.replace(/[^\p{L}]/gu, '');
    if (letters.length >= 8 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) warn('healthAllCaps');

    const http = /\bhttp:\/\/[^\s"'<>()]+[^\s"'<>().,;:!?]/i.exec(description);
    if (http) warn('healthHttpInText', { value: http[0].slice(0, 60) });

    if (options.shown && !options.shown.has(id)) warn('healthNeverShown');
  });
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    warnings,
    totals: { resources: resources.length, active, type: sorted(types), language: sorted(languages), skill: sorted(skills) },
  };
}

/** Two addresses that differ only in case of the host, a trailing slash or a fragment are one. */
function canonicalUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return url;
  }
}
