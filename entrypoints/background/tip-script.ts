import { browser } from 'wxt/browser';
import { permittedPatterns } from '@/utils/permissions/origins';
import { contentScriptPatterns } from '@/utils/rules/decide';
import type { SiteRule } from '@/utils/rules/schema';

const SCRIPT_ID = 'trailmark-tip';
const SCRIPT_FILE = 'content-scripts/tip.js';

/**
 * Registers the tip content script for exactly the places where the employee's `suggest` rules
 * apply and the browser granted host access, minus those a `block` match pattern covers, so
 * Trailmark never even runs on other pages. Idempotent: leaves an identical registration alone.
 */
export async function syncTipScript(rules: readonly SiteRule[], audience: readonly string[], granted: readonly string[]): Promise<string[]> {
  const wanted = contentScriptPatterns(rules, audience);
  const matches = permittedPatterns(wanted.matches, granted);
  const excludeMatches = wanted.excludeMatches;
  const [current] = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  const same = current && sameSet(current.matches ?? [], matches) && sameSet(current.excludeMatches ?? [], excludeMatches);
  if (same) return matches;
  if (current) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (matches.length === 0) return matches;
  await browser.scripting.registerContentScripts([
    {
      id: SCRIPT_ID,
      js: [SCRIPT_FILE],
      matches,
      ...(excludeMatches.length ? { excludeMatches } : {}),
      runAt: 'document_idle',
      allFrames: false,
    },
  ]);
  return matches;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Shows the tip UI in a tab: its code is injected only now that there is something to show. */
export async function injectTipUi(tabId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: ['/tip-ui.js'] });
}

/** Reads a page's signals on the employee's request (the popup's "Look at this page"), through activeTab. */
export async function readPageOnRequest(tabId: number): Promise<unknown> {
  const [result] = await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: ['/page-signals.js'] });
  return result?.result;
}
