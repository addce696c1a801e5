import type { Statement } from '@xapi/xapi';
import { bucketKeyString, type AnalyticsEvent, type Bucket, type CopyVariant } from '../../utils/analytics/events';
import { buildStatement } from '../../utils/analytics/xapi';
import { seededRandom } from '../../utils/random/seeded';

/**
 * A month of statements as a fleet of installations would send them, made with the extension's
 * own statement builder: deterministic (seeded), with six tools, thirty resources, content gaps,
 * and copy B opened a little more often than A. For the report's tests, bench and screenshot.
 */
export const FIXTURE_TOOLS = [
  ['crm', 'CRM (Salesforce)', 1.0, 0.05],
  ['wiki', 'Wiki (Confluence)', 0.7, 0.4],
  ['tickets', 'Service desk (Jira)', 0.6, 0.15],
  ['sheets', 'Spreadsheets (Excel online)', 0.45, 0.1],
  ['hr', 'HR portal', 0.25, 0.3],
  ['intranet', 'Intranet', 0.15, 0.2],
] as const;

const RESOURCE_NAMES = [
  'Negotiation basics',
  'Writing clear e-mails',
  'Pivot tables in 20 minutes',
  'Giving feedback',
  'Running a good meeting',
  'Customer conversations',
  'Agile in practice',
  'Time management',
  'Presenting with confidence',
  'Excel formulas for finance',
  'Handling complaints',
  'Coaching conversations',
  'Data privacy at work (GDPR)',
  'Project planning',
  'Difficult conversations',
  'Onboarding new colleagues',
  'Stakeholder management',
  'Writing for the web',
  'Information security basics',
  'Leading a remote team',
  'Sales pipeline hygiene',
  'Service level agreements',
  'Root cause analysis',
  'Dashboards that get read',
  'Inclusive language',
  'Budgeting basics',
  'Change management',
  'Mentoring',
  'Prioritising work',
  'Wellbeing at work',
];

export interface FixtureOptions {
  count: number;
  /** First day; the fixture spans `days` days from it. */
  from?: string;
  days?: number;
  homePage?: string;
  seed?: number;
}

/** Yields exactly `count` statements (installation after installation, each over the month). */
export function* fixtureStatements(options: FixtureOptions): Generator<Statement> {
  const { count, from = '2026-11-01', days = 30, homePage = 'https://example.com', seed = 7 } = options;
  const random = seededRandom(seed);
  const start = Date.parse(`${from}T00:00:00Z`);
  let made = 0;
  const resourceOf = (id: string) => {
    const n = Number(id.slice(1));
    return { url: `https://learn.example.com/courses/${n}`, title: RESOURCE_NAMES[n % RESOURCE_NAMES.length]! };
  };
  const ruleName = (id: string) => FIXTURE_TOOLS.find((t) => t[0] === id)?.[1];
  for (let installation = 0; ; installation++) {
    const variant: CopyVariant = installation % 2 ? 'B' : 'A';
    const installationId = `fixture-installation-${seed}-${installation}`;
    const context = { installationId, homePage, resource: resourceOf, ruleName };
    for (let d = 0; d < days; d++) {
      const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
      const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
      if (random() < (weekend ? 0.9 : 0.25)) continue;
      const buckets: Omit<Bucket, 'key'>[] = [];
      const push = (event: AnalyticsEvent, ruleId: string | null, resourceId: string | null, v: CopyVariant | null, n: number) =>
        buckets.push({ day, ruleId, resourceId, event, variant: v, count: n });
      for (const [ruleId, , weight, gapRate] of FIXTURE_TOOLS) {
        if (random() > weight * 0.6) continue;
        const tips = 1 + Math.floor(random() * 3);
        push('tipShown', ruleId, null, variant, tips);
        if (random() < 0.5) push('tipOpened', ruleId, null, variant, 1);
        // Popular resources first (a skewed pick), B's copy opened a little more often.
        const openChance = variant === 'B' ? 0.24 : 0.17;
        if (random() < openChance * tips) {
          const resource = `r${Math.floor(random() ** 2 * RESOURCE_NAMES.length)}`;
          push('resourceOpened', ruleId, resource, variant, 1);
          if (random() < 0.3) push('saved', ruleId, resource, variant, 1);
        }
        if (random() < 0.05) push('notRelevant', ruleId, `r${Math.floor(random() * RESOURCE_NAMES.length)}`, variant, 1);
        if (random() < gapRate) push('contentGap', ruleId, null, null, 1 + Math.floor(random() * 2));
      }
      if (random() < 0.08) push('searchNoResult', null, null, null, 1);
      if (random() < 0.02) push('askLd', null, null, null, 1);
      for (const bucket of buckets) {
        yield buildStatement({ ...bucket, key: bucketKeyString(bucket) }, context);
        if (++made >= count) return;
      }
    }
  }
}
