import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, type FirefoxSession } from './firefox';
import { fixtureFolder, IMPORT_FIXTURES, readStoredResources, resourcesFromFeedBuild } from './import-fixtures';

/**
 * The same as import.chromium.e2e.ts in Firefox ESR (MV2): each hand-written export through the
 * options page with the proposed mapping, stored exactly as `trailmark feed build` publishes it.
 */
describe('Firefox: import what L&D has', () => {
  let session: FirefoxSession;
  let options: Page;
  let dir: string;

  beforeAll(async () => {
    dir = await fixtureFolder();
    session = await launchFirefox();
    options = await session.openExtensionPage('options.html');
    await options.waitForSelector('[data-testid="catalogue-status"]', { timeout: 15_000 });
  });
  afterAll(async () => {
    await session?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(IMPORT_FIXTURES)('$file imports with the proposed mapping to the resources feed build publishes', async (fixture) => {
    const input = (await options.$('input[type="file"]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(join(dir, fixture.file));
    await options.waitForSelector('[data-testid="import-mapping"]', { timeout: 15_000 });
    for (const [field, template] of Object.entries(fixture.templates)) {
      await options.select(`tr[data-field="${field}"] select`, '__template__');
      const box = await options.waitForSelector(`input[aria-label^="Template for ${field}"]`);
      await box!.type(template);
    }
    await options.click('[data-testid="mapping-import"]');
    await options.waitForSelector('[data-testid="import-ok"]', { timeout: 15_000 });
    await options.waitForSelector('[data-testid="catalogue-health"]');
    const stored = await options.evaluate(readStoredResources);
    const published = await resourcesFromFeedBuild(dir, fixture);
    expect(stored).toHaveLength(fixture.active);
    expect(stored).toEqual(published);
  });
});
