import type { Activity, Statement } from '@xapi/xapi';
import { v5 as uuidv5 } from 'uuid';
import type { AnalyticsEvent, Bucket, BucketKey, CopyVariant } from './events';
import { bucketKeyString } from './events';

/** The xAPI version Trailmark speaks; sent as `X-Experience-API-Version`. */
export const XAPI_VERSION = '1.0.3';

/** Trailmark's own IRIs, used only where no registered verb or extension fits (see README, "Analytics"). */
export const TRAILMARK_IRI = 'https://trailmark.app/xapi';

/**
 * The verb of each event. ADL and Tin Can registry verbs where one fits; Trailmark's own where none
 * does (documented in the README). Each event has its own verb, so a statement's verb says its event.
 */
export const VERBS: Record<AnalyticsEvent, { id: string; display: string }> = {
  tipShown: { id: 'http://id.tincanapi.com/verb/viewed', display: 'viewed' },
  tipOpened: { id: 'http://adlnet.gov/expapi/verbs/interacted', display: 'interacted' },
  resourceOpened: { id: 'http://adlnet.gov/expapi/verbs/launched', display: 'launched' },
  saved: { id: 'http://id.tincanapi.com/verb/bookmarked', display: 'bookmarked' },
  dismissed: { id: `${TRAILMARK_IRI}/verbs/dismissed`, display: 'dismissed' },
  notRelevant: { id: `${TRAILMARK_IRI}/verbs/marked-not-relevant`, display: 'marked as not relevant' },
  askLd: { id: 'http://activitystrea.ms/request', display: 'requested' },
  contentGap: { id: `${TRAILMARK_IRI}/verbs/found-no-match`, display: 'found no match' },
  searchNoResult: { id: `${TRAILMARK_IRI}/verbs/searched-without-result`, display: 'searched without result' },
};
const EVENT_BY_VERB = new Map(Object.entries(VERBS).map(([event, verb]) => [verb.id, event as AnalyticsEvent]));

/** The event a verb IRI stands for, if it is one of Trailmark's. */
export function eventOfVerb(verbId: string): AnalyticsEvent | undefined {
  return EVENT_BY_VERB.get(verbId);
}

export const EXTENSIONS = {
  /** result: how often the event happened in the bucket (an integer ≥ 1). */
  count: `${TRAILMARK_IRI}/extensions/count`,
  /** context: the site rule's id, or null. */
  siteRule: `${TRAILMARK_IRI}/extensions/site-rule`,
  /** context: the site rule's name as the admin wrote it, when the rule is known. */
  siteRuleName: `${TRAILMARK_IRI}/extensions/site-rule-name`,
  /** context: the copy variant, "A" or "B", or null. */
  copyVariant: `${TRAILMARK_IRI}/extensions/copy-variant`,
  /** context: the UTC day the counts are for, YYYY-MM-DD. */
  day: `${TRAILMARK_IRI}/extensions/day`,
} as const;

export const ACTIVITY_TYPES = {
  link: 'http://adlnet.gov/expapi/activities/link',
  siteRule: `${TRAILMARK_IRI}/activities/site-rule`,
  popup: `${TRAILMARK_IRI}/activities/popup`,
} as const;

/** Namespace of the statement ids (UUIDv5): fixed forever, or retries of old buckets would count twice. */
const STATEMENT_ID_NAMESPACE = '371a2330-cec9-4ea2-91f6-ba158c8678d6';

/**
 * The statement id of a bucket: a name-based UUID (v5) of the installation and the bucket key. The
 * same bucket from the same installation always gets the same id, so the LRS stores a retry once;
 * the installation id itself never leaves the device and cannot be recovered from the hash.
 */
export function statementId(installationId: string, key: BucketKey): string {
  return uuidv5(`${installationId}\n${bucketKeyString(key)}`, STATEMENT_ID_NAMESPACE);
}

/** What a statement needs besides the bucket: the organisation and catalogue data, never browsing data. */
export interface StatementContext {
  installationId: string;
  /** The organisation's home page (policy), for the shared anonymous actor. */
  homePage: string;
  /** The resource's catalogue URL and title, when the catalogue still has it. */
  resource?: (id: string) => { url: string; title: string } | undefined;
  /** The site rule's name as the admin wrote it. */
  ruleName?: (id: string) => string | undefined;
}

/** The activity id of a site rule: Trailmark's namespace, the rule id as the admin gave it. */
export function siteRuleActivityId(ruleId: string): string {
  return `${TRAILMARK_IRI}/site-rule/${encodeURIComponent(ruleId)}`;
}

/** The activity id of a resource the catalogue no longer has (its URL is not known any more). */
export function retiredResourceActivityId(resourceId: string): string {
  return `${TRAILMARK_IRI}/resource/${encodeURIComponent(resourceId)}`;
}

function objectOf(bucket: BucketKey, context: StatementContext): Activity {
  if (bucket.resourceId !== null) {
    const known = context.resource?.(bucket.resourceId);
    return {
      objectType: 'Activity',
      id: known?.url ?? retiredResourceActivityId(bucket.resourceId),
      definition: {
        type: ACTIVITY_TYPES.link,
        ...(known ? { name: { und: known.title.slice(0, 200) } } : {}),
      },
    };
  }
  if (bucket.ruleId !== null) {
    const name = context.ruleName?.(bucket.ruleId);
    return {
      objectType: 'Activity',
      id: siteRuleActivityId(bucket.ruleId),
      definition: { type: ACTIVITY_TYPES.siteRule, ...(name ? { name: { und: name.slice(0, 200) } } : {}) },
    };
  }
  return { objectType: 'Activity', id: `${TRAILMARK_IRI}/popup`, definition: { type: ACTIVITY_TYPES.popup } };
}

/**
 * The xAPI 1.0.3 statement for one bucket: the shared anonymous actor, the event's verb, the
 * resource (or site rule) as object, the count in `result.extensions` and rule, variant and day in
 * `context.extensions`. Its timestamp is the day's start: the statement is about a day, not a moment.
 *
 * @example buildStatement({ key, day: '2026-11-30', ruleId: 'crm', resourceId: null, event: 'contentGap', variant: null, count: 3 },
 *   { installationId, homePage: 'https://example.com' }).verb.id // 'https://trailmark.app/xapi/verbs/found-no-match'
 */
export function buildStatement(bucket: Bucket, context: StatementContext): Statement {
  const ruleName = bucket.ruleId !== null ? context.ruleName?.(bucket.ruleId) : undefined;
  const verb = VERBS[bucket.event];
  return {
    id: statementId(context.installationId, bucket),
    actor: { objectType: 'Agent', account: { homePage: context.homePage, name: 'trailmark' } },
    verb: { id: verb.id, display: { en: verb.display } },
    object: objectOf(bucket, context),
    result: { extensions: { [EXTENSIONS.count]: bucket.count } },
    context: {
      platform: 'Trailmark',
      extensions: {
        [EXTENSIONS.siteRule]: bucket.ruleId,
        ...(ruleName ? { [EXTENSIONS.siteRuleName]: ruleName.slice(0, 200) } : {}),
        [EXTENSIONS.copyVariant]: bucket.variant satisfies CopyVariant | null,
        [EXTENSIONS.day]: bucket.day,
      },
    },
    timestamp: `${bucket.day}T00:00:00.000Z`,
    version: XAPI_VERSION,
  };
}
