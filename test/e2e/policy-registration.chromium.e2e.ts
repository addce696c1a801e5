import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFolder, type StaticServer } from '../../cli/lib/static-server';
import { CHROMIUM_EXTENSION_ID, launchChromium, tipText } from './chromium';
import { DEMO_SITE_DIR } from './fixtures';

/**
 * A fresh profile that starts with a policy: several watchers re-sync the content script at the
 * same moment (the policy lands in storage, the start-up sync runs, the rules change). The
 * registration must end as the policy's, every time. The policy's rule covers the demo's HR
 * page, which the built-in rules block, so a registration left over from the built-in rules
 * shows as a missing tip as well as a wrong `matches`.
 */
const POLICY_FILE = '/etc/chromium/policies/managed/trailmark-registration-test.json';
const PROFILES = 6;
const RULE = { id: 'org-hr', name: 'Organisation HR portal', patterns: ['http://localhost/hr/*'], action: 'suggest' };

describe('Chromium: content-script registration under a policy, in fresh profiles', () => {
  let site: StaticServer;
  beforeAll(async () => {
    await mkdir(dirname(POLICY_FILE), { recursive: true });
    await writeFile(
      POLICY_FILE,
      JSON.stringify({ '3rdparty': { extensions: { [CHROMIUM_EXTENSION_ID]: { siteRules: [RULE], lockSettings: true } } } }),
    );
    site = await serveFolder(DEMO_SITE_DIR);
  });
  afterAll(async () => {
    await rm(POLICY_FILE, { force: true });
    await site?.close();
  });

  it(`registers exactly the policy's rules and shows the tip on the first visit, in ${PROFILES} of ${PROFILES} profiles`, async () => {
    const outcomes: { matches: string[]; excludeMatches: string[]; scripts: number; tip: boolean; errors: string[] }[] = [];
    for (let i = 0; i < PROFILES; i++) {
      const session = await launchChromium();
      const errors: string[] = [];
      session.worker.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      try {
        // Wait for the policy's registration, but not forever: a stale one is the failure we look for.
        const scripts = await session.worker.evaluate(async (wanted) => {
          for (let n = 0; n < 100; n++) {
            const registered = await chrome.scripting.getRegisteredContentScripts();
            if (registered.length === 1 && registered[0]!.matches?.join() === wanted) break;
            await new Promise((r) => setTimeout(r, 100));
          }
          // Settle: any re-sync still in flight finishes before we look again.
          await new Promise((r) => setTimeout(r, 500));
          return chrome.scripting.getRegisteredContentScripts();
        }, RULE.patterns.join());
        const page = await session.context.newPage();
        await page.goto(`${site.origin.replace('127.0.0.1', 'localhost')}/hr/review.html`);
        let text = '';
        for (let n = 0; n < 100 && !text; n++) {
          text = await tipText(page);
          if (!text) await page.waitForTimeout(100);
        }
        outcomes.push({
          matches: scripts[0]?.matches ?? [],
          excludeMatches: scripts[0]?.excludeMatches ?? [],
          scripts: scripts.length,
          tip: text.length > 0,
          errors,
        });
      } finally {
        await session.close();
      }
    }
    const expected = { matches: RULE.patterns, excludeMatches: [], scripts: 1, tip: true, errors: [] };
    expect(outcomes).toEqual(Array.from({ length: PROFILES }, () => expected));
  });
});
