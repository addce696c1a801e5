/** The three ways to write where a rule applies. */
export type PatternKind = 'match' | 'urlpattern' | 'regex';

/**
 * How specific a pattern is, compared field by field in this order:
 * 1. host: an exact host beats a wildcard host (`*.example.com`), which beats any host;
 * 2. host labels: among wildcards, the longer suffix (`*.crm.example.com` beats `*.example.com`);
 * 3. path: the longer fixed path start (`/opportunities/` beats `/`);
 * 4. kind: a URL pattern beats a match pattern, which beats a regular expression;
 * and when all are equal the earlier rule wins.
 */
export interface Specificity {
  host: 'exact' | 'wildcard' | 'any';
  /** Labels of the exact host or wildcard suffix (`example.com` = 2). */
  hostLabels: number;
  /** Characters of fixed path at the start of the pattern's path. */
  path: number;
  kind: PatternKind;
}

/** The field that made one pattern more specific than another, or `order` when they are equal. */
export type SpecificityFactor = 'host' | 'hostLabels' | 'path' | 'kind' | 'order';

const HOST_RANK = { exact: 2, wildcard: 1, any: 0 } as const;
const KIND_RANK = { urlpattern: 2, match: 1, regex: 0 } as const;

/**
 * Positive when `a` is more specific than `b`, negative when less, 0 when equal.
 *
 * @example compareSpecificity(exactHost, anyHost) > 0 // true
 */
export function compareSpecificity(a: Specificity, b: Specificity): number {
  return HOST_RANK[a.host] - HOST_RANK[b.host] || a.hostLabels - b.hostLabels || a.path - b.path || KIND_RANK[a.kind] - KIND_RANK[b.kind];
}

/** Which field decides between two specificities (`order` when equal: the earlier rule wins). */
export function decidingFactor(a: Specificity, b: Specificity): SpecificityFactor {
  if (a.host !== b.host) return 'host';
  if (a.hostLabels !== b.hostLabels) return 'hostLabels';
  if (a.path !== b.path) return 'path';
  if (a.kind !== b.kind) return 'kind';
  return 'order';
}
