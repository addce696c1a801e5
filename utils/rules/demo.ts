import type { SiteRule } from './schema';

/**
 * Rules for the local demo "workday" site (`npm start`, the screenshots and the browser tests),
 * with its HR portal blocked. Never shipped as rules in force: the demo writes them into the
 * extension's storage when it starts, as an employee's own rules.
 */
export const DEMO_SITE_RULES: readonly SiteRule[] = [
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
