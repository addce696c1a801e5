import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANALYTICS_EVENTS, bucketKeyString, type Bucket, type BucketKey } from '../events';
import { statementProblems } from '../validate';
import { EXTENSIONS, VERBS, buildStatement, eventOfVerb, statementId } from '../xapi';

const installationId = '0b6c1c02-3f0f-4b7e-9d0e-5f1f1f3c2a11';
const homePage = 'https://example.com';
const bucket = (key: Partial<BucketKey> & { count?: number } = {}): Bucket => {
  const full: BucketKey = { day: '2026-11-30', ruleId: 'crm', resourceId: 'r1', event: 'resourceOpened', variant: 'B', ...key };
  return { ...full, key: bucketKeyString(full), count: key.count ?? 3 };
};
const catalogue = {
  resource: (id: string) => (id === 'r1' ? { url: 'https://learn.example.com/negotiation', title: 'Negotiation basics' } : undefined),
};

describe('buildStatement', () => {
  it('is an xAPI 1.0.3 statement with the shared anonymous actor, the verb, the resource and the count', () => {
    const statement = buildStatement(bucket(), { installationId, homePage, ...catalogue, ruleName: () => 'CRM' });
    expect(statement).toEqual({
      id: statementId(installationId, bucket()),
      actor: { objectType: 'Agent', account: { homePage, name: 'trailmark' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { en: 'launched' } },
      object: {
        objectType: 'Activity',
        id: 'https://learn.example.com/negotiation',
        definition: { type: 'http://adlnet.gov/expapi/activities/link', name: { und: 'Negotiation basics' } },
      },
      result: { extensions: { [EXTENSIONS.count]: 3 } },
      context: {
        platform: 'Trailmark',
        extensions: {
          [EXTENSIONS.siteRule]: 'crm',
          [EXTENSIONS.siteRuleName]: 'CRM',
          [EXTENSIONS.copyVariant]: 'B',
          [EXTENSIONS.day]: '2026-11-30',
        },
      },
      timestamp: '2026-11-30T00:00:00.000Z',
      version: '1.0.3',
    });
    expect(statementProblems(statement)).toEqual([]);
  });

  it('a gap is about the site rule; a popup search without a rule is about the popup', () => {
    const gap = buildStatement(bucket({ event: 'contentGap', resourceId: null, variant: null }), { installationId, homePage });
    expect(gap.object).toMatchObject({
      id: 'https://trailmark.app/xapi/site-rule/crm',
      definition: { type: 'https://trailmark.app/xapi/activities/site-rule' },
    });
    const search = buildStatement(bucket({ event: 'searchNoResult', ruleId: null, resourceId: null, variant: null }), {
      installationId,
      homePage,
    });
    expect(search.object).toMatchObject({ id: 'https://trailmark.app/xapi/popup' });
    expect(statementProblems(gap)).toEqual([]);
    expect(statementProblems(search)).toEqual([]);
  });

  it('a resource the catalogue no longer has gets an id under Trailmark’s namespace', () => {
    const statement = buildStatement(bucket({ resourceId: 'gone/1' }), { installationId, homePage, ...catalogue });
    expect(statement.object).toMatchObject({ id: 'https://trailmark.app/xapi/resource/gone%2F1' });
    expect(statementProblems(statement)).toEqual([]);
  });

  it('every event has its own verb, and the verb says the event back', () => {
    expect(new Set(Object.values(VERBS).map((v) => v.id)).size).toBe(ANALYTICS_EVENTS.length);
    for (const event of ANALYTICS_EVENTS) expect(eventOfVerb(VERBS[event].id)).toBe(event);
  });

  it('any bucket gives a valid statement (property)', () => {
    const id = fc.string({ minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(
        fc.record({
          day: fc
            .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10)),
          ruleId: fc.option(id),
          resourceId: fc.option(id),
          event: fc.constantFrom(...ANALYTICS_EVENTS),
          variant: fc.constantFrom('A' as const, 'B' as const, null),
          count: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        fc.string({ maxLength: 300 }),
        (b, title) => {
          const statement = buildStatement(
            { ...b, key: bucketKeyString(b) },
            {
              installationId,
              homePage,
              resource: () => ({ url: 'https://learn.example.com/x', title }),
              ruleName: () => title,
            },
          );
          expect(statementProblems(statement)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });

  it('the validator does find what an LRS refuses', () => {
    const statement = buildStatement(bucket(), { installationId, homePage, ...catalogue });
    expect(statementProblems({ ...statement, actor: { ...statement.actor, mbox: 'mailto:someone@example.com' } })).not.toEqual([]);
    expect(statementProblems({ ...statement, url: 'https://crm.example.com' })).not.toEqual([]);
    expect(statementProblems({ ...statement, object: { id: 'not an iri' } })).not.toEqual([]);
  });
});

describe('statementId', () => {
  it('is a UUID derived from installation and bucket: stable for a retry, different otherwise', () => {
    const id = statementId(installationId, bucket());
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(statementId(installationId, bucket({ count: 99 }))).toBe(id);
    expect(statementId('another-installation', bucket())).not.toBe(id);
    expect(statementId(installationId, bucket({ day: '2026-12-01' }))).not.toBe(id);
    expect(statementId(installationId, bucket({ variant: 'A' }))).not.toBe(id);
  });
});
