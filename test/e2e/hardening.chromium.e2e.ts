import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import {
  DEMO_SITE_RULES,
  allowEveryTip,
  launchChromium,
  openPopupFor,
  setSiteRules,
  tipText,
  waitForTipScript,
  type ChromiumSession,
} from './chromium';
import { DEMO_SITE_DIR } from './fixtures';

/**
 * Hardening findings 2, 4, 6 and 7 of issue 17, in a real Chromium: no rules shipped, regexes that
 * cannot stall the background on a long address, 10,000 rules from import to first tip, and
 * bounded session records. (The policy findings are in policy-values.chromium.e2e.ts.)
 */
describe('Chromium: hardening', () => {
  let site: StaticServer;
  let session: ChromiumSession;
  let files: string;

  beforeAll(async () => {
    site = await serveFolder(DEMO_SITE_DIR);
    files = await mkdtemp(join(tmpdir(), 'trailmark-hardening-'));
  });
  afterEach(async () => session?.close());
  afterAll(async () => {
    await site?.close();
    await rm(files, { recursive: true, force: true });
  });

  /**
   * Import of 10,000 rules to the first tip: 1.7–2.5 s measured on this shared 2-core machine (the goal is 2 s);
   * the bound leaves more than twice the slowest run.
   */
  const TIP_AFTER_10000_RULES_MS = 6_000;

  const tipAttached = (page: Page, timeout = 10_000) =>
    page.waitForSelector('trailmark-tip', { state: 'attached', timeout }).then(
      () => true,
      () => false,
    );

  /** How long the background takes to answer a trivial question: a stalled worker answers late. */
  const workerLatency = async () => {
    const start = Date.now();
    await session.worker.evaluate(() => chrome.storage.local.get('tipsPerDay'));
    return Date.now() - start;
  };

  async function importRules(rules: unknown[], name: string): Promise<Page> {
    const options = await session.context.newPage();
    await options.goto(session.extensionUrl('options.html'));
    const path = join(files, name);
    await writeFile(path, JSON.stringify(rules));
    await options.getByLabel('Import rules (JSON)').setInputFiles(path);
    return options;
  }

  it('ships with no site rules: no content script, no tip on the local demo site (finding 7)', async () => {
    session = await launchChromium();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await session.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
    const page = await session.context.newPage();
    await page.goto(`${site.origin}/sheets/pivot-help.html`);
    expect(await tipAttached(page, 3000)).toBe(false);
    const options = await session.context.newPage();
    await options.goto(session.extensionUrl('options.html'));
    await expect.poll(() => options.getByText('No site rules yet').count()).toBe(1);
  });

  // The goal is 2 s from import to a rendered table and the first tip. Before: the import never finished (456 s);
  // then 10.5–17.6 s to the table, and no tip within 60 s; then 3.0–4.7 s to the table and 3.3–5.1 s to the tip. Now, on a
  // quiet machine, 1.5–2.0 s to the table and 1.4–2.3 s to the tip in a tab that was open during the import (6 runs).
  // What is left is mostly the browser's own storage write of the 2 MB list (0.65–0.8 s).
  it('10,000 imported rules: listed and the first tip shown within seconds, and paged by keyboard (finding 4)', async () => {
    session = await launchChromium();
    await allowEveryTip(session.worker);
    const rules = [
      ...DEMO_SITE_RULES,
      ...Array.from({ length: 9_998 }, (_, i) => ({
        id: `app-${i}`,
        name: `Business app ${i}`,
        patterns: [`https://app${i}.example.com/*`, `https://app${i}.example.com/records/:id`],
        action: i % 10 === 0 ? 'block' : 'suggest',
        keywords: ['records'],
      })),
    ];
    const options = await session.context.newPage();
    await options.goto(session.extensionUrl('options.html'));
    // Timed from a settled start: a new profile first loads the sample catalogue, which is not the path measured.
    const catalogueShown = () =>
      options
        .reload()
        .then(() => options.getByTestId('catalogue-count').waitFor({ timeout: 3000 }))
        .then(
          () => true,
          () => false,
        );
    await expect.poll(catalogueShown, { timeout: 30_000 }).toBe(true);
    await options.getByText('No site rules yet').waitFor();
    const path = join(files, 'rules-10000.json');
    await writeFile(path, JSON.stringify(rules));
    // The employee's spreadsheet is open while the rules are imported: no rule covers it yet, so no tip.
    const page = await session.context.newPage();
    await page.goto(`${site.origin}/sheets/pivot-help.html`);
    expect(await tipAttached(page, 1_000)).toBe(false);
    const start = Date.now();
    await options.getByLabel('Import rules (JSON)').setInputFiles(path);
    // Both at once, each timed from the import: the table, and the tip in the open tab.
    const [listed, tip] = await Promise.all([
      options
        .getByText('Rules 1–50 of 10,000')
        .waitFor({ timeout: 60_000 })
        .then(() => Date.now() - start),
      page.waitForSelector('trailmark-tip', { state: 'attached', timeout: 60_000 }).then(() => Date.now() - start),
    ]);
    expect(await options.locator('[data-testid="own-rules"] tbody tr').count()).toBe(50);
    expect(await options.getByTestId('rules-import-ok').count()).toBe(1);
    console.log(`10,000 rules: listed after ${listed} ms, first tip after ${tip} ms (background answers in ${await workerLatency()} ms)`);
    expect(tip).toBeLessThan(TIP_AFTER_10000_RULES_MS);
    // The table pages by keyboard.
    await options.getByRole('button', { name: 'Next page' }).focus();
    await options.keyboard.press('Enter');
    await options.getByText('Rules 51–100 of 10,000').waitFor();
    await options.getByLabel('Find a rule').fill('Business app 9997');
    await options.getByText('Rules 1–1 of 1').waitFor();
  });

  it('refuses a regex that can hang, naming rule and field, and a long address cannot stall the background (finding 2)', async () => {
    session = await launchChromium();
    const hang = [{ id: 'crm', name: 'CRM', patterns: ['/crm.*opportunit.*edit/'], action: 'suggest' }];
    const options = await importRules(hang, 'hang.json');
    await expect
      .poll(() => options.getByTestId('rules-import-problems').textContent())
      .toMatch(/Rule 1 \(“crm”\), pattern no\. 1: has too many open-ended repeats/);
    // An accepted expression of the same kind (anchored), on a page that makes its address 32 KB long.
    await setSiteRules(session.worker, [
      ...DEMO_SITE_RULES,
      {
        id: 'opps',
        name: 'Opportunity edit',
        patterns: ['/^http:\\/\\/127\\.0\\.0\\.1:\\d+\\/.*opportunit.*edit/'],
        action: 'suggest',
        skills: [],
        keywords: [],
        audience: [],
        enabled: true,
      },
    ]);
    const page = await session.context.newPage();
    await page.goto(`${site.origin}/crm/opportunity.html`);
    const baseline = await workerLatency();
    await page.evaluate(() => {
      for (let i = 0; i < 5; i++) history.replaceState(null, '', `/crm/opportunity.html?${'opportunit'.repeat(3300)}${i}`);
    });
    await new Promise((r) => setTimeout(r, 2500));
    const latency = await workerLatency();
    console.log(`32 KB addresses: background answers in ${latency} ms (baseline ${baseline} ms)`);
    expect(latency).toBeLessThan(1000);
  });

  it('keeps tab records small however long the address: seven 1.9 MB addresses, then a page still gets its tip (finding 6)', async () => {
    session = await launchChromium({ siteRules: DEMO_SITE_RULES });
    await allowEveryTip(session.worker);
    await waitForTipScript(session.worker);
    // Seven tabs, each opened at an address of 1.9 MB (in the fragment: the server never sees it). Before the cap, their
    // records filled the 10 MB session area and no later page got a tip.
    const longRecords = async () =>
      Object.values(await session.worker.evaluate(() => chrome.storage.session.get(null))).filter((record) =>
        String((record as { url?: string }).url).includes('trailmark-cut-1900'),
      ).length;
    // One at a time: Chromium takes seconds over each 1.9 MB address, and seven at once timed out.
    const started = Date.now();
    for (let tab = 0; tab < 7; tab++) {
      const page = await session.context.newPage();
      await page.goto(`${site.origin}/sheets/pivot-help.html#${'x'.repeat(1_900_000)}${tab}`);
      // The page was read at its 1.9 MB address and its record written.
      await expect.poll(longRecords, { timeout: 20_000 }).toBe(tab + 1);
    }
    console.log(`7 tabs at 1.9 MB addresses opened and read in ${Date.now() - started} ms`);
    const bytes = await session.worker.evaluate(() => chrome.storage.session.getBytesInUse(null));
    console.log(`7 tabs with 1.9 MB addresses: ${bytes} bytes in session storage (10 MB quota)`);
    expect(bytes).toBeLessThan(100_000);
    // A legitimate page still gets its tip, and the popup tells the truth about it: the tip's resources, not "nothing fits".
    const page = await session.context.newPage();
    await page.goto(`${site.origin}/helpdesk/ticket.html`);
    expect(await tipAttached(page)).toBe(true);
    await expect.poll(() => tipText(page), { timeout: 10_000 }).toContain('Learning tips for this page');
    const popup = await openPopupFor(session, page.url());
    await expect.poll(() => popup.locator('[data-resource-id]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await popup.textContent('main')).not.toContain('Nothing in the catalogue fits this page');
    // The help-desk page's own resources (test/fixtures/demo-expectations.json), as on a fresh profile.
    const listed = await popup
      .locator('[data-resource-id]')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-resource-id')));
    expect(['sd-sla-en', 'sd-escalation-en', 'cx-angry-customers-en', 'sd-writing-replies-en']).toContain(listed[0]);
  });
});
