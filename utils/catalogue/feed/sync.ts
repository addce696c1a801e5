import Dexie from 'dexie';
import { updateNews, type NewsEntry } from '../../campaigns/news';
import type { LdProfile } from '../../profile/schema';
import type { FeedSettings } from '../../settings/in-force';
import { buildSearchIndex, buildSearchIndexInSlices, updateSearchIndex, type SearchIndex } from '../../relevance/search-index';
import type { Resource } from '../schema';
import { MAX_FEATURED_KEPT } from '../../campaigns/featured';
import {
  CatalogueMovedOn,
  commitCatalogue,
  commitOverlay,
  readActiveCatalogue,
  readActiveContent,
  readOverlayBasis,
  sameJson,
  type ActiveCatalogue,
  type CatalogueChange,
} from '../apply';
import type { ActiveFeed, CatalogueState, FeedOutcome, FeedState, TrailmarkDB } from '../db';
import { emptyOverlay, overlayAfterDelta, overlaySize, withOverlay, type OverlayStep } from '../overlay';
import { keyIdOf, parsePublicKey, sha256Hex } from './crypto';
import { FeedError, feedError, shortDetail, type FeedProblem } from './errors';
import { fetchFeedFile, type FetchFn } from './fetch';
import { canGunzip, gunzip, isGzip } from './gzip';
import { planSync, type ActiveFeedVersion } from './plan';
import { nextCheckDelay } from './schedule';
import { FEED_FILE_NAME, MAX_ENVELOPE_BYTES, type DeltaEntry, type SnapshotEntry } from './schema';
import { contentUrl, feedUrl } from './url';
import { checkContent, openFeed, parseDelta, parseSnapshot } from './verify';

export type { FeedSettings };

export interface SyncDeps {
  db: TrailmarkDB;
  fetch: FetchFn;
  now?: () => Date;
  /** In [0, 1): the schedule's jitter. */
  random?: () => number;
  /** Whether the browser lets Trailmark read the feed's host; asked when feed.json cannot be fetched. */
  hasAccess?: (url: URL) => Promise<boolean>;
  /**
   * Called once the check is marked as running, before any request, with the time to retry if
   * this check never finishes: the background sets its alarm for it.
   */
  onRunning?: (retryAt: Date) => Promise<void>;
}

/** What one check did, for the options page, the tests and the benchmark. */
export interface CheckResult {
  outcome: FeedOutcome | 'notSet';
  /** The feed version active afterwards, when it is from this feed. */
  version?: number;
  /** How an update arrived. */
  via?: 'snapshot' | 'delta';
  count?: number;
  problem?: FeedProblem;
  /** Requests made, feed.json included. */
  requests: number;
  /** Milliseconds per phase (feed, download, verify, parse, read, prepare, index, write) and in `total`. */
  timings: Record<string, number>;
}

const FEED_STATE_KEY = 'feed';
/** Problems of the network or the device rather than of the feed: "failed", not "refused". */
const TRANSIENT: ReadonlySet<FeedProblem['code']> = new Set([
  'unreachable',
  'httpStatus',
  'storageFull',
  'storageFailed',
  'internal',
  'unsupported',
  'noAccess',
]);
export const initialFeedState = (): FeedState => ({ key: FEED_STATE_KEY, failures: 0, interruptions: 0 });

/**
 * One feed check, start to finish: conditional GET of feed.json, signature and manifest, plan,
 * the delta or snapshot (downloaded, or taken from staging when an earlier, interrupted check got
 * that far), parse, index, then one transaction that writes the catalogue and the bookkeeping.
 * Never throws: refusals and failures are recorded in the feed state, with a back-off.
 *
 * Every step can be interrupted (the service worker may be stopped at any instant): a check that
 * never finished leaves `runningSince` set and the active catalogue untouched, and running it
 * again converges.
 */
export async function checkFeed(settings: FeedSettings, deps: SyncDeps): Promise<CheckResult> {
  const started = performance.now();
  try {
    return await checkFeedOrThrow(settings, deps, started);
  } catch (error) {
    // Only the bookkeeping around the check gets here (storage refusing even that): say so.
    return { outcome: 'failed', problem: toProblem(error), requests: 0, timings: { total: performance.now() - started } };
  }
}

