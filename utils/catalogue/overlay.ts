import type { CatalogueOverlay } from './db';
import type { Resource } from './schema';

/*
 * The active catalogue is its pages (written whole by imports and snapshots) with an overlay laid
 * over them: what feed deltas changed since. A 1 % delta touches about 92 % of the 250-resource
 * pages and the whole 23 MB index, so rewriting them cost about 0.7 s; the overlay is a small row
 * written instead. The next write of the pages (a snapshot, or a delta that finds the overlay too
 * large) folds it in and empties it.
 */

export const emptyOverlay = (): CatalogueOverlay => ({ key: 'active', upserts: [], retired: [] });

export const isEmptyOverlay = (overlay: CatalogueOverlay | undefined): boolean =>
  !overlay || (overlay.upserts.length === 0 && overlay.retired.length === 0);

/** How many resources the overlay holds or hides: what it costs every reader. */
export const overlaySize = (overlay: CatalogueOverlay): number => overlay.upserts.length + overlay.retired.length;

/**
 * A resource as the overlay has it: the resource (added or replaced), `null` (it left the
 * catalogue), or `undefined` (not in the overlay: the pages have the answer).
 */
export function overlayLookup(overlay: CatalogueOverlay | undefined, id: string): Resource | null | undefined {
  if (!overlay) return undefined;
  const found = findById(overlay.upserts, id);
  if (found) return found;
  return sortedHas(overlay.retired, id) ? null : undefined;
}

/** The catalogue: the pages' resources (sorted by id) with the overlay over them, sorted by id. */
export function withOverlay(pages: readonly Resource[], overlay: CatalogueOverlay | undefined): Resource[] {
  if (!overlay || isEmptyOverlay(overlay)) return [...pages];
  const retired = new Set(overlay.retired);
  const { upserts } = overlay;
  const result: Resource[] = [];
  let u = 0;
  for (const resource of pages) {
    while (u < upserts.length && upserts[u]!.id < resource.id) result.push(upserts[u++]!);
    if (u < upserts.length && upserts[u]!.id === resource.id) result.push(upserts[u++]!);
    else if (!retired.has(resource.id)) result.push(resource);
  }
  while (u < upserts.length) result.push(upserts[u++]!);
  return result;
}

export interface OverlayStep {
  overlay: CatalogueOverlay;
  /** Resources in the catalogue afterwards. */
  count: number;
  /** Ids the delta brought that were not in the catalogue before (for "New from L&D"). */
  fresh: ReadonlySet<string>;
}

/**
 * The overlay after a delta, knowing which ids the pages hold: retired ids (and inactive upserts)
 * leave, active upserts are added or replace, in that order, as `applyDelta` does.
 *
 * @example overlayAfterDelta(emptyOverlay(), ['a', 'b'], { upserts: [c], retire: ['a'] }).count // 2
 */
export function overlayAfterDelta(
  overlay: CatalogueOverlay,
  pageIds: readonly string[],
  delta: { upserts: readonly Resource[]; retire: readonly string[] },
): OverlayStep {
  const upserts = new Map(overlay.upserts.map((r) => [r.id, r]));
  const retired = new Set(overlay.retired);
  const inPages = (id: string) => sortedHas(pageIds, id);
  const present = (id: string) => upserts.has(id) || (inPages(id) && !retired.has(id));
  let count = pageIds.length - retired.size;
  for (const id of upserts.keys()) if (!inPages(id)) count++;
  const fresh = new Set<string>();
  // "New" is measured against the catalogue before the delta, whatever the delta does to an id first.
  const before = new Map<string, boolean>();
  const wasPresent = (id: string) => {
    if (!before.has(id)) before.set(id, present(id));
    return before.get(id)!;
  };
  const leave = (id: string) => {
    wasPresent(id);
    if (present(id)) count--;
    upserts.delete(id);
    fresh.delete(id);
    if (inPages(id)) retired.add(id);
  };
  for (const id of delta.retire) leave(id);
  for (const resource of delta.upserts) {
    if (!resource.active) {
      leave(resource.id);
      continue;
    }
    if (!wasPresent(resource.id)) fresh.add(resource.id);
    if (!present(resource.id)) count++;
    upserts.set(resource.id, resource);
    retired.delete(resource.id);
  }
  const byId = (a: Resource, b: Resource) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    overlay: { key: 'active', upserts: [...upserts.values()].sort(byId), retired: [...retired].sort() },
    count,
    fresh,
  };
}

/** Whether sorted `values` (code-unit order) holds `id`. */
export function sortedHas(values: readonly string[], id: string): boolean {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = values[mid]!;
    if (value === id) return true;
    if (value < id) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** The resource with this id in `sorted` (by id), if any. */
export function findById(sorted: readonly Resource[], id: string): Resource | undefined {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = sorted[mid]!.id;
    if (value === id) return sorted[mid];
    if (value < id) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
}
