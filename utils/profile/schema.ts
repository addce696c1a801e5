import { accentContrast, isHexColour, type Theme } from './contrast';

/*
 * The L&D profile: who offers the resources. It travels inside the signed feed manifest (so only
 * the key holder can re-brand a feed), may come with a JSON catalogue import, and an enterprise
 * policy may set or override any field. Every source goes through `parseLdProfile`.
 */

/** The largest logo, in bytes of the image file itself. */
export const MAX_LOGO_BYTES = 32 * 1024;
export const MAX_NAME_LENGTH = 80;
export const MAX_TAGLINE_LENGTH = 120;
/** The query parameter an `https:` contact form gets the employee's topic in, unless the profile names another. */
export const DEFAULT_TOPIC_PARAM = 'topic';

export const PROFILE_FIELDS = ['name', 'tagline', 'logo', 'accent', 'contact', 'contactTopicParam', 'about'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** The profile as stored and shown. Only `name` is required. */
export interface LdProfile {
  /** Shown as "From <name>" and "Ask <name>", e.g. "Leren & Ontwikkelen". */
  name: string;
  /** One line under the name in Options; never longer than 120 characters. */
  tagline?: string;
  /** The logo image's bytes, base64; checked to be PNG or WebP by its first bytes. */
  logo?: string;
  /** The image type the logo's bytes showed. */
  logoType?: 'image/png' | 'image/webp';
  /** `#rrggbb`, drawn as the signature mark; reaches 3:1 on both themes' surfaces. */
  accent?: string;
  /** `mailto:` address or `https:` form where employees ask L&D. */
  contact?: string;
  /** For an `https:` contact: the query parameter that carries the employee's topic. */
  contactTopicParam?: string;
  /** `https:` page about L&D. */
  about?: string;
}

export type ProfileProblemCode =
  | 'profileProblem_shape'
  | 'profileProblem_unknownField'
  | 'profileProblem_name'
  | 'profileProblem_tagline'
  | 'profileProblem_logoUrl'
  | 'profileProblem_logoSvg'
  | 'profileProblem_logoEncoding'
  | 'profileProblem_logoType'
  | 'profileProblem_logoTooLarge'
  | 'profileProblem_accentFormat'
  | 'profileProblem_accentContrast'
  | 'profileProblem_contact'
  | 'profileProblem_contactTopicParam'
  | 'profileProblem_about';

/** One refused field, as data: the UI and the CLI word it (see `describeProfileProblem`). */
export interface ProfileProblem {
  /** The field as written in the profile (also unknown ones). */
  field: string;
  code: ProfileProblemCode;
  /** The offending value, shortened (never the whole logo). */
  value?: string;
  /** For the logo's size: its bytes. */
  bytes?: number;
  /** For the accent: the contrast on each theme, and the themes that fail. */
  contrast?: { light: number; dark: number; failed: Theme[] };
}

export interface ParsedProfile {
  /** The valid fields, when there is a name; undefined when the input held no usable profile. */
  profile?: LdProfile;
  problems: ProfileProblem[];
}

const shorten = (value: unknown) => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};
const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
const singleLine = (text: string) => !/[\u0000-\u001f\u007f]/.test(text);