async function checkFeedOrThrow(settings: FeedSettings, deps: SyncDeps, started: number): Promise<CheckResult> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const random = deps.random ?? Math.random;
  const previous = (await db.feedState.get(FEED_STATE_KEY)) ?? initialFeedState();
  const result: CheckResult = { outcome: 'failed', requests: 0, timings: {} };
  const total = (done: CheckResult): CheckResult => ({ ...done, timings: { ...done.timings, total: performance.now() - started } });
  if (!settings.url.trim()) {
    const { nextCheckAt: _, runningSince: __, lastProblem: ___, ...rest } = previous;
    await db.feedState.put({ ...rest, failures: 0, interruptions: 0 });
    return { ...result, outcome: 'notSet' };
  }

  const interruptions = previous.runningSince ? previous.interruptions + 1 : 0;
  // Before any network: if the worker dies from here on, the next start sees `runningSince`, and
  // the alarm (set for `nextCheckAt`) wakes it even if nothing else does.
  const running: FeedState = {
    ...previous,
    runningSince: now.toISOString(),
    interruptions,
    nextCheckAt: new Date(now.getTime() + nextCheckDelay(previous.failures + interruptions + 1, random())).toISOString(),
  };
  await db.feedState.put(running);
  await deps.onRunning?.(new Date(running.nextCheckAt!)).catch((error: unknown) => console.error('Trailmark: feed schedule', error));

  const done = (outcome: FeedOutcome, extra: Partial<FeedState> = {}): FeedState => {
    const { runningSince: _, lastProblem: __, ...rest } = running;
    return {
      ...rest,
      ...extra,
      lastCheckAt: now.toISOString(),
      lastSuccessAt: now.toISOString(),
      lastOutcome: outcome,
      failures: 0,
      interruptions: 0,
      nextCheckAt: new Date(now.getTime() + nextCheckDelay(0, random())).toISOString(),
    };
  };

  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return total(await runCheck(settings, deps, now, result, done));
      } catch (error) {
        // Someone else changed the catalogue while we prepared: plan again from what is active now.
        if (!(error instanceof CatalogueMovedOn) || attempt >= 2) throw error;
      }
    }
  } catch (error) {
    const problem = toProblem(error);
    const refused = !TRANSIENT.has(problem.code);
    const { runningSince: _, ...rest } = running;
    const failures = previous.failures + 1;
    await db.feedState
      .put({
        ...rest,
        lastCheckAt: now.toISOString(),
        lastOutcome: refused ? 'refused' : 'failed',
        lastProblem: problem,
        failures,
        interruptions: 0,
        nextCheckAt: new Date(now.getTime() + nextCheckDelay(failures, random())).toISOString(),
      })
      .catch(() => undefined);
    return total({ ...result, outcome: refused ? 'refused' : 'failed', problem });
  }
}

