import AxeBuilder from '@axe-core/playwright';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ChromiumSession } from './chromium';
import { fixtureFolder, IMPORT_FIXTURES, readStoredResources, resourcesFromFeedBuild } from './import-fixtures';

/**
 * L&D's own exports through the options page in Chromium: each hand-written fixture is read,
 * the proposed mapping accepted (a Moodle export gets its URL template typed in), imported, and
 * the stored resources compared with what `trailmark feed build` publishes from the same file.
 */
describe('Chromium: import what L&D has', () => {
  let session: ChromiumSession;
  let options: Page;
  let dir: string;

  beforeAll(async () => {
    dir = await fixtureFolder();
    session = await launchChromium();
    options = await session.context.newPage();
    await options.goto(session.extensionUrl('options.html'));
    await options.getByTestId('catalogue-status').waitFor();
  });
  afterAll(async () => {
    await session?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(IMPORT_FIXTURES)('$file imports with the proposed mapping to the resources feed build publishes', async (fixture) => {
    await options.getByLabel('Import catalogue').setInputFiles(join(dir, fixture.file));
    const mapping = options.getByTestId('import-mapping');
    await mapping.waitFor();
    for (const [field, template] of Object.entries(fixture.templates)) {
      await options.locator(`tr[data-field="${field}"] select`).selectOption({ label: 'Build it from a template…' });
      await options.getByLabel(`Template for ${field}`).fill(template);
    }
    if (fixture.file === 'moodle.csv') {
      // The mapping screen is checked with axe once, with a template field open.
      const { violations } = await new AxeBuilder({ page: options }).include('[data-testid="import-mapping"]').analyze();
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    }
    await options.getByTestId('mapping-import').click();
    await options.getByTestId('import-ok').waitFor({ timeout: 15_000 });
    await options.getByTestId('catalogue-health').waitFor();
    const stored = await options.evaluate(readStoredResources);
    const published = await resourcesFromFeedBuild(dir, fixture);
    expect(stored).toHaveLength(fixture.active);
    expect(stored).toEqual(published);
  });

  it('reuses the saved mapping at the next import of the same shape, and a broken workbook leaves the catalogue as it was', async () => {
    await options.getByLabel('Import catalogue').setInputFiles(join(dir, 'moodle.csv'));
    await options.getByTestId('mapping-saved').waitFor();
    expect(await options.getByLabel('Template for url').inputValue()).toContain('{shortname}');
    await options.getByRole('button', { name: 'Cancel' }).click();

    const before = await options.evaluate(readStoredResources);
    await options
      .getByLabel('Import catalogue')
      .setInputFiles({ name: 'broken.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 not really a zip') });
    const problems = options.getByTestId('import-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('the Excel file cannot be opened');
    expect(await options.evaluate(readStoredResources)).toEqual(before);
  });
});
