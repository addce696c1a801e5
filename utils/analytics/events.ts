import { z } from 'zod';
import { COPY_VARIANTS, type CopyVariant } from '../copy/variant';

/**
 * What Trailmark counts when the organisation turns analytics on. Each event is counted in a bucket
 * of (day, site rule, resource, event, copy variant) and nothing else: no URL, no title, no search
 * text, no time of day, no person.
 */
export const ANALYTICS_EVENTS = [
  /** A tip appeared with this resource on it. */
  'tipShown',
  /** The employee opened the tip to see its resources. */
  'tipOpened',
  /** The employee followed a resource's link (from a tip or the popup). */
  'resourceOpened',
  'saved',
  'dismissed',
  'notRelevant',
  /** "Ask L&D" was used (the message itself never passes through Trailmark). */
  'askLd',
  /** A page under a suggest rule where nothing in the catalogue fitted: where L&D could make or buy content. */
  'contentGap',
  /** A search in the popup that found nothing. The search text is not kept. */
  'searchNoResult',
] as const;
export type AnalyticsEvent = (typeof ANALYTICS_EVENTS)[number];
export const AnalyticsEventSchema = z.enum(ANALYTICS_EVENTS);

/** Events about one resource; the others count with no resource (a tip is counted once, not per card). */
export const RESOURCE_EVENTS: ReadonlySet<AnalyticsEvent> = new Set(['resourceOpened', 'saved', 'dismissed', 'notRelevant']);
/** Events where the copy shows, so they carry the installation's copy variant. */
export const VARIANT_EVENTS: ReadonlySet<AnalyticsEvent> = new Set(['tipShown', 'tipOpened', ...RESOURCE_EVENTS]);

/** The copy an installation shows (see `utils/copy/variant.ts`). */
export const CopyVariantSchema = z.enum(COPY_VARIANTS);
export type { CopyVariant };

/** A UTC calendar day, `YYYY-MM-DD`: the only time a bucket knows. */
export const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Site rule and resource ids as the catalogue and rules define them (bounded, so a bucket stays small). */
const Id = z.string().min(1).max(200);

/** What one count is about: the bucket's key fields. */
export const BucketKeySchema = z.strictObject({
  day: DaySchema,
  ruleId: Id.nullable(),
  resourceId: Id.nullable(),
  event: AnalyticsEventSchema,
  variant: CopyVariantSchema.nullable(),
});
export type BucketKey = z.infer<typeof BucketKeySchema>;

/** A bucket: its key fields and how often the event happened. */
export interface Bucket extends BucketKey {
  /** The key as one string (the outbox's primary key). */
  key: string;
  count: number;
}

/** One thing that happened, as the background reports it. `at` only picks the day. */
export interface CountedEvent {
  event: AnalyticsEvent;
  ruleId: string | null;
  resourceId: string | null;
  variant: CopyVariant | null;
  at: number;
}

/** The UTC day of a time. */
export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The UTC day `days` after `day` (negative: before). */
export function addDays(day: string, days: number): string {
  return dayOf(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000);
}

/**
 * The bucket key of an event, with everything but the five fields thrown away. Only resource events
 * keep a resource, and only events where the copy shows keep the copy variant.
 *
 * @example bucketKeyOf({ event: 'resourceOpened', ruleId: 'crm', resourceId: 'r1', variant: 'A', at: 0 })
 *   // { day: '1970-01-01', ruleId: 'crm', resourceId: 'r1', event: 'resourceOpened', variant: 'A' }
 */
export function bucketKeyOf(event: CountedEvent): BucketKey {
  return {
    day: dayOf(event.at),
    ruleId: event.ruleId,
    resourceId: RESOURCE_EVENTS.has(event.event) ? event.resourceId : null,
    event: event.event,
    variant: VARIANT_EVENTS.has(event.event) ? event.variant : null,
  };
}

/** The key as one string; JSON of a fixed field order, so it is unambiguous whatever the ids hold. */
export function bucketKeyString(key: BucketKey): string {
  return JSON.stringify([key.day, key.ruleId, key.resourceId, key.event, key.variant]);
}

/**
 * Most buckets one installation keeps for one day. Past `RESOURCE_BUCKETS_PER_DAY`, new resources are
 * counted under "no resource" (the tool's totals stay right, the per-resource detail is cut); past
 * `BUCKETS_PER_DAY` a new bucket is not opened at all. So a day is a few dozen statements at most,
 * whatever the browsing.
 */
export const RESOURCE_BUCKETS_PER_DAY = 48;
export const BUCKETS_PER_DAY = 64;

/**
 * Where an event is counted, given the keys of the buckets its day already has: its own bucket, the
 * same without the resource when the day has too many, or nowhere (`null`) when the day is full.
 */
export function placeEvent(key: BucketKey, dayKeys: ReadonlySet<string>): BucketKey | null {
  const own = bucketKeyString(key);
  if (dayKeys.has(own)) return key;
  if (dayKeys.size >= BUCKETS_PER_DAY) {
    if (key.resourceId === null) return null;
    const folded = { ...key, resourceId: null };
    return dayKeys.has(bucketKeyString(folded)) ? folded : null;
  }
  if (key.resourceId !== null && dayKeys.size >= RESOURCE_BUCKETS_PER_DAY) return { ...key, resourceId: null };
  return key;
}