async function runCheck(
  settings: FeedSettings,
  deps: SyncDeps,
  now: Date,
  result: CheckResult,
  done: (outcome: FeedOutcome, extra?: Partial<FeedState>) => FeedState,
): Promise<CheckResult> {
  const { db } = deps;
  const clock = stopwatch(result.timings);
  const url = feedUrl(settings.url);
  const publicKey = parsePublicKey(settings.publicKey);
  const keyId = await keyIdOf(publicKey);
  const state = (await db.feedState.get(FEED_STATE_KEY)) ?? initialFeedState();
  const active = await db.catalogueState.get('active');
  const activeFeed = active?.source === 'feed' && active.feed?.url === url.href ? active.feed : undefined;
  const etag =
    activeFeed && state.etag && state.etag.url === url.href && state.etag.keyId === keyId && state.etag.version === activeFeed.version
      ? state.etag.value
      : undefined;

  result.requests++;
  const fetched = await fetchFeedFile(deps.fetch, url, {
    file: FEED_FILE_NAME,
    maxBytes: MAX_ENVELOPE_BYTES,
    ...(etag ? { etag } : {}),
  }).catch(async (error: unknown) => {
    // Without host access (and without CORS on the server) the browser reports a network failure: say why.
    if (error instanceof FeedError && error.problem.code === 'unreachable' && deps.hasAccess && !(await deps.hasAccess(url))) {
      throw feedError('noAccess', { detail: url.host });
    }
    throw error;
  });
  if (fetched.notModified) {
    // A 304 we did not ask for says nothing about what is active.
    if (!etag || !activeFeed) throw feedError('httpStatus', { file: FEED_FILE_NAME, status: 304 });
    await db.feedState.put(done('notModified'));
    clock('feed');
    return { ...result, outcome: 'notModified', version: activeFeed.version, count: active?.count ?? 0 };
  }
  const { manifest } = await openFeed(fetched.bytes, publicKey);
  clock('feed');
  const activeVersion: ActiveFeedVersion | undefined = activeFeed && {
    version: activeFeed.version,
    snapshotSha256: activeFeed.snapshotSha256,
  };
  const plan = planSync(manifest, activeVersion, now);
  const feed: ActiveFeed = {
    url: url.href,
    version: manifest.version,
    snapshotSha256: manifest.snapshot.sha256,
    keyId,
    publishedAt: manifest.publishedAt,
    expiresAt: manifest.expiresAt,
  };
  const newEtag = fetched.etag ? { url: url.href, keyId, version: manifest.version, value: fetched.etag } : undefined;
  const succeeded = (outcome: FeedOutcome) => done(outcome, newEtag ? { etag: newEtag } : { etag: undefined });

  if (plan.action === 'upToDate') {
    // The same content may be re-signed with a later expiry: keep the newer dates.
    const profileMoved = JSON.stringify(active?.profile ?? null) !== JSON.stringify(manifest.profile ?? null);
    const refreshed =
      active && activeFeed && (activeFeed.expiresAt !== feed.expiresAt || profileMoved)
        ? withProfile({ ...active, feed: { ...activeFeed, ...feed } }, manifest.profile)
        : undefined;
    await db.transaction('rw', db.catalogueState, db.feedState, async () => {
      if (refreshed) await db.catalogueState.put(refreshed);
      await db.feedState.put(succeeded('upToDate'));
    });
    return { ...result, outcome: 'upToDate', version: manifest.version, count: active?.count ?? 0 };
  }

  const context = { deps, url, feed, now, result, clock, profile: manifest.profile, earlier: activeFeed ? active : undefined };
  if (plan.action === 'delta') {
    const applied = await applyDeltaFile(context, plan.delta, plan.snapshot.count, activeFeed!, succeeded('updated'));
    if (applied) return applied;
  }
  return applySnapshotFile(context, plan.snapshot, succeeded('updated'));
}

interface ApplyContext {
  deps: SyncDeps;
  url: URL;
  feed: ActiveFeed;
  now: Date;
  result: CheckResult;
  clock: (phase: string) => void;
  profile: LdProfile | undefined;
  /** The active catalogue when it is an earlier version of this feed: what "new" is measured against. */
  earlier: CatalogueState | undefined;
}

