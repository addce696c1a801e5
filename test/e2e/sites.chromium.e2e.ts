import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { DEMO_SITE_RULES, launchChromium, waitForTipScript, type ChromiumSession } from './chromium';
import { DEMO_SITE_DIR } from './fixtures';

/**
 * Options → Sites as an employee uses it, by keyboard and labels only: add a rule with a mistake,
 * see the problem at the field, fix it, test a URL, switch the demo rule off, refuse a bad import,
 * and ask the popup to look at a page no rule covers.
 */
describe('Chromium: Options → Sites', () => {
  let session: ChromiumSession;
  let site: StaticServer;
  let options: Page;

  beforeAll(async () => {
    site = await serveFolder(DEMO_SITE_DIR);
    session = await launchChromium({ siteRules: DEMO_SITE_RULES });
    await waitForTipScript(session.worker);
    options = await session.context.newPage();
    await options.goto(session.extensionUrl('options.html'));
    await options.getByTestId('own-rules').waitFor();
  });
  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  const registered = () => session.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts())[0]?.matches ?? []);

  it('adds a rule: a wrong pattern is explained at its field and keeps the rule unsaved until fixed', async () => {
    await options.getByRole('button', { name: 'Add a rule' }).click();
    // The form opens with focus in its first field.
    await expect
      .poll(() => options.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent))
      .toBe('Name');
    await options.keyboard.type('Helpdesk');
    const patterns = options.getByLabel('Where (one pattern per line)');
    await patterns.fill('http://127.0.0.1/helpdesk/*\nhttps://desk.example.com/(');
    await options.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => patterns.getAttribute('aria-invalid')).toBe('true');
    expect(await options.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute('data-field'))).toBe('patterns');
    const describedBy = (await patterns.getAttribute('aria-describedby'))!.split(' ');
    const error = await options.locator(`[id="${describedBy.at(-1)}"]`).textContent();
    expect(error).toContain('Line 2 (“https://desk.example.com/(”): is not a valid URL pattern');
    expect(await options.getByTestId('own-rules').textContent()).not.toContain('Helpdesk');

    await patterns.fill('http://127.0.0.1/helpdesk/*');
    await options.getByLabel('Keywords to favour').fill('escalation, SLA');
    await options.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => options.getByTestId('own-rules').textContent()).toContain('Helpdesk');
    expect(await options.getByTestId('own-rules').textContent()).toContain('escalation, SLA');
    // Focus returns to "Add a rule" for the next one.
    await expect.poll(() => options.evaluate(() => document.activeElement?.textContent)).toBe('Add a rule');
  });

  it('explains a URL with the new rule, and follows a switched-off rule in registration and explanation', async () => {
    await options.getByLabel('Address').fill(`${site.origin}/helpdesk/ticket.html`);
    await options.getByRole('button', { name: 'Explain' }).click();
    await expect.poll(() => options.getByTestId('explain-result').textContent()).toContain('“Helpdesk” is the most specific matching rule');
    expect(await options.getByTestId('explain-result').textContent()).toContain('“Helpdesk” wins with a longer fixed path');

    await options.getByRole('checkbox', { name: 'On Demo workday site' }).uncheck();
    await expect.poll(registered).toEqual(['http://127.0.0.1/helpdesk/*']);
    await options.getByLabel('Address').fill(`${site.origin}/sheets/pivot-help.html`);
    await options.getByRole('button', { name: 'Explain' }).click();
    await expect.poll(() => options.getByTestId('explain-result').textContent()).toContain('No rule in force covers this address');
    expect(await options.getByTestId('explain-result').textContent()).toContain('It is switched off, so it does not count.');
  });

  it('a rule for a new host asks for access, and the page script stays away until it is granted', async () => {
    await options.getByRole('button', { name: 'Add a rule' }).click();
    await options.getByLabel('Name').fill('CRM');
    await options.getByLabel('Where (one pattern per line)').fill('https://crm.example.com/*');
    await options.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => options.getByTestId('own-rules').textContent()).toContain('https://crm.example.com/*');
    // Nobody answered the browser's question: the host is listed as missing, and not registered.
    await expect
      .poll(() =>
        options
          .getByTestId('permissions-missing')
          .textContent()
          .catch(() => ''),
      )
      .toContain('https://crm.example.com/*');
    expect(await registered()).toEqual(['http://127.0.0.1/helpdesk/*']);
  });

  it('refuses an invalid rules file with the rule and field, and keeps the current rules', async () => {
    const before = await options.getByTestId('own-rules').textContent();
    const bad = [
      { id: 'a', name: 'A', patterns: ['http://127.0.0.1/*'], action: 'suggest' },
      { id: 'b', name: 'B', patterns: ['/(x+)+y/'], action: 'suggest' },
    ];
    await options
      .getByLabel('Import rules (JSON)')
      .setInputFiles({ name: 'rules.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const problems = options.getByTestId('rules-import-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('Rule 2 (“b”), pattern no. 1: repeats something that itself repeats');
    expect(await options.getByTestId('own-rules').textContent()).toBe(before);
  });

  it('the popup looks at a page no rule covers when asked, and says why it did not by itself', async () => {
    const page = await session.context.newPage();
    await page.goto(`${site.origin}/sheets/pivot-help.html`);
    const tabId = await session.worker.evaluate(
      async (url) => (await chrome.tabs.query({})).find((tab) => tab.url === url)?.id,
      page.url(),
    );
    const popup = await session.context.newPage();
    await popup.goto(session.extensionUrl(`popup.html?tab=${tabId}`));
    await expect.poll(() => popup.textContent('main')).toContain('Trailmark does not look at this site');
    await popup.getByText('Why does Trailmark (not) look here?').click();
    await expect.poll(() => popup.getByTestId('explanation').textContent()).toContain('No rule in force covers this address');
    await popup.getByRole('button', { name: 'Look at this page' }).click();
    await expect.poll(() => popup.locator('[data-resource-id]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await popup.textContent('main')).toContain('You asked Trailmark to look at this page');
    expect(await popup.locator('[data-resource-id]').first().getAttribute('data-resource-id')).toMatch(/^xl-/);
    expect(await page.$('trailmark-tip')).toBeNull();
    await popup.close();
    await page.close();
  });
});
