import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyticsPolicyOf, parseAnalyticsPolicyValue } from '../policy';

describe('analytics policy', () => {
  it.each([
    ['https://lrs.example.com/xAPI', 'https://lrs.example.com/xAPI/'],
    ['https://lrs.example.com/xAPI/statements', 'https://lrs.example.com/xAPI/'],
    ['  https://lrs.example.com/data/xAPI/  ', 'https://lrs.example.com/data/xAPI/'],
    ['http://127.0.0.1:8081/xAPI/', 'http://127.0.0.1:8081/xAPI/'],
  ])('endpoint %s is read as %s', (raw, endpoint) => {
    expect(parseAnalyticsPolicyValue('analyticsLrsEndpoint', raw)).toEqual({ ok: true, value: endpoint });
  });

  it.each([
    'http://lrs.example.com/xAPI/',
    'https://user:pw@lrs.example.com/xAPI/',
    'https://lrs.example.com/xAPI/?x=1',
    'javascript:alert(1)',
    'lrs',
    42,
  ])('endpoint %s is refused', (raw) => expect(parseAnalyticsPolicyValue('analyticsLrsEndpoint', raw)).toEqual({ ok: false }));

  it('is on only with endpoint, key, secret and home page; employees may opt out unless the policy says false', () => {
    const full = {
      analyticsLrsEndpoint: 'https://lrs.example.com/xAPI/',
      analyticsLrsKey: 'k',
      analyticsLrsSecret: 's',
      analyticsOrgHomePage: 'https://example.com',
    };
    expect(analyticsPolicyOf(full)).toEqual({
      endpoint: full.analyticsLrsEndpoint,
      key: 'k',
      secret: 's',
      homePage: 'https://example.com',
      employeesMayOptOut: true,
    });
    expect(analyticsPolicyOf({ ...full, analyticsEmployeesMayOptOut: false })!.employeesMayOptOut).toBe(false);
    for (const missing of Object.keys(full)) expect(analyticsPolicyOf({ ...full, [missing]: undefined })).toBeNull();
    expect(analyticsPolicyOf({})).toBeNull();
  });

  it('registry-style flags and credentials', () => {
    expect(parseAnalyticsPolicyValue('analyticsEmployeesMayOptOut', 0)).toEqual({ ok: true, value: false });
    expect(parseAnalyticsPolicyValue('analyticsEmployeesMayOptOut', 'true')).toEqual({ ok: true, value: true });
    expect(parseAnalyticsPolicyValue('analyticsLrsKey', 'has space')).toEqual({ ok: false });
    expect(parseAnalyticsPolicyValue('analyticsOrgHomePage', 'http://example.com')).toEqual({ ok: false });
  });

  it('never throws on any input (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'analyticsLrsEndpoint',
          'analyticsLrsKey',
          'analyticsLrsSecret',
          'analyticsOrgHomePage',
          'analyticsEmployeesMayOptOut' as const,
        ),
        fc.anything(),
        (key, raw) => {
          const result = parseAnalyticsPolicyValue(key, raw);
          if (result.ok && key === 'analyticsLrsEndpoint')
            expect(String(result.value)).toMatch(/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]).*\/$/);
        },
      ),
    );
  });
});