async function applySnapshotFile(context: ApplyContext, entry: SnapshotEntry, feedState: FeedState): Promise<CheckResult> {
  const { deps, feed, now, result, clock, profile, earlier } = context;
  const { db } = deps;
  const text = await contentText(context, entry);
  const resources = parseSnapshot(text, entry);
  clock('parse');
  const stateAfter = (active: Omit<ActiveCatalogue, 'index'>) => {
    // Only an update of this feed has news; the first catalogue from a feed is all new, so none is.
    const previousIds = earlier ? new Set(active.resources.map((r) => r.id)) : undefined;
    return withNews(feedCatalogueState(feed, resources.length, now, profile), updateNews(earlier?.news, previousIds, resources, now));
  };
  // Another check may have got here first with this version or a newer one.
  const notNewer = (current: CatalogueState | undefined) =>
    !(current?.source === 'feed' && current.feed?.url === feed.url && current.feed.version >= feed.version);

  // A snapshot over an earlier version of this feed usually changes little (it is taken when no
  // delta fits, e.g. after more versions than the feed keeps deltas for): then it is written as the
  // overlay over the pages, like a delta. The pages are read to find the change; the 23 MB index is
  // neither read nor written.
  if (earlier) {
    const content = await readActiveContent(db);
    clock('read');
    const change = changesBetween(content.pages, resources);
    if (change.upserts.length + change.retiredIds.length <= overlayLimit(resources.length)) {
      const overlay = { key: 'active' as const, upserts: change.upserts, retired: change.retiredIds };
      const state = stateAfter(content);
      clock('prepare');
      // The overlay is over the pages read: only while they are still the active ones (every commit writes a new state).
      const precondition = (current: CatalogueState | undefined) => notNewer(current) && sameJson(current, content.state);
      const featuredFrom = { catalogue: resources };
      await write(() => commitOverlay(db, { overlay, state, featuredFrom, precondition, feedState, clearStaging: true }));
      clock('write');
      return { ...result, outcome: 'updated', via: 'snapshot', version: feed.version, count: resources.length };
    }
  }

  const active = await readActiveCatalogue(db);
  clock('read');
  const { index, previous } = await indexForSnapshot(active, resources, result.timings);
  const state = stateAfter(active);
  clock('index');
  await commit(db, {
    resources,
    index,
    ...(previous ? { previous } : {}),
    state,
    precondition: notNewer,
    feedState,
    clearStaging: true,
  });
  clock('write');
  return { ...result, outcome: 'updated', via: 'snapshot', version: feed.version, count: resources.length };
}

/**
 * The overlay may hold this many resources before a delta folds it into the pages (a snapshot that
 * changes more writes them): every load of the index lays it over the stored one (for 50,000
 * resources in a fresh Node process, 170-200 ms with 500 overlaid and 220-230 ms with 2,500), and
 * every card read reads the overlay row.
 */
export const overlayLimit = (count: number) => Math.max(100, Math.floor(count * 0.05));

/**
 * Applies a delta; returns undefined when the result would not be the snapshot's content.
 *
 * Usually the delta is written as the overlay over the pages (see `overlay.ts`): only the state,
 * the overlay and the pages' ids are read, and only the overlay and the state are written. The
 * pages and the index are rewritten instead when the overlay would grow past `overlayLimit`, when
 * the pages' ids were not stored yet (pages written before overlays), or when nothing but a hash
 * of the whole result can prove it (a delta without the hash chain).
 */
async function applyDeltaFile(
  context: ApplyContext,
  entry: DeltaEntry,
  /** How many resources the snapshot it leads to holds. */
  count: number,
  base: ActiveFeed,
  feedState: FeedState,
): Promise<CheckResult | undefined> {
  const { deps, feed, now, result, clock, profile, earlier } = context;
  const { db } = deps;
  const delta = parseDelta(await contentText(context, entry), entry);
  clock('parse');
  // Only a delta from exactly the active version is taken; another commit meanwhile moves it on.
  const precondition = (active: CatalogueState | undefined) =>
    active?.source === 'feed' && active.feed?.url === base.url && active.feed.version === base.version;
  const stateAfter = (step: OverlayStep) =>
    withNews(
      feedCatalogueState(feed, step.count, now, profile),
      updateNews(earlier?.news, { has: (id) => !step.fresh.has(id) }, delta.upserts, now),
    );
  // Proof that the delta leads exactly to the snapshot's content. With the hash chain (format 2) the
  // signed manifest names the content the delta starts from: ours, as checked when it became active,
  // so nothing is rehashed. Without it, the result is hashed: the snapshot's hash is that of the content.
  // The count is checked either way: it catches a stored catalogue that lost or gained resources.
  const refuse = async () => {
    console.warn(`Trailmark: the delta ${entry.path} does not lead to the snapshot's content; taking the snapshot`);
    await db.feedStaging.delete(entry.sha256);
    clock('prepare');
    return undefined;
  };

  const basis = await readOverlayBasis(db);
  clock('read');
  if (basis.pageIds && entry.fromSha256) {
    const step = overlayAfterDelta(basis.overlay ?? emptyOverlay(), basis.pageIds, delta);
    if (step.count !== count || entry.fromSha256 !== base.snapshotSha256) return refuse();
    const featuredFull = (basis.state?.featured?.length ?? 0) >= MAX_FEATURED_KEPT;
    if (overlaySize(step.overlay) <= overlayLimit(count) && !featuredFull) {
      clock('prepare');
      const changed = { ids: new Set([...delta.retire, ...delta.upserts.map((r) => r.id)]), upserts: delta.upserts };
      await write(() =>
        commitOverlay(db, {
          overlay: step.overlay,
          state: stateAfter(step),
          featuredFrom: { changed },
          precondition,
          feedState,
          clearStaging: true,
        }),
      );
      clock('write');
      return { ...result, outcome: 'updated', via: 'delta', version: feed.version, count: step.count };
    }
  }

  // Fold the overlay and the delta into the pages and the index.
  const active = await readActiveCatalogue(db);
  clock('read');
  const step = overlayAfterDelta(
    active.overlay ?? emptyOverlay(),
    active.pages.map((r) => r.id),
    delta,
  );
  const next = withOverlay(active.pages, step.overlay);
  const leadsThere =
    next.length === count &&
    (entry.fromSha256 ? entry.fromSha256 === base.snapshotSha256 : (await sha256Hex(JSON.stringify(next))) === feed.snapshotSha256);
  if (!leadsThere) return refuse();
  clock('prepare');
  // Only the resources that differ from the pages are tokenised; the rest of the index is carried over.
  const index = active.index
    ? updateSearchIndex(active.index, { upserts: step.overlay.upserts, retiredIds: step.overlay.retired })
    : buildSearchIndex(next);
  clock('index');
  await commit(db, {
    resources: next,
    index,
    previous: { resources: active.pages, state: active.state },
    state: stateAfter(step),
    precondition,
    feedState,
    clearStaging: true,
  });
  clock('write');
  return { ...result, outcome: 'updated', via: 'delta', version: feed.version, count: next.length };
}

