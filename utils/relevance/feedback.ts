import type { SiteFeedback } from '../attention/model';
import type { FeedbackFactor } from './rank';

/** How much the employee's own feedback on a site moves a resource there. */
export const FEEDBACK = {
  /** "Not relevant": no score and no confidence left, so it sinks to the bottom and out of any tip. */
  notRelevant: 0,
  /** Saved or opened from this site: a small lift among the page's matches (never into a tip on its own). */
  useful: 1.25,
} as const;

/**
 * Turns one site's feedback (from the attention state) into the ranking's feedback hook
 * (`matchPage`/`decidePage`'s `feedback`): a score factor per resource. No feedback, no hook.
 *
 * @example decidePage(index, rules, signals, 5, feedbackFactor({ notRelevant: ['a'], useful: [] }))
 */
export function feedbackFactor(feedback: SiteFeedback | undefined): FeedbackFactor | undefined {
  if (!feedback || (feedback.notRelevant.length === 0 && feedback.useful.length === 0)) return undefined;
  const notRelevant = new Set(feedback.notRelevant);
  const useful = new Set(feedback.useful);
  return (id) => (notRelevant.has(id) ? FEEDBACK.notRelevant : useful.has(id) ? FEEDBACK.useful : undefined);
}
