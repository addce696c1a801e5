import type { Resource } from '../schema';

/*
 * A hand-written check of the common case, for the feed's hot path. The service worker's CSP keeps
 * zod from compiling its object checks, and interpreted they cost about 16 µs a resource (0.8 s
 * for 50,000). `ResourceSchema` stays the single source of truth: this check only ever says "zod
 * would accept this and produce exactly this", and answers `undefined` ("ask zod") for anything it
 * is not sure of, so every refusal and every message still comes from the schema. It is stricter
 * than the schema on purpose (no surrounding spaces to trim, no control or invisible characters,
 * plain links and dates): a tighter schema later must not make it accept what zod refuses.
 * `fast-resource.test.ts` fuzzes both against each other.
 */

/** The JSON fields a resource may have, in `ResourceSchema`'s order (zod's output order). */
export const FAST_RESOURCE_FIELDS = [
  'id',
  'title',
  'description',
  'url',
  'type',
  'language',
  'durationMinutes',
  'skills',
  'keywords',
  'provider',
  'audience',
  'level',
  'updatedAt',
  'active',
  'featuredFrom',
  'featuredUntil',
  'campaign',
  'tagline',
  'taglineB',
  'announce',
] as const;
const KNOWN: ReadonlySet<string> = new Set(FAST_RESOURCE_FIELDS);

const ID = /^[\p{L}\p{N}._:/-]+$/u;
/** Text the schema stores as given: no control, format (bidi, zero-width) or separator characters but plain space. */
const PLAIN_TEXT = /^[^\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]*$/u;
/** Plain text that may also hold line breaks and tabs (descriptions). */
const PLAIN_PROSE =
  /^[^\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]*$/u;
/** An https link already in the form `URL` writes it, with an ordinary DNS host and no user info. */
const PLAIN_HTTPS = /^https:\/\/[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,63}\/[\x21-\x7e]*$/;
const TYPE = /^[a-z-]{1,40}$/;
const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;
const LEVEL = /^[a-z0-9 -]{0,40}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const plain = (value: unknown, max: number, min = 0): value is string =>
  typeof value === 'string' &&
  value.length >= min &&
  value.length <= max &&
  (value.length === 0 || (value.trim().length === value.length && PLAIN_TEXT.test(value)));

function list(value: unknown): value is string[] {
  if (value === undefined) return true;
  if (!Array.isArray(value) || value.length > 50) return false;
  for (const item of value as unknown[]) if (!plain(item, 100, 1)) return false;
  return true;
}

/** Absent, or a string that passes `check`. */
const optional = (value: unknown, check: (value: string) => boolean): boolean =>
  value === undefined || (typeof value === 'string' && check(value));

function realDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  const days = new Date(Date.UTC(Number(match[1]), month, 0)).getUTCDate();
  return Number(match[1]) >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= days;
}

function plainUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048 || !PLAIN_HTTPS.test(value)) return false;
  try {
    const url = new URL(value);
    return url.href === value && url.protocol === 'https:' && !url.username && !url.password && !url.port;
  } catch {
    return false;
  }
}

/**
 * The resource exactly as `ResourceSchema.parse` would return it, or undefined when this check is
 * not sure (then ask the schema, which also words the problem).
 *
 * @example fastResource(item) ?? ResourceSchema.safeParse(item)
 */
export function fastResource(item: unknown): Resource | undefined {
  if (!item || typeof item !== 'object' || Array.isArray(item) || Object.getPrototypeOf(item) !== Object.prototype) return undefined;
  const record = item as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!KNOWN.has(key) || record[key] === null) return undefined;
  const {
    id,
    title,
    description = '',
    url,
    type,
    language,
    durationMinutes,
    skills,
    keywords,
    provider = '',
    audience,
    level = '',
  } = record;
  const { updatedAt, active = true, featuredFrom, featuredUntil, campaign, tagline, taglineB, announce } = record;
  if (typeof id !== 'string' || id.length > 200 || !ID.test(id)) return undefined;
  if (!plain(title, 300, 1) || typeof description !== 'string' || description.length > 4000) return undefined;
  if (description.length > 0 && (description.trim().length !== description.length || !PLAIN_PROSE.test(description))) return undefined;
  if (!plainUrl(url)) return undefined;
  if (type !== undefined && (typeof type !== 'string' || !TYPE.test(type))) return undefined;
  if (typeof language !== 'string' || language.length > 40 || !LANGUAGE.test(language)) return undefined;
  if (
    durationMinutes !== undefined &&
    !(Number.isSafeInteger(durationMinutes) && (durationMinutes as number) >= 0 && (durationMinutes as number) <= 100_000)
  )
    return undefined;
  if (!list(skills) || !list(keywords) || !list(audience) || !plain(provider, 200)) return undefined;
  if (typeof level !== 'string' || !LEVEL.test(level) || level.trim() !== level) return undefined;
  if (updatedAt !== undefined && (typeof updatedAt !== 'string' || !realDate(updatedAt))) return undefined;
  if (typeof active !== 'boolean') return undefined;
  // L&D's campaign and copy fields: plain days, and no empty text (the schema drops that itself).
  if (!optional(featuredFrom, realDate) || !optional(featuredUntil, realDate)) return undefined;
  if (typeof featuredFrom === 'string' && typeof featuredUntil === 'string' && featuredUntil < featuredFrom) return undefined;
  if (!optional(campaign, (v) => plain(v, 100, 1)) || !optional(tagline, (v) => plain(v, 120, 1))) return undefined;
  if (!optional(taglineB, (v) => plain(v, 120, 1)) || !(announce === undefined || typeof announce === 'boolean')) return undefined;
  // Object.is: zod keeps -0 as it is, and so does this copy.
  const resource: Record<string, unknown> = { id, title, description, url, type: (type as string | undefined) || 'resource', language };
  if ('durationMinutes' in record) resource.durationMinutes = durationMinutes;
  resource.skills = skills ? [...(skills as string[])] : [];
  resource.keywords = keywords ? [...(keywords as string[])] : [];
  resource.provider = provider;
  resource.audience = audience ? [...(audience as string[])] : [];
  resource.level = level;
  if ('updatedAt' in record) resource.updatedAt = updatedAt;
  resource.active = active;
  if (featuredFrom !== undefined) resource.featuredFrom = featuredFrom;
  if (featuredUntil !== undefined) resource.featuredUntil = featuredUntil;
  if (campaign !== undefined) resource.campaign = campaign;
  if (tagline !== undefined) resource.tagline = tagline;
  if (taglineB !== undefined) resource.taglineB = taglineB;
  if (announce !== undefined) resource.announce = announce;
  return resource as Resource;
}
