import { gzipSync } from 'node:zlib';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../utils/catalogue/schema';
import { launchChromium, type ChromiumSession } from './chromium';
import { createFeedWorkspace, marker, sampleResources, syntheticResources, type FeedWorkspace } from './feed-workspace';

/**
 * The L&D publish path in Chromium: feeds built with the real CLI, served on 127.0.0.1, synced by
 * the built extension. Each test builds on the one before (versions only grow).
 */
describe('Chromium: catalogue feed', () => {
  let session: ChromiumSession;
  let feed: FeedWorkspace;
  let options: Page;
  let catalogue: Resource[];

  beforeAll(async () => {
    feed = await createFeedWorkspace();
    session = await launchChromium();
    options = await session.context.newPage();
    await options.goto(session.extensionUrl('options.html'));
    catalogue = [...(await sampleResources()).filter((r) => r.active).slice(0, 150), marker('feed-marker-1', 'zebrafication')];
  });
  afterAll(async () => {
    await session?.close();
    await feed?.close();
  });

  const checkNow = async (expected: RegExp) => {
    await options.getByRole('button', { name: 'Check now' }).click();
    await expect.poll(() => options.getByTestId('feed-result').textContent(), { timeout: 30_000 }).toMatch(expected);
  };
  const version = () => options.getByTestId('catalogue-version').textContent();
  const search = async (word: string) => {
    const popup = await session.context.newPage();
    await popup.goto(session.extensionUrl('popup.html'));
    await popup.getByLabel('Search').fill(word);
    await popup.waitForTimeout(300);
    const ids = await popup.$$eval('.tm-results [data-resource-id]', (cards) => cards.map((c) => c.getAttribute('data-resource-id')));
    await popup.close();
    return ids;
  };

  it('takes version 1 once the feed URL and public key are set and "Check now" is pressed', async () => {
    await feed.publish(catalogue);
    await options.getByLabel('Feed URL').fill(feed.feedUrl);
    await options.getByLabel('Public key').fill(feed.publicKey);
    // Another setting changes before "Check now" (the page reloads its status): what was typed stays.
    await session.worker.evaluate(() => chrome.storage.local.set({ quietMode: false }));
    await options.waitForTimeout(500);
    expect(await options.getByLabel('Feed URL').inputValue()).toBe(feed.feedUrl);
    expect(await options.getByLabel('Public key').inputValue()).toBe(feed.publicKey);
    await checkNow(/Updated to version 1: 151 resources are now active/);
    // The status list reloads on its own after the check's answer: wait for it, never read it once.
    await expect.poll(version).toBe('1');
    await expect.poll(() => options.getByTestId('catalogue-count').textContent()).toBe('151');
    await expect.poll(() => options.getByTestId('feed-problem').textContent()).toBe('none');
    expect(await search('zebrafication')).toEqual(['feed-marker-1']);
  });

  it('the popup says quietly that the catalogue is out of date once it is past its expiry (30 days)', async () => {
    const fresh = await session.context.newPage();
    await fresh.goto(session.extensionUrl('popup.html'));
    await fresh.getByTestId('catalogue-count').waitFor();
    expect(await fresh.getByTestId('stale-hint').count()).toBe(0);
    await fresh.close();
    // This popup's clock runs 31 days ahead; the catalogue, the background and other pages are untouched.
    const popup = await session.context.newPage();
    await popup.addInitScript(() => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + 31 * 86_400_000;
    });
    await popup.goto(session.extensionUrl('popup.html'));
    await expect
      .poll(() => popup.getByTestId('stale-hint').textContent(), { timeout: 10_000 })
      .toMatch(/^This catalogue passed its expiry date \(\d{1,2} \w+( \d{4})?\) and may be out of date\.$/);
    await popup.close();
  });

  it('takes version 2, published as a delta, on "Check now" without downloading the snapshot', async () => {
    catalogue = [...catalogue.filter((r) => r.id !== 'feed-marker-1'), marker('feed-marker-2', 'quokkality')];
    const manifest = await feed.publish(catalogue);
    expect(manifest.deltas.map((d) => d.fromVersion)).toEqual([1]);
    const since = feed.host.requests.length;
    await checkNow(/Updated to version 2: 151 resources/);
    const paths = feed.host.requests.slice(since).map((r) => r.path);
    // The delta's gzipped copy: what an install downloads where DecompressionStream exists.
    expect(paths).toEqual(['/feed.json', `/${manifest.deltas[0]!.gzip!.path}`]);
    expect(await search('quokkality')).toEqual(['feed-marker-2']);
    expect(await search('zebrafication')).toEqual([]);
  });

  it('answers a check with nothing new by one conditional request (304)', async () => {
    const since = feed.host.requests.length;
    await checkNow(/Up to date: version 2\. Nothing changed/);
    expect(feed.host.requests.slice(since)).toEqual([{ path: '/feed.json', status: 304, ifNoneMatch: expect.any(String) }]);
  });

  it('takes version 3 when the alarm fires, without anyone pressing a button', async () => {
    catalogue = [...catalogue, marker('feed-marker-3', 'wombatry')];
    await feed.publish(catalogue);
    // The background keeps one alarm for its checks; bring it forward instead of waiting 30 minutes.
    await options.evaluate(() => chrome.alarms.create('trailmark-feed-check', { when: Date.now() + 1_000 }));
    await expect
      .poll(
        async () => {
          await options.reload();
          return version();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe('3');
    expect(await search('wombatry')).toEqual(['feed-marker-3']);
  });

  it('refuses a tampered delta, says so in plain words, and keeps version 3 active', async () => {
    const manifest = await feed.publish([...catalogue, marker('feed-marker-4', 'axolotlism')]);
    const entry = manifest.deltas.find((d) => d.fromVersion === 3)!;
    const deltaPath = join(feed.out, entry.path);
    // Same size, one word changed: only the SHA-256 can tell. The gzipped copy is changed the same way.
    const tampered = (await readFile(deltaPath, 'utf8')).replace('axolotlism', 'axolotlisn');
    await writeFile(deltaPath, tampered);
    await writeFile(join(feed.out, entry.gzip!.path), gzipSync(tampered));
    await checkNow(/delta-v3-v4-[0-9a-f]{8}\.json(\.gz)? is not the file the feed’s manifest names/);
    expect(await version()).toBe('3');
    await expect
      .poll(() => options.getByTestId('feed-problem').textContent())
      .toMatch(
        /^delta-v3-v4-[0-9a-f]{8}\.json(\.gz)? is not the file the feed’s manifest names .* — the catalogue from \d{1,2} \w+ is still active\.$/,
      );
    expect(await search('axolotlisn')).toEqual([]);
    expect(await search('wombatry')).toEqual(['feed-marker-3']);
  });
});

/**
 * The service worker may be stopped at any instant. Here it is stopped (DevTools protocol
 * `Target.closeTarget`) at random moments while it syncs 50,000 resources, and woken again by the
 * popup, at least 20 times while a check was running. After each stop the popup shows the old
 * catalogue or the new one, whole (never a part), and in the end the sync completes.
 */
describe('Chromium: the service worker stopped at random moments during a 50,000-resource sync', () => {
  const ITEMS = 50_000;
  const KILLS_DURING_SYNC = 20;
  let session: ChromiumSession;
  let feed: FeedWorkspace;

  beforeAll(async () => {
    feed = await createFeedWorkspace();
    session = await launchChromium();
  });
  afterAll(async () => {
    await session?.close();
    await feed?.close();
  });

  /** What IndexedDB holds right now, read from an extension page: the catalogue and whether a check is running. */
  const stored = (page: Page) =>
    page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('trailmark');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        const tx = db.transaction(['resourcePages', 'catalogueOverlay', 'catalogueState', 'searchIndex', 'feedState'], 'readonly');
        const read = <T>(store: string, key?: string) =>
          new Promise<T>((resolve) => {
            const request = key === undefined ? tx.objectStore(store).getAll() : tx.objectStore(store).get(key);
            request.onsuccess = () => resolve(request.result as T);
          });
        const [pages, overlay, state, index, feedState] = await Promise.all([
          read<{ resources: { id: string }[] }[]>('resourcePages'),
          read<{ upserts: { id: string }[]; retired: string[] } | undefined>('catalogueOverlay', 'active'),
          read<{ count: number; label: string } | undefined>('catalogueState', 'active'),
          read<{ index: { docIds: string[] } } | undefined>('searchIndex', 'catalogue'),
          read<{ runningSince?: string } | undefined>('feedState', 'feed'),
        ]);
        // The catalogue, and what the index finds, are the pages with the overlay (what deltas and
        // small snapshots changed since) laid over them.
        const withOverlay = (ids: string[]) => {
          const gone = new Set([...(overlay?.retired ?? []), ...(overlay?.upserts ?? []).map((r) => r.id)]);
          return ids.filter((id) => !gone.has(id)).length + (overlay?.upserts.length ?? 0);
        };
        return {
          resources: withOverlay(pages.flatMap((page) => page.resources.map((r) => r.id))),
          count: state?.count,
          label: state?.label,
          indexed: index ? withOverlay(index.index.docIds) : undefined,
          overlaid: (overlay?.upserts.length ?? 0) + (overlay?.retired.length ?? 0),
          running: !!feedState?.runningSince,
        };
      } finally {
        db.close();
      }
    });
  const isRunning = (page: Page) =>
    page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const request = indexedDB.open('trailmark');
        request.onsuccess = () => resolve(request.result);
      });
      const state = await new Promise<{ runningSince?: string } | undefined>((resolve) => {
        const request = db.transaction('feedState').objectStore('feedState').get('feed');
        request.onsuccess = () => resolve(request.result as { runningSince?: string } | undefined);
      });
      db.close();
      return !!state?.runningSince;
    });

  it(`never shows a partial catalogue, and completes the sync once the worker wakes again`, async () => {
    const base = await syntheticResources(ITEMS);
    await feed.publish(base, { maxDeltas: 0 });
    const probe = await session.context.newPage();
    await probe.goto(session.extensionUrl('popup.html'));
    await expect.poll(async () => (await stored(probe)).label, { timeout: 20_000 }).toBe('sample');
    const sampleCount = (await stored(probe)).count!;
    const cdp = await session.context.newCDPSession(probe);
    const kill = async () => {
      const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
      const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(session.extensionUrl('')));
      if (worker) await cdp.send('Target.closeTarget', { targetId: worker.targetId });
    };

    await probe.evaluate(({ url, key }) => chrome.storage.local.set({ feedUrl: url, feedPublicKey: key }), {
      url: feed.feedUrl,
      key: feed.publicKey,
    });
    // Start a check and do not wait for its answer: the worker will not live to give it.
    const startCheck = () =>
      probe.evaluate(() => void chrome.runtime.sendMessage({ trailmark: 1, type: 'feed:check' }).catch(() => undefined));
    await startCheck();

    let version = 1;
    /** The counts a reader may see: the catalogue before this version's sync, or after it. */
    let allowed = [sampleCount, ITEMS];
    let killsDuringSync = 0;
    const seen = new Set<number>();
    /** Stops after which the catalogue stood as pages plus an overlay. */
    let overlaid = 0;
    /**
     * How long after (re)starting a check the stop may come, at most. The first version is a whole
     * ingest; later ones are small changes that sync in about a second, so a stop that found the
     * sync already done comes sooner next time, and one that caught it running may come later.
     */
    let window = 1_500;
    /**
     * The next version: 10 resources fewer, so it is written as the overlay, from a delta every
     * other version and from the snapshot otherwise.
     */
    const publishNext = async () => {
      version++;
      const next = base.slice(0, ITEMS - version * 10);
      await feed.publish(next, { maxDeltas: version % 2 });
      allowed = [allowed[1]!, next.length];
      await startCheck();
    };
    for (let attempt = 0; killsDuringSync < KILLS_DURING_SYNC && attempt < 60; attempt++) {
      if (version === 1 && killsDuringSync >= KILLS_DURING_SYNC / 2) {
        // Half the stops fell on the first, whole ingest: let it finish (a check already running is
        // joined, not started twice), so the other half fall on overlay writes.
        await startCheck();
        await expect
          .poll(async () => (await stored(probe)).count === allowed[1] && !(await isRunning(probe)), { timeout: 60_000, interval: 250 })
          .toBe(true);
        await publishNext();
      }
      await probe.waitForTimeout(50 + Math.random() * window);
      const running = await isRunning(probe);
      await kill();
      if (running) killsDuringSync++;
      window = running ? Math.min(1_500, window * 1.25) : Math.max(150, window * 0.6);

      // The popup (which also wakes the worker) shows one whole catalogue or the other.
      const popup = await session.context.newPage();
      await popup.goto(session.extensionUrl('popup.html'));
      await expect.poll(() => popup.getByTestId('catalogue-count').textContent(), { timeout: 10_000 }).toMatch(/\d/);
      const popupCount = Number((await popup.getByTestId('catalogue-count').textContent())!.replace(/\D/g, ''));
      expect(allowed, `after stop ${attempt + 1} the popup showed ${popupCount}`).toContain(popupCount);
      const now = await stored(probe);
      expect(allowed, `after stop ${attempt + 1}`).toContain(now.count);
      expect(now.resources, `after stop ${attempt + 1}: pages and state agree`).toBe(now.count);
      expect(now.indexed, `after stop ${attempt + 1}: index and state agree`).toBe(now.count);
      seen.add(now.count!);
      if (now.overlaid) overlaid++;
      await popup.close();
      if (process.env.TRAILMARK_KILL_LOG)
        console.log(`stop ${attempt + 1}: ${running ? 'mid-sync' : 'idle'}, count ${now.count}, ${Math.round(performance.now())} ms`);

      if (!running && now.count !== allowed[1]) {
        // Stopped before the check had even begun (it leaves no trace then): ask again.
        await startCheck();
      } else if (!running) {
        // This version arrived before the stop: publish the next one and go on.
        await publishNext();
      }
    }
    expect(killsDuringSync).toBeGreaterThanOrEqual(KILLS_DURING_SYNC);

    // Left alone, the worker finishes what it was doing.
    await expect.poll(async () => (await stored(probe)).count, { timeout: 90_000, interval: 1_000 }).toBe(allowed[1]);
    const end = await stored(probe);
    expect(end).toMatchObject({ label: String(version), resources: allowed[1], indexed: allowed[1], running: false });
    // Every version after the first is small enough for the overlay, and half the stops came after the first.
    expect(version).toBeGreaterThan(1);
    expect(end.overlaid).toBeGreaterThan(0);
    console.log(
      `kill test: stopped the worker ${killsDuringSync} times while it was syncing ${ITEMS.toLocaleString('en')} resources (versions 1–${version}); ` +
        `counts seen: ${[...seen].sort((a, b) => a - b).join(', ')}; ${overlaid} times with an overlay; every time the catalogue was whole`,
    );
  }, 180_000);
});
