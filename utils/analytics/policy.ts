import { z } from 'zod';

/** The policy keys that turn analytics on (managed_schema.json, ADMX). */
export const ANALYTICS_POLICY_KEYS = [
  'analyticsLrsEndpoint',
  'analyticsLrsKey',
  'analyticsLrsSecret',
  'analyticsOrgHomePage',
  'analyticsEmployeesMayOptOut',
] as const;
export type AnalyticsPolicyKey = (typeof ANALYTICS_POLICY_KEYS)[number];

/** Analytics as the organisation configured it. Without all four of endpoint, key, secret and home page there is none. */
export interface AnalyticsPolicy {
  /** The xAPI endpoint, ending in `/` (statements are at `<endpoint>statements`). */
  endpoint: string;
  key: string;
  secret: string;
  homePage: string;
  employeesMayOptOut: boolean;
}

/** Loopback `http:` is allowed for an LRS on the same machine (tests, a local relay); anything else must be `https:`. */
function isAllowedEndpoint(url: URL): boolean {
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]');
}

const Endpoint = z
  .string()
  .trim()
  .max(2000)
  .transform((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not an address' });
      return z.NEVER;
    }
    if (!isAllowedEndpoint(url) || url.username || url.password || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'must be https://' });
      return z.NEVER;
    }
    // Admins paste either the endpoint or its statements resource; both mean the endpoint.
    const path = url.pathname.replace(/\/+$/, '').replace(/\/statements$/, '');
    return `${url.origin}${path}/`;
  });

const HomePage = z
  .string()
  .trim()
  .max(2000)
  .refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password;
    } catch {
      return false;
    }
  });

/** Key and secret: printable text, as HTTP Basic carries it. */
const Credential = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .regex(/^[\x21-\x7e]+$/);

/** Booleans may arrive as 0/1 or "true"/"false" from the Windows registry or a plist. */
const Flag = z.union([
  z.boolean(),
  z.literal(0).transform(() => false),
  z.literal(1).transform(() => true),
  z.enum(['true', 'false']).transform((v) => v === 'true'),
]);

const FIELDS = {
  analyticsLrsEndpoint: Endpoint,
  analyticsLrsKey: Credential,
  analyticsLrsSecret: Credential,
  analyticsOrgHomePage: HomePage,
  analyticsEmployeesMayOptOut: Flag,
} as const;

/** The parser of each analytics policy value, for the managed-policy merge. */
export function parseAnalyticsPolicyValue(key: AnalyticsPolicyKey, raw: unknown): { ok: true; value: string | boolean } | { ok: false } {
  const parsed = FIELDS[key].safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false };
}

/**
 * Analytics in force from the (already parsed) policy values: on only when endpoint, key, secret
 * and home page are all there; employees may opt out unless the policy says false.
 *
 * @example analyticsPolicyOf({ analyticsLrsEndpoint: 'https://lrs.example.com/xAPI/', … }).employeesMayOptOut // true
 */
export function analyticsPolicyOf(values: Partial<Record<AnalyticsPolicyKey, unknown>>): AnalyticsPolicy | null {
  const { analyticsLrsEndpoint: endpoint, analyticsLrsKey: key, analyticsLrsSecret: secret, analyticsOrgHomePage: homePage } = values;
  if (typeof endpoint !== 'string' || typeof key !== 'string' || typeof secret !== 'string' || typeof homePage !== 'string') return null;
  return { endpoint, key, secret, homePage, employeesMayOptOut: values.analyticsEmployeesMayOptOut !== false };
}
