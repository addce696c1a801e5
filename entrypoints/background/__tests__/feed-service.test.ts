import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activateCatalogue } from '@/utils/catalogue/apply';
import { TrailmarkDB } from '@/utils/catalogue/db';
import { MemoryHost, makeKey, makeResources, type TestKey } from '@/utils/catalogue/feed/__tests__/helpers';
import type { FeedSettings } from '@/utils/settings/in-force';
import { createAttentionService } from '../attention-service';
import { createCatalogueService } from '../catalogue-service';
import { createFeedService, FEED_ALARM } from '../feed-service';
import { createLdService } from '../ld-service';
import { createHandlers } from '../handlers';
import { createRulesService } from '../rules-service';
import { createSettingsService } from '../settings-service';
import { createTabService } from '../tab-service';

const EXTENSION_PAGE = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/options.html' };

let key: TestKey;
let db: TrailmarkDB;
let host: MemoryHost;
let settings: FeedSettings;
let catalogue: ReturnType<typeof createCatalogueService>;
let feed: ReturnType<typeof createFeedService>;
/** Whether the (fake) browser grants access to the feed's host. */
let access: boolean;

beforeAll(async () => {
  key = await makeKey();
});
beforeEach(async () => {
  db = new TrailmarkDB(`feed-service-${Math.random()}`);
  await activateCatalogue(db, makeResources(2, 5), { source: 'sample', label: 'sample' });
  host = new MemoryHost();
  settings = { url: host.feedUrl, publicKey: key.publicKey };
  catalogue = createCatalogueService(db);
  access = true;
  feed = createFeedService(db, {
    readSettings: async () => settings,
    onUpdated: () => catalogue.invalidate(),
    fetch: host.fetch,
    hasAccess: async () => access,
  });
});
afterEach(async () => {
  vi.useRealTimers();
  db.close();
  await db.delete();
});

const alarm = () => fakeBrowser.alarms.get(FEED_ALARM);

describe('feed service', () => {
  it('checks at start-up when a check is due, then sets the alarm about 30 minutes out', async () => {
    await host.publish(makeResources(4), key);
    await feed.start();
    expect((await db.catalogueState.get('active'))?.feed?.version).toBe(1);
    const scheduled = (await alarm())!.scheduledTime - Date.now();
    expect(scheduled).toBeGreaterThan(26 * 60_000);
    expect(scheduled).toBeLessThan(34 * 60_000);
  });

  it('only re-creates the alarm at start-up when the next check is not due yet', async () => {
    await host.publish(makeResources(4), key);
    await feed.check();
    await fakeBrowser.alarms.clearAll();
    host.requests.length = 0;
    await feed.start();
    expect(host.requests).toEqual([]);
    expect(Date.parse((await db.feedState.get('feed'))!.nextCheckAt!)).toBe((await alarm())!.scheduledTime);
  });

  it('resumes at start-up a check the worker never finished, even when it is not due', async () => {
    await host.publish(makeResources(4), key);
    await db.feedState.put({
      key: 'feed',
      failures: 0,
      interruptions: 0,
      runningSince: new Date().toISOString(),
      nextCheckAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await feed.start();
    expect(await db.feedState.get('feed')).toMatchObject({ lastOutcome: 'updated', interruptions: 0 });
    expect((await db.feedState.get('feed'))?.runningSince).toBeUndefined();
  });

  it('checks when its alarm fires and ignores other alarms', async () => {
    await host.publish(makeResources(4), key);
    expect(feed.onAlarm({ name: 'something-else', scheduledTime: Date.now() })).toBeUndefined();
    expect(host.requests).toEqual([]);
    await feed.onAlarm({ name: FEED_ALARM, scheduledTime: Date.now() });
    expect((await db.catalogueState.get('active'))?.label).toBe('1');
  });

  it('runs one check at a time: a second request joins the running one', async () => {
    await host.publish(makeResources(4), key);
    const [a, b] = await Promise.all([feed.check(), feed.check()]);
    expect(a).toBe(b);
    expect(host.requests.filter((r) => r.path === 'feed.json')).toHaveLength(1);
  });

  it('sets no alarm without a feed URL', async () => {
    settings = { url: '', publicKey: '' };
    await feed.start();
    expect(await alarm()).toBeUndefined();
    expect(await feed.check()).toMatchObject({ outcome: 'notSet' });
    expect(await alarm()).toBeUndefined();
  });

  it('"Check now" answers with the result and a status the options page can show, and search sees the update', async () => {
    const settings = createSettingsService();
    const attention = createAttentionService({ settings: async () => (await settings.current()).attention });
    const rules = createRulesService(settings.current);
    const handlers = createHandlers({
      catalogue,
      settings,
      rules,
      feed,
      attention,
      tabs: createTabService(catalogue, attention),
      ld: createLdService(db, async () => undefined),
      copyVariant: async () => 'A',
    });
    expect(await handlers['catalogue:search']!({ text: 'feedback' }, EXTENSION_PAGE)).toHaveLength(1);
    await host.publish(makeResources(8), key);
    const reply = await handlers['feed:check']!(undefined, EXTENSION_PAGE);
    expect(reply.result).toMatchObject({ outcome: 'updated', version: 1, count: 8 });
    expect(reply.status).toMatchObject({ url: host.feedUrl, keyId: key.keyId, checking: false, lastOutcome: 'updated' });
    expect(reply.status.lastProblem).toBeUndefined();
    expect(await handlers['catalogue:search']!({ text: 'feedback' }, EXTENSION_PAGE)).toHaveLength(2);

    host.put('feed.json', 'not json');
    const refused = await handlers['feed:check']!(undefined, EXTENSION_PAGE);
    expect(refused.status).toMatchObject({ lastOutcome: 'refused', lastProblem: { code: 'malformed', file: 'feed.json' } });
    expect(await handlers['catalogue:status']!(undefined, EXTENSION_PAGE)).toMatchObject({ source: 'feed', count: 8 });
  });

  it('says when it may not read the feed’s host, and checks again once access is granted', async () => {
    await host.publish(makeResources(4), key);
    // The browser answers like a network failure when the host is neither allowed nor serves CORS.
    access = false;
    host.offline = true;
    expect(await feed.check()).toMatchObject({ outcome: 'failed', problem: { code: 'noAccess', detail: 'feed.example.com' } });
    access = true;
    host.offline = false;
    await feed.retryIfNoAccess();
    expect((await db.catalogueState.get('active'))?.feed?.version).toBe(1);
    host.requests.length = 0;
    await feed.retryIfNoAccess();
    expect(host.requests).toEqual([]);
  });

  it('reads a feed whose server allows it (CORS) without host access, and a failing one with access is just unreachable', async () => {
    await host.publish(makeResources(4), key);
    access = false;
    expect(await feed.check()).toMatchObject({ outcome: 'updated', version: 1 });
    access = true;
    host.offline = true;
    await host.publish(makeResources(5), key);
    expect(await feed.check()).toMatchObject({ outcome: 'failed', problem: { code: 'unreachable' } });
  });

  it('checks at once when the settings in force change (say, a new feed set by policy), and not otherwise', async () => {
    await host.publish(makeResources(4), key);
    await feed.start();
    host.requests.length = 0;
    await feed.settingsChanged();
    expect(host.requests).toEqual([]);
    // The organisation's policy now names another address for the feed.
    settings = { url: `${host.feedUrl}?from=policy`, publicKey: key.publicKey };
    await feed.settingsChanged();
    expect(host.requests.map((r) => r.path)).toContain('feed.json');
    expect((await db.catalogueState.get('active'))?.feed?.url).toBe(settings.url);
  });
});
