import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { DEMO_SITE_RULES, CHROMIUM_EXTENSION_ID, launchChromium, tipText, type ChromiumSession } from './chromium';
import { DEMO_SITE_DIR } from './fixtures';

/**
 * Enterprise policy in a real Chromium: a managed policy file as an admin writes it on Linux
 * (CI runs as root), read by Chromium and handed to Trailmark through storage.managed. The file
 * is removed before and after, since other browser tests use the same Chromium.
 */
const POLICY_FILE = '/etc/chromium/policies/managed/trailmark-test.json';

// The whole local site is a suggest target, so only the block rule keeps the tip off /sheets/.
const RULES = [
  { id: 'org-intranet', name: 'Organisation intranet', patterns: ['http://127.0.0.1/*'], action: 'suggest' },
  { id: 'org-crm', name: 'Organisation CRM', patterns: ['http://127.0.0.1/crm/*'], action: 'suggest', skills: ['crm'] },
  { id: 'org-sheets', name: 'Organisation: no spreadsheets', patterns: ['http://127.0.0.1/sheets/*'], action: 'block' },
];

async function writePolicy(values: Record<string, unknown>): Promise<void> {
  await mkdir(dirname(POLICY_FILE), { recursive: true });
  await writeFile(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [CHROMIUM_EXTENSION_ID]: values } } }, null, 2));
}

