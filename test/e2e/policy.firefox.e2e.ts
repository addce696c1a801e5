import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { DEMO_SITE_RULES, FIREFOX_ADDON_ID, launchFirefox, type FirefoxSession } from './firefox';
import { DEMO_SITE_DIR } from './fixtures';

/**
 * Enterprise policy in a real Firefox ESR: policies.json where Debian's firefox-esr reads the
 * system-wide policy (checked: /etc/firefox/policies/, not /etc/firefox-esr/), with the values
 * under 3rdparty → Extensions → the add-on id. Firefox checks nothing, so Trailmark parses every
 * value. Firefox reads the file at start-up only. Removed before and after: other browser tests
 * use the same Firefox.
 */
const POLICY_FILE = '/etc/firefox/policies/policies.json';

const RULES = [
  { id: 'org-intranet', name: 'Organisation intranet', patterns: ['http://127.0.0.1/*'], action: 'suggest' },
  { id: 'org-crm', name: 'Organisation CRM', patterns: ['http://127.0.0.1/crm/*'], action: 'suggest', skills: ['crm'] },
  {
    id: 'org-sheets',
    name: 'Organisation: no spreadsheets',
    patterns: ['/^http:\\/\\/127\\.0\\.0\\.1:\\d+\\/sheets\\//'],
    action: 'block',
  },
];

describe('Firefox: enterprise policy', () => {
  let session: FirefoxSession;
  let site: StaticServer;
  let options: Page;

  beforeAll(async () => {
    await rm(POLICY_FILE, { force: true });
    await mkdir(dirname(POLICY_FILE), { recursive: true });
    const values = { siteRules: RULES, lockSettings: true, catalogueFeedUrl: 'http://insecure.example.com/feed.json' };
    await writeFile(POLICY_FILE, JSON.stringify({ policies: { '3rdparty': { Extensions: { [FIREFOX_ADDON_ID]: values } } } }, null, 2));
    site = await serveFolder(DEMO_SITE_DIR);
    session = await launchFirefox({ siteRules: DEMO_SITE_RULES });
    options = await session.openExtensionPage('options.html');
    // The content script follows the policy rules, which replace the demo's: no localhost. The
    // block rule is a regular expression, so the background enforces it rather than excludeMatches.
    await options.evaluate(async () => {
      for (let i = 0; i < 200; i++) {
        const [script] = await browser.scripting.getRegisteredContentScripts();
        if (script?.matches?.join() === 'http://127.0.0.1/*,http://127.0.0.1/crm/*') return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`tip script registered for ${JSON.stringify(await browser.scripting.getRegisteredContentScripts())}`);
    });
  });
  afterAll(async () => {
    await rm(POLICY_FILE, { force: true });
    await session?.close();
    await site?.close();
  });

  const text = (page: Page, testId: string) => page.$eval(`[data-testid="${testId}"]`, (el) => el.textContent ?? '').catch(() => '');

  /** Runs "Test a URL" in the options page until it says `expected`. */
  async function explains(url: string, expected: string): Promise<void> {
    // Test a URL's field (the feed section has a URL field too).
    const input = 'input[type="url"][placeholder^="https://crm.example.com"]';
    await options.waitForSelector(input, { timeout: 10_000 });
    await options.focus(input);
    await options.keyboard.down('Control');
    await options.keyboard.press('a');
    await options.keyboard.up('Control');
    await options.keyboard.press('Backspace');
    await options.type(input, url);
    await options.keyboard.press('Enter');
    await expect.poll(() => text(options, 'explain-result'), { timeout: 10_000 }).toContain(expected);
  }

  it('shows the policy rules and the lock read-only, and reports the invalid feed address', async () => {
    await options.waitForSelector('[data-testid="policy-rules"]', { timeout: 10_000 });
    expect(await text(options, 'policy-rules')).toContain('Organisation CRM');
    expect(await options.$$eval('[data-testid="policy-rules"] input, [data-testid="policy-rules"] button', (els) => els.length)).toBe(0);
    expect(await text(options, 'rules-locked')).toMatch(/locked the site rules/);
    expect(await options.$$eval('button', (buttons) => buttons.filter((b) => b.textContent === 'Add a rule').length)).toBe(0);
    const warnings = await text(options, 'policy-warnings');
    expect(warnings).toContain('The policy value “catalogueFeedUrl” was ignored: it must be a full https:// address');
  });

  it('a policy suggest rule makes the tip appear', async () => {
    const page = await session.browser.newPage();
    await page.goto(`${site.origin}/crm/opportunity.html`);
    await page.waitForSelector('trailmark-tip', { timeout: 15_000 });
    await explains(page.url(), '“Organisation CRM” is the most specific matching rule');
    await page.close();
  });

  it('a policy block rule (a regular expression) suppresses the tip where a policy suggest rule would show one', async () => {
    const helpdesk = await session.browser.newPage();
    await helpdesk.goto(`${site.origin}/helpdesk/ticket.html`);
    await helpdesk.waitForSelector('trailmark-tip', { timeout: 15_000 });
    await helpdesk.close();
    const page = await session.browser.newPage();
    await page.goto(`${site.origin}/sheets/pivot-help.html`);
    await new Promise((done) => setTimeout(done, 1_500));
    expect(await page.evaluate(() => document.querySelectorAll('trailmark-tip').length)).toBe(0);
    await explains(page.url(), 'the block rule “Organisation: no spreadsheets” matches');
    await page.close();
  });
});
