import type { CompiledRules } from '../rules/compile';
import { decideForUrl, type RuleDecision } from '../rules/decide';
import type { SiteRule } from '../rules/schema';
import type { PageSignals } from '../signals/schema';
import { matchPage, type FeedbackFactor, type PageMatches } from './rank';
import type { SearchIndex } from './search-index';

export interface PageOutcome extends PageMatches {
  decision: RuleDecision;
}

/**
 * Everything Trailmark decides for one page: the site rules first (a page no `suggest` rule
 * covers, or that a `block` rule covers, gets nothing), then the ranking. The background and the
 * CLI both call this, so a preview is exactly what the extension would do. `feedback` is the
 * employee's own feedback for this page's site (see `FeedbackFactor`). Rules may come compiled
 * (the background keeps them so); `audience` is the employee's roles.
 */
export function decidePage(
  index: SearchIndex,
  rules: readonly SiteRule[] | CompiledRules,
  signals: PageSignals,
  limit = 10,
  feedback?: FeedbackFactor,
  audience: readonly string[] = [],
): PageOutcome {
  const decision = decideForUrl(signals.url, rules, audience);
  if (decision.action !== 'suggest') return { decision, tip: false, tipCount: 0, matches: [] };
  return {
    decision,
    ...matchPage(index, signals, { ...(decision.winner ? { rule: decision.winner } : {}), limit, ...(feedback ? { feedback } : {}) }),
  };
}
