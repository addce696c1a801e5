import type { SiteRule } from './schema';

/**
 * Rules in force before an admin or the employee sets any: none. Trailmark reads no page until a
 * rule says where (the demo sets its own, see `DEMO_SITE_RULES`).
 */
export const DEFAULT_SITE_RULES: readonly SiteRule[] = [];
