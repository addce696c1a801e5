import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { launchChromiumByPolicy, tipText, type PolicyChromiumSession } from './chromium';
import { DEMO_SITE_DIR } from './fixtures';
import { ORG_E2E, orgBuildIds } from './org-build';

/**
 * The zero-click roll-out in a real Chromium: the organisation build (`npm run build:org-e2e`) is
 * served from a loopback update server, the policy file `org build` wrote is put where Chromium on
 * Linux reads it, and a fresh profile is started with no --load-extension and no click. The
 * extension must install itself and give the first visit to a covered intranet page its tip.
 */
const POLICY_FILE = '/etc/chromium/policies/managed/trailmark-org-test.json';

describe('Chromium: force-installed organisation build', () => {
  let session: PolicyChromiumSession;
  let server: StaticServer;
  let root: string;

  beforeAll(async () => {
    const { chromiumId, port } = await orgBuildIds();
    // One loopback server: the update files under /trailmark/, the demo pages as the intranet.
    root = await mkdtemp(join(tmpdir(), 'trailmark-org-site-'));
    await cp(DEMO_SITE_DIR, root, { recursive: true });
    await cp(join(ORG_E2E, 'site'), join(root, 'trailmark'), { recursive: true });
    server = await serveFolder(root, port);
    await mkdir('/etc/chromium/policies/managed', { recursive: true });
    await writeFile(POLICY_FILE, await readFile(join(ORG_E2E, 'policies/linux/chromium-and-chrome.json')));
    session = await launchChromiumByPolicy(chromiumId, [`--host-resolver-rules=MAP intranet.test 127.0.0.1`]);
  });
  afterAll(async () => {
    await rm(POLICY_FILE, { force: true });
    await session?.close();
    await server?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('installs from the update server without a click, holding exactly the organisation’s host', async () => {
    const served = server.requests.map((r) => `${r.path} ${r.status}`);
    expect(served).toContain('/trailmark/updates.xml 200');
    expect(served).toContain('/trailmark/trailmark.crx 200');
    expect(session.installed).toMatchObject({ name: 'Trailmark', location: 'EXTERNAL_POLICY_DOWNLOAD' });
    expect(session.installed.permissions.active.explicit_hosts).toEqual(['http://intranet.test/*']);
  });

  it('gives the first visit to a covered intranet page its tip, with no click', async () => {
    const { port } = await orgBuildIds();
    const page = await session.context.newPage();
    // Visited the moment Chromium lists the extension, while its background is still starting:
    // a page that finished loading before the tip script was registered gets it run then.
    await page.goto(`http://intranet.test:${port}/crm/opportunity.html`);
    await expect.poll(() => tipText(page), { timeout: 20_000 }).toMatch(/Learning tips for this page \(\d\)/);
    expect(server.requests.filter((r) => r.path === '/crm/opportunity.html')).toHaveLength(1);
  });
});
