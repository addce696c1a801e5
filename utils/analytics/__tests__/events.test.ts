import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANALYTICS_EVENTS,
  BUCKETS_PER_DAY,
  BucketKeySchema,
  RESOURCE_BUCKETS_PER_DAY,
  addDays,
  bucketKeyOf,
  bucketKeyString,
  dayOf,
  placeEvent,
  type BucketKey,
} from '../events';

const at = Date.parse('2026-11-30T15:42:10Z');

describe('bucketKeyOf', () => {
  it.each([
    ['tipShown', null, 'A'],
    ['tipOpened', null, 'B'],
    ['resourceOpened', 'r1', 'A'],
    ['saved', 'r1', 'A'],
    ['dismissed', 'r1', 'A'],
    ['notRelevant', 'r1', 'A'],
    ['askLd', null, null],
    ['contentGap', null, null],
    ['searchNoResult', null, null],
  ] as const)('%s keeps resource %s and variant %s, and only the day of the time', (event, resourceId, variant) => {
    const key = bucketKeyOf({ event, ruleId: 'crm', resourceId: 'r1', variant: 'A', at });
    const expectedVariant = variant === null ? null : 'A';
    expect(key).toEqual({ day: '2026-11-30', ruleId: 'crm', resourceId, event, variant: expectedVariant });
    expect(Object.keys(key).sort()).toEqual(['day', 'event', 'resourceId', 'ruleId', 'variant']);
  });

  it('a key holds the five fields and nothing else, whatever else an event carries', () => {
    const extra = {
      event: 'resourceOpened',
      ruleId: 'crm',
      resourceId: 'r1',
      variant: 'B',
      at,
      url: 'https://crm.example.com/x',
      title: 'Secret deal',
    };
    const key = bucketKeyOf(extra as never);
    expect(BucketKeySchema.parse(key)).toEqual(key);
    expect(JSON.stringify(key)).not.toMatch(/crm\.example|Secret|15:42/);
  });
});

describe('days', () => {
  it('are UTC calendar days', () => {
    expect(dayOf(Date.parse('2026-11-30T23:59:59.999Z'))).toBe('2026-11-30');
    expect(dayOf(Date.parse('2026-12-01T00:00:00Z'))).toBe('2026-12-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('bucketKeyString', () => {
  it('is different for different keys, even when ids contain separators', () => {
    const key = (ruleId: string | null, resourceId: string | null): BucketKey => ({
      day: '2026-11-30',
      ruleId,
      resourceId,
      event: 'saved',
      variant: 'A',
    });
    fc.assert(
      fc.property(
        fc.option(fc.string({ minLength: 1 })),
        fc.option(fc.string({ minLength: 1 })),
        fc.option(fc.string({ minLength: 1 })),
        fc.option(fc.string({ minLength: 1 })),
        (a, b, c, d) => {
          fc.pre(a !== c || b !== d);
          expect(bucketKeyString(key(a, b))).not.toBe(bucketKeyString(key(c, d)));
        },
      ),
    );
  });
});

describe('placeEvent: a day stays a few dozen buckets whatever the browsing', () => {
  it('counts new resources without their resource past the per-resource bound, and opens nothing past the hard bound', () => {
    const keys = new Set<string>();
    const outcomes = { folded: 0, none: 0 };
    const withResource = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const event = ANALYTICS_EVENTS[i % ANALYTICS_EVENTS.length]!;
      const key = bucketKeyOf({ event, ruleId: `rule-${i % 40}`, resourceId: `r-${i}`, variant: i % 2 ? 'A' : 'B', at });
      const placed = placeEvent(key, keys);
      if (!placed) outcomes.none++;
      else {
        if (placed.resourceId !== null) withResource.add(bucketKeyString(placed));
        if (placed.resourceId !== key.resourceId) outcomes.folded++;
        keys.add(bucketKeyString(placed));
      }
      expect(keys.size).toBeLessThanOrEqual(BUCKETS_PER_DAY);
    }
    expect(keys.size).toBe(BUCKETS_PER_DAY);
    expect(withResource.size).toBeLessThanOrEqual(RESOURCE_BUCKETS_PER_DAY);
    expect(withResource.size).toBeGreaterThan(0);
    expect(outcomes.folded).toBeGreaterThan(0);
    expect(outcomes.none).toBeGreaterThan(0);
  });

  it('an existing bucket always takes its event', () => {
    const keys = new Set<string>();
    const key: BucketKey = { day: '2026-11-30', ruleId: 'crm', resourceId: 'r1', event: 'saved', variant: 'A' };
    keys.add(bucketKeyString(key));
    for (let i = 0; i < BUCKETS_PER_DAY; i++) keys.add(`filler-${i}`);
    expect(placeEvent(key, keys)).toEqual(key);
  });
});
