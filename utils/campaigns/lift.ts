import { CONFIDENCE_MODEL } from '../relevance/confidence';
import { RANKING, type PageMatch, type PageMatches } from '../relevance/rank';

/**
 * The featured lift, applied after the ranking: a featured resource moves up a little, but only
 * where it already fits the page on its own merits.
 *
 * - The floor: its confidence must reach the tip threshold (`CONFIDENCE_MODEL.tipThreshold`),
 *   the bar any resource must clear to appear in a tip. Below it, nothing is lifted.
 * - The lift is bounded: its score is multiplied by at most `maxFactor`, so it can pass a close
 *   neighbour, never a much better match. Confidence is not touched.
 * - A page that got no tip gets none because of a campaign; the attention budget then decides
 *   as always.
 */
export const FEATURED_LIFT = {
  minConfidence: CONFIDENCE_MODEL.tipThreshold,
  maxFactor: 1.1,
} as const;

/**
 * Reorders a page's matches with the featured lift (see `FEATURED_LIFT`).
 *
 * @example liftFeatured(matchPage(index, signals), (id) => featured.has(id)).matches[0]?.id
 */
export function liftFeatured<T extends PageMatches>(outcome: T, isFeatured: (id: string) => boolean): T {
  const lifted = (m: PageMatch) => isFeatured(m.id) && m.confidence >= FEATURED_LIFT.minConfidence;
  if (!outcome.matches.some(lifted)) return outcome;
  const matches = outcome.matches
    .map((match, order) => ({ match, order, score: lifted(match) ? match.score * FEATURED_LIFT.maxFactor : match.score }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((x) => x.match);
  if (!outcome.tip) return { ...outcome, matches };
  const firstUnsure = matches.findIndex((m) => m.confidence < CONFIDENCE_MODEL.tipThreshold);
  const tipCount = Math.min(RANKING.tipSize, firstUnsure === -1 ? matches.length : firstUnsure);
  return { ...outcome, matches, tipCount, tip: tipCount > 0 };
}
