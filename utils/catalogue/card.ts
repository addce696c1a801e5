import type { MatchWhy } from '../relevance/rank';
import type { Resource } from './schema';

/** What the UI shows of a resource: plain data, rendered as text only. */
export type ResourceCard = Pick<Resource, 'id' | 'title' | 'url' | 'type' | 'language' | 'durationMinutes' | 'provider' | 'description'> & {
  why?: MatchWhy;
  /** L&D's own hook for this installation's copy variant (see `utils/copy`). */
  tagline?: string;
};
