import { z } from 'zod';
import { checkLink, hiddenCharacter, isRealDate } from './safe-text';

/** Column names of the catalogue CSV, in the order L&D exports them. JSON uses the camelCased names. */
export const CATALOGUE_COLUMNS = [
  'id',
  'title',
  'description',
  'url',
  'type',
  'language',
  'duration_minutes',
  'skills',
  'keywords',
  'provider',
  'audience',
  'level',
  'updated_at',
  'active',
  'featured_from',
  'featured_until',
  'campaign',
  'tagline',
  'tagline_b',
  'announce',
] as const;
export type CatalogueColumn = (typeof CATALOGUE_COLUMNS)[number];

/**
 * Only `https:` links to a real, public host ever reach the UI, stored as the browser's
 * normalised `href` (see `checkLink`).
 */
export const HttpsUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .transform((value, ctx) => {
    const checked = checkLink(value);
    if (checked.ok) return checked.href;
    // Not https at all: the column's own message ("must start with https://") says it best.
    const generic = checked.problem === 'problemLinkForm' && !/^https:/i.test(value);
    ctx.addIssue({ code: 'custom', message: generic ? 'must be a full web address starting with https://' : checked.problem });
    return z.NEVER;
  });

/** Text without invisible characters or direction overrides, which could make it read as something else. */
const visible = <T extends z.ZodType<string>>(schema: T) =>
  schema.superRefine((value, ctx) => {
    const hidden = hiddenCharacter(value);
    if (hidden) ctx.addIssue({ code: 'custom', message: 'problemHiddenCharacter', params: { found: hidden } });
  });

const listField = z.array(visible(z.string().trim().min(1).max(100))).max(50);

/** A campaign's first or last day, `2026-05-12` (a time may follow; the day is what counts). */
const campaignDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be a date like 2026-05-12')
  .refine((value) => !Number.isNaN(Date.parse(value.slice(0, 10))), 'must be a date like 2026-05-12')
  .optional();
/** L&D's own hook for a card, shown instead of the start of the description. */
export const MAX_TAGLINE_LENGTH = 120;
const tagline = z
  .string()
  .trim()
  .max(MAX_TAGLINE_LENGTH, `must be at most ${MAX_TAGLINE_LENGTH} characters`)
  .regex(/^[^\r\n]*$/, 'must be one line')
  .transform((value) => value || undefined)
  .optional();

/** One learning resource as stored on the device. */
export const ResourceSchema = z
  .object({
    id: z
      .string()
      .trim()
      .min(1, 'is empty; every resource needs a stable id')
      .max(200)
      .regex(/^[\p{L}\p{N}._:/-]+$/u, 'may only hold letters, digits and . _ : / -'),
    title: visible(z.string().trim().min(1, 'is empty; give the resource a title').max(300)),
    description: visible(z.string().trim().max(4000)).default(''),
    url: HttpsUrlSchema,
    type: z
      .string()
      .trim()
      .toLowerCase()
      .max(40)
      .regex(/^[a-z-]*$/, 'must be one word such as course, article, video or workshop')
      .default('')
      .transform((value) => value || 'resource'),
    language: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/, 'must be a language code such as en or nl'),
    durationMinutes: z.number().int('must be a whole number of minutes').min(0).max(100_000).optional(),
    skills: listField.default([]),
    keywords: listField.default([]),
    provider: visible(z.string().trim().max(200)).default(''),
    audience: listField.default([]),
    level: z.string().trim().toLowerCase().max(40).default(''),
    updatedAt: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be a date like 2026-05-12')
      .refine(isRealDate, 'problemImpossibleDate')
      .optional(),
    active: z.boolean().default(true),
    /** Featured (a campaign) from this day … */
    featuredFrom: campaignDate,
    /** … up to and including this day. Either may be left open. */
    featuredUntil: campaignDate,
    /** The campaign's name, shown to L&D in previews and reports. */
    campaign: z
      .string()
      .trim()
      .max(100)
      .transform((value) => value || undefined)
      .optional(),
    /** Copy variant A (see `utils/copy`). */
    tagline,
    /** Copy variant B; installations that drew B show it instead of `tagline`. */
    taglineB: tagline,
    /** `false`: a new resource that the popup's "New from" list does not announce. */
    announce: z.boolean().optional(),
  })
  .superRefine((resource, context) => {
    const { featuredFrom, featuredUntil } = resource;
    if (featuredFrom && featuredUntil && featuredUntil.slice(0, 10) < featuredFrom.slice(0, 10))
      context.addIssue({ code: 'custom', message: 'must not be before featured_from', path: ['featuredUntil'] });
  });
export type Resource = z.infer<typeof ResourceSchema>;
export type ResourceInput = z.input<typeof ResourceSchema>;

/** Where the active catalogue came from. */
export const CatalogueSourceSchema = z.enum(['sample', 'import', 'feed']);
export type CatalogueSource = z.infer<typeof CatalogueSourceSchema>;

const label = z.string().trim().min(1).max(100);
const synonyms = z.array(label).max(50).default([]);

/**
 * One skill of the optional taxonomy (JSON import only): resources name it by `id` in their
 * `skills`, and its labels and synonyms in both languages link page words to it.
 */
export const SkillSchema = z.object({
  id: z.string().trim().min(1).max(100),
  labels: z.object({ en: label.optional(), nl: label.optional() }).default({}),
  synonyms: z.object({ en: synonyms, nl: synonyms }).default({ en: [], nl: [] }),
});
export type Skill = z.infer<typeof SkillSchema>;
export type SkillInput = z.input<typeof SkillSchema>;

/** Skills in one taxonomy; more is a mistake. */
export const MAX_TAXONOMY_SKILLS = 5000;
