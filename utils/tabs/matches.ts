import { sameTabUrl } from './record';
import type { TipDecision } from '../attention/budget';
import type { TipReason } from '../attention/model';
import type { ResourceCard } from '../catalogue/card';
import type { RuleDecision } from '../rules/decide';

/** What Trailmark found for a tab, kept in session storage so a sleeping worker loses nothing. */
export interface TabMatches {
  url: string;
  decision: { action: RuleDecision['action']; rule?: string };
  /** Whether an unprompted tip is shown: the ranking was confident and the attention budget allowed it. */
  tip: boolean;
  /** The first `tipCount` cards are the tip's. */
  tipCount: number;
  /** The tip UI has shown the tip (and it was counted against the budget). */
  shown?: boolean;
  /** The first `confidentCount` cards were confident enough for a tip (the tip's, then any held back). */
  confidentCount: number;
  /** Why confident cards got no unprompted tip (quiet mode, a snooze, the daily budget…). */
  held?: { reason: TipReason; until?: number };
  cards: ResourceCard[];
  /** Read because the employee asked in the popup, not because a rule covers the page. */
  onRequest?: boolean;
}

/** The rules' decision as a tab keeps it: the action and the winning rule's name. */
export const decisionSummary = (decision: Pick<RuleDecision, 'action' | 'winner'>): TabMatches['decision'] => ({
  action: decision.action,
  ...(decision.winner ? { rule: decision.winner.name } : {}),
});

/** Nothing found (yet) for a page: the one way to say so. */
export const noMatches = (url: string, decision: Pick<RuleDecision, 'action' | 'winner'>): TabMatches => ({
  url,
  decision: decisionSummary(decision),
  tip: false,
  tipCount: 0,
  confidentCount: 0,
  cards: [],
});

/** The cards of the tip shown in a tab for this URL; none when the tab has moved on. */
export const tipCards = (found: TabMatches | null, url: string | undefined): ResourceCard[] =>
  found && sameTabUrl(found.url, url) && found.tip ? found.cards.slice(0, found.tipCount) : [];

/** The tab's findings with the tip's cards first, as the attention budget decided. */
export function withDecision(found: TabMatches, decision: TipDecision): TabMatches {
  const chosen = decision.cards.flatMap((id) => found.cards.filter((card) => card.id === id));
  const rest = found.cards.filter((card) => !decision.cards.includes(card.id));
  const { held: _, ...withoutHeld } = found;
  return {
    ...withoutHeld,
    cards: [...chosen, ...rest],
    tip: decision.show,
    tipCount: chosen.length,
    ...(!decision.show && found.confidentCount > 0
      ? { held: { reason: decision.reason, ...(decision.until ? { until: decision.until } : {}) } }
      : {}),
  };
}