describe('Chromium: enterprise policy', () => {
  let session: ChromiumSession;
  let site: StaticServer;

  beforeAll(async () => {
    await rm(POLICY_FILE, { force: true });
    // An http:// feed is the wrong kind of value: Chromium's schema check passes it (a string), Trailmark refuses it.
    await writePolicy({ siteRules: RULES, lockSettings: true, catalogueFeedUrl: 'http://insecure.example.com/feed.json' });
    site = await serveFolder(DEMO_SITE_DIR);
    session = await launchChromium({ siteRules: DEMO_SITE_RULES });
    // The content script follows the policy rules (which replace the demo's): no localhost, no /sheets/.
    await session.worker.evaluate(async () => {
      for (let i = 0; i < 200; i++) {
        const [script] = await chrome.scripting.getRegisteredContentScripts();
        if (
          script?.matches?.join() === 'http://127.0.0.1/*,http://127.0.0.1/crm/*' &&
          script.excludeMatches?.join() === 'http://127.0.0.1/sheets/*'
        )
          return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`tip script registered for ${JSON.stringify(await chrome.scripting.getRegisteredContentScripts())}`);
    });
  });
  afterAll(async () => {
    await rm(POLICY_FILE, { force: true });
    await session?.close();
    await site?.close();
  });

  async function options(): Promise<Page> {
    const page = await session.context.newPage();
    await page.goto(session.extensionUrl('options.html'));
    await page.getByTestId('policy-section').waitFor();
    return page;
  }

  /** Asks Chromium to read the policy files again (what it also does by itself after a while). */
  async function reloadPolicies(): Promise<void> {
    const page = await session.context.newPage();
    await page.goto('chrome://policy');
    await page.locator('#reload-policies').click();
    await page.close();
  }

  it('shows the policy rules and the lock read-only, and reports the invalid feed address', async () => {
    const page = await options();
    const rules = page.getByTestId('policy-rules');
    expect(await rules.textContent()).toContain('Organisation CRM');
    expect(await rules.locator('input, button').count()).toBe(0);
    expect(await page.getByTestId('rules-locked').textContent()).toMatch(/locked the site rules/);
    expect(await page.getByRole('button', { name: 'Add a rule' }).count()).toBe(0);
    expect(await page.getByLabel('Import rules (JSON)').count()).toBe(0);
    const warnings = await page.getByTestId('policy-warnings').textContent();
    expect(warnings).toContain('The policy value “catalogueFeedUrl” was ignored: it must be a full https:// address');
    expect(warnings).toContain('no earlier valid value');
    await page.close();
  });

  it('a policy suggest rule makes the tip appear, and explains why', async () => {
    const page = await session.context.newPage();
    await page.goto(`${site.origin}/crm/opportunity.html`);
    await page.waitForSelector('trailmark-tip', { state: 'attached', timeout: 15_000 });
    await expect.poll(() => tipText(page), { timeout: 10_000 }).toContain('Learning tips for this page');
    const optionsPage = await options();
    await optionsPage.getByLabel('Address').fill(page.url());
    await optionsPage.getByRole('button', { name: 'Explain' }).click();
    await expect
      .poll(() => optionsPage.getByTestId('explain-result').textContent())
      .toContain('“Organisation CRM” is the most specific matching rule');
    await optionsPage.close();
    await page.close();
  });

  it('a policy block rule suppresses the tip where the policy suggest rule would show one', async () => {
    const helpdesk = await session.context.newPage();
    await helpdesk.goto(`${site.origin}/helpdesk/ticket.html`);
    await helpdesk.waitForSelector('trailmark-tip', { state: 'attached', timeout: 15_000 });
    await helpdesk.close();
    const page = await session.context.newPage();
    await page.goto(`${site.origin}/sheets/pivot-help.html`);
    await page.waitForTimeout(1_500);
    expect(await page.$('trailmark-tip')).toBeNull();
    const optionsPage = await options();
    await optionsPage.getByLabel('Address').fill(page.url());
    await optionsPage.getByRole('button', { name: 'Explain' }).click();
    await expect
      .poll(() => optionsPage.getByTestId('explain-result').textContent())
      .toContain('the block rule “Organisation: no spreadsheets” matches');
    expect(await optionsPage.getByTestId('explain-result').textContent()).toContain(
      'Suggest rule “Organisation intranet” matches (match pattern: http://127.0.0.1/*). It does not count',
    );
    await optionsPage.close();
    await page.close();
  });

  it('applies a changed policy live, and keeps the last valid value when a new one is invalid', async () => {
    const page = await options();
    await writePolicy({ siteRules: RULES, lockSettings: true, catalogueFeedUrl: 'https://feeds.example.com/trailmark/feed.json' });
    await reloadPolicies();
    await expect
      .poll(
        () =>
          page
            .getByTestId('policy-feed-url')
            .textContent()
            .catch(() => ''),
        { timeout: 20_000 },
      )
      .toContain('https://feeds.example.com/trailmark/feed.json');
    expect(await page.getByTestId('policy-warnings').count()).toBe(0);

    await writePolicy({ siteRules: RULES, lockSettings: true, catalogueFeedUrl: 'ftp://feeds.example.com/feed.json' });
    await reloadPolicies();
    await expect
      .poll(
        () =>
          page
            .getByTestId('policy-warnings')
            .textContent()
            .catch(() => ''),
        { timeout: 20_000 },
      )
      .toContain('Its last valid value stays in force');
    expect(await page.getByTestId('policy-feed-url').textContent()).toContain('https://feeds.example.com/trailmark/feed.json');
    await page.close();
  });

  it('a value of the wrong type: Chrome drops it without a word, Options says where to look, and `trailmark policy check` names each one (finding 3)', async () => {
    const file = resolve('test/fixtures/policy/chromium-wrong-types.json');
    const written = JSON.parse(await readFile(file, 'utf8')) as { '3rdparty': { extensions: Record<string, Record<string, unknown>> } };
    await writePolicy(written['3rdparty'].extensions[CHROMIUM_EXTENSION_ID]!);
    await reloadPolicies();
    // What Chrome hands over: the feed, and the profile without its unknown field. The rules (one
    // "enabled": "true"), the lock ("yes") and the cap ("2") are gone.
    await expect
      .poll(() => session.worker.evaluate(() => chrome.storage.managed.get()), { timeout: 20_000 })
      .toEqual({ catalogueFeedUrl: 'https://feeds.example.com/trailmark/feed.json', ldProfile: { name: 'Leren & Ontwikkelen' } });
    const page = await options();
    await expect
      .poll(() =>
        page
          .getByTestId('policy-no-rules')
          .textContent()
          .catch(() => ''),
      )
      .toMatch(/Chrome may have dropped them because a value has the wrong type/);
    await page.close();

    // The admin's check before a roll-out, as a plain Node process, on the same file.
    const check = await promisify(execFile)(process.execPath, ['cli/bin.mjs', 'policy', 'check', file]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(check.code).toBe(1);
    const lines = check.stderr.split('\n');
    for (const [path, key] of [
      ['lockSettings', 'lockSettings'],
      ['maxTipsPerDay', 'maxTipsPerDay'],
      ['siteRules[0].enabled', 'siteRules'],
    ])
      expect(lines.some((line) => line.startsWith(`DROPPED  ${path} is the text`) && line.includes(`leave out all of ${key}`))).toBe(true);
    expect(lines).toContain('STRIPPED ldProfile.colour is not a field Chrome and Edge know here: they remove it, without a warning.');
  });
});
