import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../utils/catalogue/schema';
import { launchChromium, type ChromiumSession } from './chromium';
import { createFeedWorkspace, marker, sampleResources, type FeedWorkspace } from './feed-workspace';

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
    const ids = await popup.$$eval('[data-resource-id]', (cards) => cards.map((c) => c.getAttribute('data-resource-id')));
    await popup.close();
    return ids;
  };

  it('takes version 1 once the feed URL and public key are set and "Check now" is pressed', async () => {
    await feed.publish(catalogue);
    await options.getByLabel('Feed URL').fill(feed.feedUrl);
    await options.getByLabel('Public key').fill(feed.publicKey);
    await checkNow(/Updated to version 1: 151 resources are now active/);
    expect(await version()).toBe('1');
    expect(await options.getByTestId('catalogue-count').textContent()).toBe('151');
    expect(await options.getByTestId('feed-problem').textContent()).toBe('none');
    expect(await search('zebrafication')).toEqual(['feed-marker-1']);
  });

  it('takes version 2, published as a delta, on "Check now" without downloading the snapshot', async () => {
    catalogue = [...catalogue.filter((r) => r.id !== 'feed-marker-1'), marker('feed-marker-2', 'quokkality')];
    const manifest = await feed.publish(catalogue);
    expect(manifest.deltas.map((d) => d.fromVersion)).toEqual([1]);
    const since = feed.host.requests.length;
    await checkNow(/Updated to version 2: 151 resources/);
    const paths = feed.host.requests.slice(since).map((r) => r.path);
    expect(paths).toEqual(['/feed.json', `/${manifest.deltas[0]!.path}`]);
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
    const deltaPath = join(feed.out, manifest.deltas.find((d) => d.fromVersion === 3)!.path);
    // Same size, one word changed: only the SHA-256 can tell.
    await writeFile(deltaPath, (await readFile(deltaPath, 'utf8')).replace('axolotlism', 'axolotlisn'));
    await checkNow(/delta-v3-v4-[0-9a-f]{8}\.json is not the file the feed’s manifest names/);
    expect(await version()).toBe('3');
    expect(await options.getByTestId('feed-problem').textContent()).toMatch(
      /^delta-v3-v4-[0-9a-f]{8}\.json is not the file the feed’s manifest names .* — the catalogue from \d{1,2} \w+ is still active\.$/,
    );
    expect(await search('axolotlisn')).toEqual([]);
    expect(await search('wombatry')).toEqual(['feed-marker-3']);
  });
});
