import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnalyticsPolicy } from '@/utils/analytics/policy';
import { TrailmarkDB } from '@/utils/catalogue/db';
import { createAnalyticsService } from '../analytics-service';

const DAY = 86_400_000;
const POLICY: AnalyticsPolicy = {
  endpoint: 'https://lrs.example.com/xAPI/',
  key: 'k',
  secret: 's',
  homePage: 'https://example.com',
  employeesMayOptOut: true,
};

let db: TrailmarkDB;
afterEach(async () => {
  db.close();
  await db.delete();
});

function setup(policy: AnalyticsPolicy | null) {
  db = new TrailmarkDB(`analytics-service-${Math.random()}`);
  let optedOut = false;
  let clock = Date.parse('2026-11-30T10:00:00Z');
  const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body ?? '[]')) as { id: string }[];
    return new Response(JSON.stringify(body.map((s) => s.id)), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  const service = createAnalyticsService(db, {
    policy: async () => policy,
    optedOut: async () => optedOut,
    setOptedOut: async (value) => void (optedOut = value),
    rules: async () => [],
    copyVariant: async () => 'A',
    now: () => clock,
    random: () => 0.5,
    fetch: fetch as unknown as typeof globalThis.fetch,
  });
  return { service, fetch, advance: (ms: number) => (clock += ms) };
}

describe('analytics service', () => {
  it('without the policy: nothing is counted, nothing kept, no request to anyone', async () => {
    const { service, fetch, advance } = setup(null);
    await service.count({ event: 'tipShown', ruleId: 'crm' });
    await service.count({ event: 'searchNoResult' });
    expect(await db.analyticsBuckets.count()).toBe(0);
    advance(2 * DAY);
    expect(await service.send({ force: true })).toBeNull();
    await service.start();
    expect(fetch).not.toHaveBeenCalled();
    expect((await service.status()).configured).toBe(false);
  });

  it('with the policy: counts, sends a closed day once as xAPI with the version header and Basic auth', async () => {
    const { service, fetch, advance } = setup(POLICY);
    await service.count({ event: 'tipShown', ruleId: 'crm' });
    await service.count({ event: 'tipShown', ruleId: 'crm' });
    await service.count({ event: 'contentGap', ruleId: 'wiki' });
    advance(DAY);
    const report = await service.send({ force: true });
    expect(report).toEqual({ sent: 2, rejected: 0 });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://lrs.example.com/xAPI/statements');
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit' });
    const headers = init!.headers as Record<string, string>;
    expect(headers['X-Experience-API-Version']).toBe('1.0.3');
    expect(headers.Authorization).toBe(`Basic ${btoa('k:s')}`);
    expect((await service.status()).lastBatch).toHaveLength(2);
  });

  it('the employee opts out: counting stops and everything kept is deleted; refused when the policy forbids it', async () => {
    const { service } = setup(POLICY);
    await service.count({ event: 'tipShown', ruleId: 'crm' });
    expect(await db.analyticsBuckets.count()).toBe(1);
    const status = await service.setOptOut(true);
    expect(status).toMatchObject({ counting: false, optedOut: true });
    expect(await db.analyticsBuckets.count()).toBe(0);
    await service.count({ event: 'tipShown', ruleId: 'crm' });
    expect(await db.analyticsBuckets.count()).toBe(0);
    db.close();
    await db.delete();
    const strict = setup({ ...POLICY, employeesMayOptOut: false });
    await expect(strict.service.setOptOut(true)).rejects.toThrow(/does not allow/);
  });
});
