import { gzipSync } from 'node:zlib';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../utils/catalogue/schema';
import { createFeedWorkspace, marker, sampleResources, type FeedWorkspace } from './feed-workspace';
import { launchFirefox, type FirefoxSession, waitForHandle } from './firefox';

/**
 * The L&D publish path in Firefox ESR (MV2, background page): the same feeds as the Chromium test,
 * built with the real CLI and served on 127.0.0.1. Each test builds on the one before.
 */
describe('Firefox: catalogue feed', () => {
  let session: FirefoxSession;
  let feed: FeedWorkspace;
  let options: Page;
  let catalogue: Resource[];

  beforeAll(async () => {
    feed = await createFeedWorkspace();
    session = await launchFirefox();
    options = await session.openExtensionPage('options.html');
    catalogue = [...(await sampleResources()).filter((r) => r.active).slice(0, 150), marker('feed-marker-1', 'zebrafication')];
  });
  afterAll(async () => {
    await session?.close();
    await feed?.close();
  });

  const text = (page: Page, testId: string) => page.$eval(`[data-testid="${testId}"]`, (el) => el.textContent ?? '').catch(() => '');
  const checkNow = async (expected: RegExp) => {
    const button = await waitForHandle(options, () => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Check now'), {
      timeout: 10_000,
    });
    await (button as ElementHandle<HTMLButtonElement>).click();
    await expect.poll(() => text(options, 'feed-result'), { timeout: 30_000 }).toMatch(expected);
  };
  const search = async (word: string) => {
    const popup = await session.openExtensionPage('popup.html');
    const input = await labelled(popup, 'Search');
    await input.type(word);
    await new Promise((done) => setTimeout(done, 500));
    const ids = await popup.$$eval('.tm-results [data-resource-id]', (cards) =>
      cards.map((card) => card.getAttribute('data-resource-id') ?? ''),
    );
    await popup.close();
    return ids;
  };

  it('takes version 1 once the feed URL and public key are set and "Check now" is pressed', async () => {
    await feed.publish(catalogue);
    await (await labelled(options, 'Feed URL')).type(feed.feedUrl);
    await (await labelled(options, 'Public key')).type(feed.publicKey);
    await checkNow(/Updated to version 1: 151 resources are now active/);
    // The status list reloads on its own after the check's answer: wait for it, never read it once.
    await expect.poll(() => text(options, 'catalogue-version')).toBe('1');
    await expect.poll(() => text(options, 'catalogue-count')).toBe('151');
    await expect.poll(() => text(options, 'feed-problem')).toBe('none');
    expect(await search('zebrafication')).toEqual(['feed-marker-1']);
  });

  it('takes version 2, published as a delta, on "Check now" without downloading the snapshot', async () => {
    catalogue = [...catalogue.filter((r) => r.id !== 'feed-marker-1'), marker('feed-marker-2', 'quokkality')];
    const manifest = await feed.publish(catalogue);
    const since = feed.host.requests.length;
    await checkNow(/Updated to version 2: 151 resources/);
    expect(feed.host.requests.slice(since).map((r) => r.path)).toEqual(['/feed.json', `/${manifest.deltas[0]!.gzip!.path}`]);
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
    await options.evaluate(() => browser.alarms.create('trailmark-feed-check', { when: Date.now() + 1_000 }));
    // The options page refreshes its status on its own every few seconds.
    await expect.poll(() => text(options, 'catalogue-version'), { timeout: 40_000, interval: 1_000 }).toBe('3');
    expect(await search('wombatry')).toEqual(['feed-marker-3']);
  });

  it('refuses a tampered delta, says so in plain words, and keeps version 3 active', async () => {
    const manifest = await feed.publish([...catalogue, marker('feed-marker-4', 'axolotlism')]);
    const entry = manifest.deltas.find((d) => d.fromVersion === 3)!;
    const deltaPath = join(feed.out, entry.path);
    // The gzipped copy (what is downloaded) is changed the same way.
    const tampered = (await readFile(deltaPath, 'utf8')).replace('axolotlism', 'axolotlisn');
    await writeFile(deltaPath, tampered);
    await writeFile(join(feed.out, entry.gzip!.path), gzipSync(tampered));
    await checkNow(/delta-v3-v4-[0-9a-f]{8}\.json(\.gz)? is not the file the feed’s manifest names/);
    expect(await text(options, 'catalogue-version')).toBe('3');
    await expect.poll(() => text(options, 'feed-problem')).toMatch(/ — the catalogue from \d{1,2} \w+ is still active\.$/);
    expect(await search('axolotlisn')).toEqual([]);
    expect(await search('wombatry')).toEqual(['feed-marker-3']);
  });
});

/** The form control whose label says `name`, as a person finds it. */
async function labelled(page: Page, name: string): Promise<ElementHandle<HTMLInputElement>> {
  const handle = await waitForHandle(
    page,
    (wanted) => [...document.querySelectorAll('label')].find((label) => label.textContent?.trim() === wanted)?.control ?? undefined,
    { timeout: 10_000 },
    name,
  );
  return handle as ElementHandle<HTMLInputElement>;
}
