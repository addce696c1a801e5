import type { SiteRule } from './schema';

/**
 * Rules in force before an admin sets any: the local demo "workday" site, with its HR portal
 * blocked. Real deployments replace them through the options page or enterprise policy.
 */
export const DEFAULT_SITE_RULES: readonly SiteRule[] = [
  {
    id: 'demo-workday',
    name: 'Demo workday site',
    patterns: ['http://127.0.0.1/*', 'http://localhost/*'],
    action: 'suggest',
    skills: [],
    keywords: [],
    audience: [],
    enabled: true,
  },
  {
    id: 'demo-hr-portal',
    name: 'HR portal (private)',
    patterns: ['http://127.0.0.1/hr/*', 'http://localhost/hr/*'],
    action: 'block',
    skills: [],
    keywords: [],
    audience: [],
    enabled: true,
  },
];
