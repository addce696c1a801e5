import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storage } from 'wxt/utils/storage';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SiteRule } from '@/utils/rules/schema';
import { feedPublicKeyItem, feedUrlItem, managedConfigItem, siteRulesItem } from '@/utils/settings/items';
import type { PageSettings } from '@/utils/settings/in-force';
import type { RulesView } from '@/utils/messaging/protocol';
import { FEED_ALARM } from '../feed-service';
import background from '../index';

type Registration = { id: string; matches?: string[]; excludeMatches?: string[] };
const EXTENSION_PAGE = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/options.html' };
const FEED_URL = 'https://feeds.example.com/feed.json';
const rule = (id: string, host: string): SiteRule => ({
  id,
  name: id,
  patterns: [`https://${host}/*`],
  action: 'suggest',
  skills: [],
  keywords: [],
  audience: [],
  enabled: true,
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
/** Waits until the wiring has done its work (the machine may be slow), failing after 5 s. */
const until = (check: () => unknown) => vi.waitFor(check, { timeout: 5_000, interval: 20 });

/** A browser event the test can fire, like the fake browser's own. */
function event<A extends unknown[]>() {
  const listeners: ((...args: A) => unknown)[] = [];
  return {
    addListener: (l: (...args: A) => unknown) => void listeners.push(l),
    fire: (...args: A) => listeners.forEach((l) => l(...args)),
  };
}

let registered: Map<string, Registration>;
let granted: string[];
let permissions: { onAdded: ReturnType<typeof event>; onRemoved: ReturnType<typeof event> };
let fetched: string[];

beforeEach(() => {
  registered = new Map();
  granted = ['https://*/*', 'http://*/*'];
  fetched = [];
  const scripting = {
    getRegisteredContentScripts: async () => [...registered.values()].map((s) => structuredClone(s)),
    registerContentScripts: async (scripts: Registration[]) => scripts.forEach((s) => registered.set(s.id, structuredClone(s))),
    unregisterContentScripts: async () => registered.clear(),
  };
  permissions = { onAdded: event(), onRemoved: event() };
  Object.assign(fakeBrowser, { scripting });
  Object.assign(fakeBrowser.permissions, {
    getAll: async () => ({ origins: granted, permissions: [] }),
    contains: async () => true,
    ...permissions,
  });
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    fetched.push(String(input));
    throw new TypeError('offline');
  });
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

const ask = async (type: string) => {
  const replies = (await fakeBrowser.runtime.onMessage.trigger({ trailmark: 1, type }, EXTENSION_PAGE)) as unknown[];
  return (replies[0] as { ok: true; value: unknown }).value;
};
const settingsInForce = async () => {
  const replies = (await fakeBrowser.runtime.onMessage.trigger({ trailmark: 1, type: 'settings:get' }, EXTENSION_PAGE)) as unknown[];
  return (replies[0] as { ok: true; value: PageSettings }).value;
};
const matches = () => registered.get('trailmark-tip')?.matches ?? [];

describe('the background wiring (background.main() against the fake browser)', () => {
  it('routes start-up, storage changes, permission events, alarms and closed tabs to their services', async () => {
    await fakeBrowser.storage.managed.set({ maxTipsPerDay: 2 });
    background.main();
    await until(async () => expect((await managedConfigItem.getValue())?.values).toEqual({ maxTipsPerDay: 2 }));
    // Start-up: the policy is read into storage; no rules are shipped, so no tip script; no feed is set.
    expect((await managedConfigItem.getValue())?.values).toEqual({ maxTipsPerDay: 2 });
    expect(matches()).toEqual([]);
    expect((await settingsInForce()).attention.tipsPerDay).toBe(2);

    // A change to the employee's rules reaches the settings service and the registration.
    await siteRulesItem.setValue([rule('wiki', 'wiki.example.com')]);
    await until(() => expect(matches()).toEqual(['https://wiki.example.com/*']));
    expect(matches()).toEqual(['https://wiki.example.com/*']);
    expect(((await ask('rules:get')) as RulesView).ownRules.map((r) => r.id)).toEqual(['wiki']);

    // A live policy change (Chrome) is read, stored, and in force at once.
    await fakeBrowser.storage.managed.set({ maxTipsPerDay: 1, siteRules: [rule('org', 'crm.example.com')] });
    await until(async () => expect((await settingsInForce()).attention.tipsPerDay).toBe(1));
    await until(() => expect(matches()).toHaveLength(2));
    expect(matches().sort()).toEqual(['https://crm.example.com/*', 'https://wiki.example.com/*']);

    // Host access withdrawn and granted again: the registration follows what is granted.
    granted = ['https://crm.example.com/*'];
    permissions.onRemoved.fire({ origins: ['https://*/*'] });
    await until(() => expect(matches()).toEqual(['https://crm.example.com/*']));
    granted = ['https://*/*'];
    permissions.onAdded.fire({ origins: ['https://*/*'] });
    await until(() => expect(matches()).toHaveLength(2));

    // The feed alarm and browser start-up both reach the feed service, which fetches the feed in force.
    await Promise.all([feedUrlItem.setValue(FEED_URL), feedPublicKeyItem.setValue('A'.repeat(43) + '=')]);
    await settle();
    fakeBrowser.alarms.onAlarm.trigger({ name: 'another-alarm', scheduledTime: Date.now() });
    await settle();
    const feedRequests = () => fetched.filter((url) => url.startsWith(FEED_URL));
    expect(feedRequests()).toEqual([]);
    fakeBrowser.alarms.onAlarm.trigger({ name: FEED_ALARM, scheduledTime: Date.now() });
    await until(() => expect(feedRequests()).toHaveLength(1));
    // Start-up checks again once that check is over (a check that is running is joined, not repeated).
    await until(async () => expect(await ask('feed:status')).toMatchObject({ checking: false, lastProblem: {} }));
    await fakeBrowser.runtime.onStartup.trigger();
    await until(() => expect(feedRequests()).toHaveLength(2));

    // A closed tab's record is forgotten by the tab service.
    await storage.setItem('session:tab:4', { url: 'https://crm.example.com/', cards: [] });
    await fakeBrowser.tabs.onRemoved.trigger(4, { isWindowClosing: false, windowId: 0 });
    await until(async () => expect(await storage.getItem('session:tab:4')).toBeNull());
  });
});
