import type { Resource } from '../schema';
import type { Delta } from './schema';
import { sortById } from '../pages';

/*
 * Snapshots and deltas in memory. A snapshot's text is canonical (active resources, sorted by id,
 * compact JSON), so the SHA-256 in the manifest also identifies the catalogue's content: after
 * applying a delta the extension can prove it holds exactly the snapshot.
 */

/** The canonical snapshot text of a catalogue: its active resources, sorted by id. */
export function snapshotText(resources: readonly Resource[]): string {
  return JSON.stringify(sortById(resources.filter((r) => r.active)));
}

/** The canonical text of a delta file. */
export function deltaText(delta: Delta): string {
  const { fromVersion, toVersion } = delta;
  return JSON.stringify({ fromVersion, toVersion, upserts: sortById([...delta.upserts]), retire: [...delta.retire].sort() });
}

/**
 * What changed from one catalogue to the next: resources added or changed in any field, and ids
 * that are gone or no longer active.
 *
 * @example diffCatalogues(v6, v7, 6, 7) // { fromVersion: 6, toVersion: 7, upserts: [...], retire: ['old-course'] }
 */
export function diffCatalogues(before: readonly Resource[], after: readonly Resource[], fromVersion: number, toVersion: number): Delta {
  const previous = new Map(before.filter((r) => r.active).map((r) => [r.id, JSON.stringify(r)]));
  const upserts: Resource[] = [];
  const kept = new Set<string>();
  for (const resource of after) {
    if (!resource.active) continue;
    kept.add(resource.id);
    if (previous.get(resource.id) !== JSON.stringify(resource)) upserts.push(resource);
  }
  const retire = [...previous.keys()].filter((id) => !kept.has(id));
  return { fromVersion, toVersion, upserts: sortById(upserts), retire: retire.sort() };
}

/** One delta that does what `first` then `second` do (for clients more than one version behind). */
export function composeDeltas(first: Delta, second: Delta): Delta {
  if (first.toVersion !== second.fromVersion)
    throw new Error(`cannot compose ${first.fromVersion}→${first.toVersion} with ${second.fromVersion}→${second.toVersion}`);
  const upserts = new Map(first.upserts.map((r) => [r.id, r]));
  const retire = new Set(first.retire);
  for (const id of second.retire) {
    upserts.delete(id);
    retire.add(id);
  }
  for (const resource of second.upserts) {
    retire.delete(resource.id);
    upserts.set(resource.id, resource);
  }
  return {
    fromVersion: first.fromVersion,
    toVersion: second.toVersion,
    upserts: sortById([...upserts.values()]),
    retire: [...retire].sort(),
  };
}

/**
 * The catalogue after a delta: retired ids removed (unknown ids are no-ops), upserts added or
 * replaced, inactive upserts removed. Returns the active resources sorted by id.
 */
export function applyDelta(active: readonly Resource[], delta: { upserts: readonly Resource[]; retire: readonly string[] }): Resource[] {
  const byId = new Map(active.map((r) => [r.id, r]));
  for (const id of delta.retire) byId.delete(id);
  for (const resource of delta.upserts) {
    if (resource.active) byId.set(resource.id, resource);
    else byId.delete(resource.id);
  }
  return sortById([...byId.values()]);
}
