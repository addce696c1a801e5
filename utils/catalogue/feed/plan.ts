import { feedError } from './errors';
import type { DeltaEntry, Manifest, SnapshotEntry } from './schema';

/** What is active from this same feed (same URL): its version and the SHA-256 of its content. */
export interface ActiveFeedVersion {
  version: number;
  snapshotSha256: string;
}

export type SyncPlan =
  | { action: 'upToDate' }
  | { action: 'delta'; delta: DeltaEntry; snapshot: SnapshotEntry }
  | { action: 'snapshot'; snapshot: SnapshotEntry };

/**
 * Decides what to do with a verified manifest. Refuses (throws a `FeedError`) an expired manifest,
 * a version older than the active one (a replayed feed), and the active version with other
 * content (a feed that was changed without a new version). Otherwise takes the delta that starts
 * from the active version, or the snapshot.
 *
 * @example planSync(manifest, { version: 6, snapshotSha256: '…' }, new Date()) // { action: 'delta', … }
 */
export function planSync(manifest: Manifest, active: ActiveFeedVersion | undefined, now: Date): SyncPlan {
  if (Date.parse(manifest.expiresAt) <= now.getTime()) throw feedError('expired', { date: manifest.expiresAt, version: manifest.version });
  if (active) {
    if (manifest.version < active.version) throw feedError('olderVersion', { version: manifest.version, activeVersion: active.version });
    if (manifest.version === active.version) {
      if (manifest.snapshot.sha256 !== active.snapshotSha256) throw feedError('sameVersionChanged', { version: manifest.version });
      return { action: 'upToDate' };
    }
    const delta = manifest.deltas.find((d) => d.fromVersion === active.version);
    if (delta) return { action: 'delta', delta, snapshot: manifest.snapshot };
  }
  return { action: 'snapshot', snapshot: manifest.snapshot };
}