/** Below this share of changed resources a snapshot updates the active index instead of building anew. */
const INCREMENTAL_SHARE = 0.1;

/**
 * The index for a snapshot. Usually most of it is the catalogue already active (a snapshot is
 * taken when no delta fits, e.g. after a long time offline): then only what changed is tokenised,
 * as for a delta. Otherwise, e.g. on first install, the index is built in slices so the service
 * worker keeps answering; the longest slice is recorded as `indexLongestSlice`.
 */
async function indexForSnapshot(
  active: ActiveCatalogue,
  resources: readonly Resource[],
  timings: Record<string, number>,
): Promise<{ index: SearchIndex; previous?: CatalogueChange['previous'] }> {
  // The stored index is over the pages, so the change is measured from them (not from the overlay).
  const { index: activeIndex, pages, state } = active;
  if (activeIndex && activeIndex.taxonomy.length === 0 && activeIndex.docIds.length > 0) {
    const change = changesBetween(pages, resources);
    if (change.upserts.length + change.retiredIds.length <= resources.length * INCREMENTAL_SHARE)
      return { index: updateSearchIndex(activeIndex, change), previous: { resources: pages, state } };
  }
  let longest = 0;
  const index = await buildSearchIndexInSlices(resources, [], { onSlice: (ms) => (longest = Math.max(longest, ms)) });
  timings.indexLongestSlice = longest;
  return { index };
}

/** What changed between two catalogues, each sorted by id: added or changed resources, and ids gone. */
function changesBetween(before: readonly Resource[], after: readonly Resource[]): { upserts: Resource[]; retiredIds: string[] } {
  const upserts: Resource[] = [];
  const retiredIds: string[] = [];
  let i = 0;
  for (const resource of after) {
    while (i < before.length && before[i]!.id < resource.id) retiredIds.push(before[i++]!.id);
    if (i < before.length && before[i]!.id === resource.id) {
      if (!sameJson(before[i], resource)) upserts.push(resource);
      i++;
    } else upserts.push(resource);
  }
  while (i < before.length) retiredIds.push(before[i++]!.id);
  return { upserts, retiredIds };
}

const feedCatalogueState = (feed: ActiveFeed, count: number, now: Date, profile: LdProfile | undefined): CatalogueState =>
  withProfile({ key: 'active', source: 'feed', label: String(feed.version), count, activatedAt: now.toISOString(), feed }, profile);

