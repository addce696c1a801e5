/*
 * Copy variants: L&D may give a resource two hooks, `tagline` (A) and `tagline_b` (B). Each
 * installation draws A or B once, at random, and keeps it, so L&D can compare which wording
 * gets people to open resources (the analytics count events per variant).
 */

export const COPY_VARIANTS = ['A', 'B'] as const;
export type CopyVariant = (typeof COPY_VARIANTS)[number];

/** Draws a variant; `random` in [0, 1). */
export const drawCopyVariant = (random: () => number = Math.random): CopyVariant => (random() < 0.5 ? 'A' : 'B');

/** Whether a stored value is a variant (storage may hold anything an older version wrote). */
export const isCopyVariant = (value: unknown): value is CopyVariant => value === 'A' || value === 'B';

/** The copy fields a resource may carry. */
export interface ResourceCopy {
  description?: string;
  tagline?: string;
  taglineB?: string;
}

/**
 * The line a card shows under its title for this installation's variant: B shows `taglineB`
 * (falling back to `tagline`), A shows `tagline`; without either, the start of the description.
 * `fromTagline` says whether L&D's own copy is shown, so a card can tell the two apart.
 *
 * @example cardLine({ description: 'A long text…', tagline: 'Close deals faster', taglineB: 'Win the pipeline' }, 'B')
 * // { text: 'Win the pipeline', fromTagline: true }
 */
export function cardLine(resource: ResourceCopy, variant: CopyVariant): { text: string; fromTagline: boolean } {
  const tagline = variant === 'B' ? (resource.taglineB ?? resource.tagline) : resource.tagline;
  if (tagline) return { text: tagline, fromTagline: true };
  return { text: resource.description ?? '', fromTagline: false };
}
