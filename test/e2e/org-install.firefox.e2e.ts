import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { launchFirefoxByPolicy } from './firefox';
import { DEMO_SITE_DIR } from './fixtures';
import { ORG_E2E, orgBuildIds } from './org-build';

/**
 * The zero-click roll-out in Firefox ESR: the policies.json `org build` wrote force-installs the
 * organisation's (unsigned) package from a loopback server; `intranet.test` resolves to loopback
 * (network.dns.localDomains). No add-on is installed by the test itself.
 *
 * The loopback update URL is http, and Firefox refuses an add-on whose updates are not https
 * ("Updates for add-on … must be provided over HTTPS", reported as "Incompatible add-on"): for
 * such a try-out `org build` adds `extensions.checkUpdateSecurity: false` to the policy.
 */
const POLICY_FILE = '/etc/firefox/policies/policies.json';

describe('Firefox ESR: force-installed organisation build', () => {
  let session: Awaited<ReturnType<typeof launchFirefoxByPolicy>>;
  let server: StaticServer;
  let root: string;
  let probe: Page;
  let port: number;

  beforeAll(async () => {
    const ids = await orgBuildIds();
    port = ids.port;
    root = await mkdtemp(join(tmpdir(), 'trailmark-org-site-'));
    await cp(DEMO_SITE_DIR, root, { recursive: true });
    await cp(join(ORG_E2E, 'site'), join(root, 'trailmark'), { recursive: true });
    server = await serveFolder(root, port);
    await mkdir('/etc/firefox/policies', { recursive: true });
    await writeFile(POLICY_FILE, await readFile(join(ORG_E2E, 'policies/firefox/policies-unsigned-esr.json')));
    session = await launchFirefoxByPolicy(ids.firefoxId, { 'network.dns.localDomains': 'intranet.test' });
    // The install runs in the background after start-up: wait until the add-on's page opens.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        probe = await session.openAddonPage('popup.html');
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          const page = await session.browser.newPage();
          await page.goto('about:policies').catch(() => undefined);
          const text = await page.evaluate(() => document.body.innerText).catch(() => '');
          throw new Error(`add-on never installed: ${(error as Error).message}\nabout:policies:\n${text.slice(0, 3000)}`);
        }
      }
    }
  });
  afterAll(async () => {
    await rm(POLICY_FILE, { force: true });
    await session?.close();
    await server?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('installs from the policy without a click, holding exactly the organisation’s host', async () => {
    expect(server.requests.map((r) => `${r.path} ${r.status}`)).toContain('/trailmark/trailmark.xpi 200');
    const granted = await probe.evaluate(() => browser.permissions.getAll());
    expect(granted.origins).toEqual(['http://intranet.test/*']);
  });

  it('gives the first visit to a covered intranet page its tip', async () => {
    const page = await session.browser.newPage();
    await page.goto(`http://intranet.test:${port}/crm/opportunity.html`);
    await page.waitForSelector('trailmark-tip', { timeout: 20_000 });
    expect(await page.evaluate(() => document.querySelectorAll('trailmark-tip').length)).toBe(1);
    expect(server.requests.filter((r) => r.path === '/crm/opportunity.html')).toHaveLength(1);
  });
});