const withNews = (state: CatalogueState, news: NewsEntry[]): CatalogueState => (news.length ? { ...state, news } : state);

/** The state with the feed's profile, or without any: a feed that drops its profile drops the brand. */
function withProfile(state: CatalogueState, profile: LdProfile | undefined): CatalogueState {
  const { profile: _, ...rest } = state;
  return profile ? { ...rest, profile } : rest;
}

/**
 * A content file's checked text: from staging when an interrupted check already downloaded it,
 * otherwise downloaded (its gzipped copy where the manifest names one and the browser can unpack
 * it; never more than the manifest says), checked, and staged as downloaded.
 */
async function contentText(context: ApplyContext, entry: SnapshotEntry | DeltaEntry): Promise<string> {
  const { deps, url, now, result, clock } = context;
  const { db } = deps;
  const staged = await db.feedStaging.get(entry.sha256);
  let bytes = staged?.bytes;
  if (!bytes) {
    const file = entry.gzip && canGunzip() ? entry.gzip : entry;
    result.requests++;
    // A host may unpack the .gz on the way (Content-Encoding: gzip): then the JSON itself arrives.
    const maxBytes = Math.max(file.bytes, entry.bytes);
    const fetched = await fetchFeedFile(deps.fetch, contentUrl(url, file.path), { file: file.path, maxBytes });
    if (fetched.notModified) throw feedError('httpStatus', { file: file.path, status: 304 });
    bytes = fetched.bytes;
  }
  clock('download');
  let text: string;
  try {
    text = await checkContent(await unpacked(bytes, entry), entry);
  } catch (error) {
    if (staged) await db.feedStaging.delete(entry.sha256);
    throw error;
  }
  if (!staged) {
    // Only this file is worth keeping: older staged downloads belong to versions we will not take.
    await db.transaction('rw', db.feedStaging, async () => {
      await db.feedStaging.clear();
      await db.feedStaging.put({ sha256: entry.sha256, path: entry.path, bytes, storedAt: now.toISOString() });
    });
  }
  clock('verify');
  return text;
}

/**
 * The uncompressed bytes of a download. Gzipped bytes are checked against the manifest's entry for
 * the .gz first (size and SHA-256), then unpacked no larger than the file they stand for; the
 * caller checks the SHA-256 of the result, which is what identifies the content.
 */
async function unpacked(bytes: Uint8Array<ArrayBuffer>, entry: SnapshotEntry | DeltaEntry): Promise<Uint8Array<ArrayBuffer>> {
  if (!isGzip(bytes)) return bytes;
  const file = entry.gzip?.path ?? entry.path;
  if (entry.gzip && (bytes.length !== entry.gzip.bytes || (await sha256Hex(bytes)) !== entry.gzip.sha256))
    throw feedError('hashMismatch', { file });
  return gunzip(bytes, entry.bytes, file);
}

const commit = (db: TrailmarkDB, change: CatalogueChange) => write(() => commitCatalogue(db, change));

/** Runs a catalogue write; a failure is worded as a feed problem, except `CatalogueMovedOn` (planned again). */
async function write(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof CatalogueMovedOn) throw error;
    throw storageError(error);
  }
}

/** A failed write, worded for people: a full disk is its own problem. */
function storageError(error: unknown): FeedError {
  const name = (error as { name?: string })?.name ?? '';
  const inner = (error as { inner?: { name?: string } })?.inner?.name ?? '';
  const detail = shortDetail((error as Error)?.message ?? String(error));
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError'
    ? feedError('storageFull', { detail })
    : feedError('storageFailed', { detail });
}

function toProblem(error: unknown): FeedProblem {
  if (error instanceof FeedError) return error.problem;
  if (error instanceof Dexie.DexieError || error instanceof DOMException) return storageError(error).problem;
  return { code: 'internal', detail: shortDetail((error as Error)?.message ?? String(error)) };
}

/** Records the milliseconds since the previous mark under `phase` (adding up repeats). */
function stopwatch(timings: Record<string, number>) {
  let last = performance.now();
  return (phase: string) => {
    const at = performance.now();
    timings[phase] = (timings[phase] ?? 0) + (at - last);
    last = at;
  };
}
