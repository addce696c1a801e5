import { browser } from 'wxt/browser';
import { permittedPatterns } from '@/utils/permissions/origins';
import { contentScriptPatterns } from '@/utils/rules/decide';
import type { SiteRule } from '@/utils/rules/schema';

const SCRIPT_ID = 'trailmark-tip';
/** An unlisted script (see entrypoints/tip-watch.ts): registered here, never declared in the manifest. */
const SCRIPT_FILE = 'tip-watch.js';

/**
 * Registers the tip content script for exactly the places where the employee's `suggest` rules
 * apply and the browser granted host access, minus those a `block` match pattern covers, so
 * Trailmark never even runs on other pages. Idempotent: leaves an identical registration alone.
 */
export async function syncTipScript(
  rules: readonly SiteRule[],
  audience: readonly string[],
  granted: readonly string[],
): Promise<string[]> {
  const wanted = contentScriptPatterns(rules, audience);
  const matches = permittedPatterns(wanted.matches, granted);
  // An exclusion counts only where the script may run: 1,000 block rules elsewhere made each
  // registration take 1.5 s.
  const excludeMatches = permittedPatterns(wanted.excludeMatches, granted);
  const [current] = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  const same = current && sameSet(current.matches ?? [], matches) && sameSet(current.excludeMatches ?? [], excludeMatches);
  if (same) return matches;
  if (current) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (matches.length === 0) return matches;
  const loaded = await loadedTabsIn(current ? matches.filter((pattern) => !current.matches?.includes(pattern)) : matches, excludeMatches);
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
  await Promise.all(loaded.map((tabId) => runTipScript(tabId)));
  return matches;
}

/**
 * The tabs that finished loading a page under `patterns` (and not under `excludeMatches`), read
 * before registering. A registration covers only pages loaded after it, so a covered page that was
 * already open when Trailmark was installed by policy, started, or got host access would wait for
 * its next visit; these run the script at once. Pages still loading are left to the registration.
 */
async function loadedTabsIn(patterns: string[], excludeMatches: string[]): Promise<number[]> {
  if (patterns.length === 0) return [];
  try {
    const [covered, excluded] = await Promise.all([
      browser.tabs.query({ url: patterns, status: 'complete' }),
      excludeMatches.length ? browser.tabs.query({ url: excludeMatches }) : [],
    ]);
    const skip = new Set(excluded.map((tab) => tab.id));
    return covered.flatMap((tab) => (tab.id !== undefined && !skip.has(tab.id) ? [tab.id] : []));
  } catch {
    // Best effort: the registration still covers every later visit.
    return [];
  }
}

function runTipScript(tabId: number): Promise<unknown> {
  return browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [`/${SCRIPT_FILE}`] }).catch(() => {
    // The tab closed or navigated meanwhile: its next page gets the registered script.
  });
}

/**
 * Keeps the registration in step with the rules, one re-sync at a time. Watchers fire together
 * (a policy change rewrites several keys at once); two syncs that each read "nothing registered"
 * would both register, and the second fails with "Duplicate script ID". So calls made while a sync
 * runs are coalesced into one more sync afterwards, which reads the state in force at that moment:
 * the last registration always matches the latest rules.
 *
 * @example const resync = serialiseTipScriptSync(async () => syncTipScript(...await current()));
 */
export function serialiseTipScriptSync(sync: () => Promise<unknown>, onError: (error: unknown) => void): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      await sync().catch(onError);
    } while (again);
    running = undefined;
  };
  return () => {
    if (running) again = true;
    else running = loop();
    return running;
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const inB = new Set(b);
  return a.length === b.length && a.every((x) => inB.has(x));
};

/** Shows the tip UI in a tab: its code is injected only now that there is something to show. */
export async function injectTipUi(tabId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: ['/tip-ui.js'] });
}

/** Reads a page's signals on the employee's request (the popup's "Look at this page"), through activeTab. */
export async function readPageOnRequest(tabId: number): Promise<unknown> {
  const [result] = await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: ['/page-signals.js'] });
  return result?.result;
}