function urlWithScheme(text: string, schemes: readonly string[]): boolean {
  if (text.length > 2048) return false;
  try {
    const url = new URL(text);
    if (!schemes.includes(url.protocol)) return false;
    if (url.protocol === 'mailto:') return /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/.test(decodeURIComponent(url.pathname));
    return url.hostname !== '' && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * What a logo's bytes are. The logo is never an address (nothing is fetched at run time) and
 * never SVG (an SVG can carry script and links); PNG and WebP are recognised by their magic bytes.
 *
 * @example logoKind('iVBORw0KGgo…') // { type: 'image/png', bytes: 1234 }
 */
export function logoKind(value: string): { type: 'image/png' | 'image/webp'; bytes: number } | Pick<ProfileProblem, 'code' | 'bytes'> {
  const text = value.trim();
  if (/^(data|https?|blob|file|ftp):/i.test(text) || /^\/\//.test(text)) return { code: 'profileProblem_logoUrl' };
  if (/^\s*</.test(text) || /^PHN2Z|^PD94bWw/.test(text)) return { code: 'profileProblem_logoSvg' };
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return { code: 'profileProblem_logoEncoding' };
  // Base64 takes 4 characters per 3 bytes: refuse a huge logo before decoding it.
  const bytes = Math.floor((clean.length * 3) / 4) - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0);
  if (bytes > MAX_LOGO_BYTES) return { code: 'profileProblem_logoTooLarge', bytes };
  let head: string;
  try {
    head = atob(clean.slice(0, 24));
  } catch {
    return { code: 'profileProblem_logoEncoding' };
  }
  const at = (i: number) => head.charCodeAt(i);
  if (head.startsWith('\u0089PNG\r\n\u001a\n')) return { type: 'image/png', bytes };
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return { type: 'image/webp', bytes };
  if (head.trimStart().startsWith('<') || (at(0) === 0xef && head.slice(3).trimStart().startsWith('<')))
    return { code: 'profileProblem_logoSvg' };
  return { code: 'profileProblem_logoType' };
}

/**
 * Checks an L&D profile field by field: each bad field is named and left out, the good ones
 * stay. Callers decide what a problem means: a feed or an import is refused as a whole (the last
 * good profile stays), a policy drops just that field. With `strict`, unknown fields are problems.
 *
 * @example parseLdProfile({ name: 'L&D', accent: '#ffcc00' }).problems[0].code // 'profileProblem_accentContrast'
 */
export function parseLdProfile(raw: unknown, options: { strict?: boolean } = {}): ParsedProfile {
  if (!isObject(raw)) return { problems: [{ field: 'profile', code: 'profileProblem_shape' }] };
  const problems: ProfileProblem[] = [];
  const profile: Partial<LdProfile> = {};
  const text = (field: ProfileField) => {
    const value = Object.getOwnPropertyDescriptor(raw, field)?.value;
    return typeof value === 'string' ? value.trim() : value === undefined || value === null ? undefined : value;
  };
  const refuse = (field: ProfileField, code: ProfileProblemCode, value: unknown, extra: Partial<ProfileProblem> = {}) =>
    problems.push({ field, code, ...(value === undefined ? {} : { value: shorten(value) }), ...extra });

  const name = text('name');
  if (typeof name === 'string' && name.length >= 1 && name.length <= MAX_NAME_LENGTH && singleLine(name)) profile.name = name;
  else refuse('name', 'profileProblem_name', name);

  const tagline = text('tagline');
  if (tagline !== undefined && tagline !== '') {
    if (typeof tagline === 'string' && tagline.length <= MAX_TAGLINE_LENGTH && singleLine(tagline)) profile.tagline = tagline;
    else refuse('tagline', 'profileProblem_tagline', tagline);
  }

  const logo = text('logo');
  if (logo !== undefined && logo !== '') {
    if (typeof logo !== 'string') refuse('logo', 'profileProblem_logoEncoding', undefined);
    else {
      const kind = logoKind(logo);
      if ('type' in kind) {
        profile.logo = logo.replace(/\s+/g, '');
        profile.logoType = kind.type;
      } else {
        const shown = kind.code === 'profileProblem_logoUrl' ? logo : undefined;
        refuse('logo', kind.code, shown, kind.bytes === undefined ? {} : { bytes: kind.bytes });
      }
    }
  }

  const accent = text('accent');
  if (accent !== undefined && accent !== '') {
    if (typeof accent !== 'string' || !isHexColour(accent)) refuse('accent', 'profileProblem_accentFormat', accent);
    else {
      const contrast = accentContrast(accent);
      if (contrast.failed.length) refuse('accent', 'profileProblem_accentContrast', accent, { contrast });
      else profile.accent = accent.toLowerCase();
    }
  }

  const contact = text('contact');
  if (contact !== undefined && contact !== '') {
    if (typeof contact === 'string' && urlWithScheme(contact, ['mailto:', 'https:'])) profile.contact = contact;
    else refuse('contact', 'profileProblem_contact', contact);
  }

  const param = text('contactTopicParam');
  if (param !== undefined && param !== '') {
    if (typeof param === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(param)) profile.contactTopicParam = param;
    else refuse('contactTopicParam', 'profileProblem_contactTopicParam', param);
  }

  const about = text('about');
  if (about !== undefined && about !== '') {
    if (typeof about === 'string' && urlWithScheme(about, ['https:'])) profile.about = about;
    else refuse('about', 'profileProblem_about', about);
  }

  if (options.strict) {
    const known = new Set<string>([...PROFILE_FIELDS, 'logoType']);
    for (const key of Object.keys(raw)) if (!known.has(key)) problems.push({ field: key, code: 'profileProblem_unknownField' });
  }
  return profile.name ? { profile: profile as LdProfile, problems } : { problems };
}

/**
 * The profile in force: the catalogue's (feed or import), with every field the organisation's
 * policy sets put over it. A policy with a name but no catalogue profile is a profile of its own.
 *
 * @example profileInForce({ name: 'L&D' }, { contact: 'mailto:ld@example.com' }) // { name: 'L&D', contact: 'mailto:…' }
 */
export function profileInForce(catalogue: LdProfile | undefined, policy: Partial<LdProfile> | undefined): LdProfile | undefined {
  const merged = { ...catalogue, ...policy };
  if (policy?.logo) merged.logoType = policy.logoType;
  return merged.name ? (merged as LdProfile) : undefined;
}

/**
 * Policy values for the profile: every valid field, the name optional (it may only override
 * some fields of the feed's profile); invalid fields are dropped and reported.
 */
export function parsePolicyProfile(raw: unknown): { fields: Partial<LdProfile>; problems: ProfileProblem[] } {
  let data = raw;
  if (typeof raw === 'string') {
    try {
      data = JSON.parse(raw);
    } catch {
      return { fields: {}, problems: [{ field: 'profile', code: 'profileProblem_shape' }] };
    }
  }
  if (!isObject(data)) return { fields: {}, problems: [{ field: 'profile', code: 'profileProblem_shape' }] };
  const hasName = Object.hasOwn(data, 'name');
  // Parse with a stand-in name when the policy sets none, so the other fields are checked alike.
  const parsed = parseLdProfile(hasName ? data : { ...data, name: 'x' }, { strict: true });
  const { name, ...rest } = parsed.profile ?? ({} as Partial<LdProfile>);
  const fields: Partial<LdProfile> = hasName && name ? { name, ...rest } : rest;
  if (!parsed.profile) {
    // Only the name failed (or the shape): keep the other fields anyway.
    const withoutName = parseLdProfile({ ...data, name: 'x' }, { strict: true }).profile;
    const { name: _, ...others } = withoutName ?? ({} as Partial<LdProfile>);
    return { fields: others, problems: parsed.problems };
  }
  return { fields, problems: parsed.problems };
}
