import { describe, expect, it } from 'vitest';
import { decideForUrl } from '../decide';
import { compileRules } from '../compile';
import { SiteRuleSchema } from '../schema';

const rules = compileRules(
  [
    { id: 'crm', name: 'CRM', patterns: ['https://crm.example.com/*'], action: 'suggest' },
    { id: 'payroll', name: 'Payroll', patterns: ['https://crm.example.com/payroll/*'], action: 'block' },
    { id: 'hr', name: 'HR', patterns: ['/^https:\\/\\/hr\\.example\\.com\\/private\\//'], action: 'block' },
    { id: 'hr-site', name: 'HR site', patterns: ['https://hr.example.com/*'], action: 'suggest' },
  ].map((rule) => SiteRuleSchema.parse(rule)),
);

describe('block rules hold against other spellings of the address', () => {
  it.each([
    'https://crm.example.com/payroll/1',
    'https://crm.example.com/payroll',
    'https://crm.example.com/PAYROLL/1',
    'https://crm.example.com/Payroll',
    'https://crm.example.com//payroll/1',
    'https://crm.example.com/%70ayroll/1',
    'https://crm.example.com/%50AYROLL/1',
    'https://crm.example.com./payroll/1',
    'https://CRM.example.com:443/payroll/1?x=1#y',
    'https://hr.example.com//private/1',
    'https://hr.example.com/PRIVATE/1',
  ])('%s is blocked', (url) => {
    expect(decideForUrl(url, rules).action).toBe('block');
  });

  it.each(['https://crm.example.com/payrolls', 'https://crm.example.com/accounts/payroll', 'https://crm.example.com/pay%2Froll/1'])(
    '%s is not blocked (another page)',
    (url) => {
      expect(decideForUrl(url, rules).action).toBe('suggest');
    },
  );

  it('suggest rules still see the address as written', () => {
    const own = compileRules([
      SiteRuleSchema.parse({ id: 'opps', name: 'Opps', patterns: ['https://crm.example.com/opps/*'], action: 'suggest' }),
    ]);
    expect(decideForUrl('https://crm.example.com/OPPS/1', own).action).toBe('none');
  });
});
