import AxeBuilder from '@axe-core/playwright';
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureStatements } from '../lrs/fixture-statements';

/**
 * The report as management opens it: in Chromium, from disk, offline. No console error, no
 * network request, nothing serious for axe, in English and Dutch; the print layout keeps every
 * section. Also writes the README's screenshot when SCREENSHOT=1.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailmark-report-e2e-'));
  const file = join(dir, 'statements.ndjson');
  const stream = createWriteStream(file);
  for (const statement of fixtureStatements({ count: 50_000 })) stream.write(`${JSON.stringify(statement)}\n`);
  await new Promise((r) => stream.end(r));
  for (const lang of ['en', 'nl'])
    await run(
      process.execPath,
      [join(ROOT, 'cli/bin.mjs'), 'report', '--statements', file, '--lang', lang, '--out', join(dir, `report-${lang}.html`)],
      { cwd: ROOT },
    );
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new'] });
});
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(['en', 'nl'])('the report in Chromium (%s)', (lang) => {
  it('opens with no console error and no request, and axe finds nothing serious', async () => {
    const context = await browser.newContext({ viewport: { width: 960, height: 1300 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) =>
      message.type() === 'error' || message.type() === 'warning' ? problems.push(message.text()) : undefined,
    );
    page.on('pageerror', (error) => problems.push(error.message));
    const url = `file://${join(dir, `report-${lang}.html`)}`;
    await page.goto(url);
    await page.waitForLoadState('load');
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.locator('svg').count()).toBe(4);
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    // Printable: every section is in the print layout, and a PDF comes out.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('section:visible').count()).toBe(6);
    expect((await page.pdf({ format: 'A4' })).length).toBeGreaterThan(10_000);
    if (process.env.SCREENSHOT === '1' && lang === 'en') {
      await page.emulateMedia({ media: 'screen' });
      await page.screenshot({ path: join(ROOT, 'test/screenshots/report-en.png'), clip: { x: 0, y: 0, width: 960, height: 1300 } });
    }
    await context.close();
  });
});
