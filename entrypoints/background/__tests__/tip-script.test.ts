import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { contentScriptPatterns } from '@/utils/rules/decide';
import type { SiteRule } from '@/utils/rules/schema';
import { mergeManagedPolicy } from '@/utils/settings/managed';
import { audienceItem, managedConfigItem, siteRulesItem } from '@/utils/settings/items';
import background from '../index';
import { syncTipScript } from '../tip-script';

type Registration = { id: string; matches?: string[]; excludeMatches?: string[] };

/**
 * `browser.scripting` as Chromium behaves: every call answers a little later, and registering an
 * id that is already registered fails with "Duplicate script ID".
 */
function fakeScripting() {
  const registered = new Map<string, Registration>();
  const later = <T>(value: () => T) =>
    new Promise<T>((resolve, reject) =>
      setTimeout(
        () => {
          try {
            resolve(value());
          } catch (error) {
            reject(error as Error);
          }
        },
        1 + Math.random() * 4,
      ),
    );
  const scripting = {
    getRegisteredContentScripts: (filter?: { ids?: string[] }) =>
      later(() =>
        [...registered.values()]
          .filter((script) => !filter?.ids || filter.ids.includes(script.id))
          .map((script) => structuredClone(script)),
      ),
    registerContentScripts: (scripts: Registration[]) =>
      later(() => {
        for (const script of scripts) {
          if (registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
          registered.set(script.id, structuredClone(script));
        }
      }),
    unregisterContentScripts: (filter?: { ids?: string[] }) =>
      later(() => {
        for (const id of filter?.ids ?? [...registered.keys()]) registered.delete(id);
      }),
  };
  return { scripting, registered };
}

const rule = (id: string, host: string, action: SiteRule['action'] = 'suggest'): SiteRule => ({
  id,
  name: id,
  patterns: [`https://${host}/*`],
  action,
  skills: [],
  keywords: [],
  audience: [],
  enabled: true,
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

afterEach(() => vi.restoreAllMocks());

describe('the tip content script registration', () => {
  it('ends as exactly one registration for the rules in force when every watcher fires at once', async () => {
    const { scripting, registered } = fakeScripting();
    Object.assign(fakeBrowser, { scripting });
    Object.assign(fakeBrowser.permissions, {
      getAll: async () => ({ origins: ['https://*/*'], permissions: [] }),
      onAdded: { addListener: () => {} },
      onRemoved: { addListener: () => {} },
    });
    const errors: unknown[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args));
    // A fresh profile with a policy file: start-up reads the policy while the employee's rules and
    // roles change, and each write wakes a watcher.
    const managed = { siteRules: [rule('org', 'crm.example.com'), rule('hr', 'hr.example.com', 'block')] };
    await fakeBrowser.storage.managed.set(managed);
    background.main();
    await Promise.all([
      siteRulesItem.setValue([rule('own-1', 'wiki.example.com')]),
      audienceItem.setValue(['sales']),
      siteRulesItem.setValue([rule('own-2', 'docs.example.com')]),
    ]);
    await settle();
    const policy = mergeManagedPolicy(null, managed);
    expect(await managedConfigItem.getValue()).toEqual(policy);

    const inForce = [...(policy.values.siteRules ?? []), rule('own-2', 'docs.example.com')];
    const wanted = contentScriptPatterns(inForce, ['sales']);
    expect([...registered.values()]).toHaveLength(1);
    expect(registered.get('trailmark-tip')?.matches?.sort()).toEqual([...wanted.matches].sort());
    expect(errors.filter((args) => String(args).includes('site rules'))).toEqual([]);
  });

  it('runs the script in covered tabs that loaded before it was registered, once, and not in excluded or still-loading ones', async () => {
    const { scripting, registered } = fakeScripting();
    const ran: number[] = [];
    const queries: unknown[] = [];
    // The tabs open when the policy install starts Trailmark: what each query would answer.
    Object.assign(fakeBrowser, {
      scripting: {
        ...scripting,
        executeScript: async ({ target }: { target: { tabId: number } }) => void ran.push(target.tabId),
      },
    });
    Object.assign(fakeBrowser.tabs, {
      query: async (query: { url: string[]; status?: string }) => {
        queries.push(query);
        if (query.url.includes('https://hr.example.com/*')) return [{ id: 3 }];
        return query.status === 'complete' ? [{ id: 1 }, { id: 3 }] : [{ id: 1 }, { id: 2 }, { id: 3 }];
      },
    });
    const rules = [rule('org', 'crm.example.com'), rule('hr', 'hr.example.com', 'block')];
    await syncTipScript(rules, [], ['https://*/*']);
    expect(registered.get('trailmark-tip')?.matches).toContain('https://crm.example.com/*');
    expect(queries[0]).toEqual({ url: registered.get('trailmark-tip')?.matches, status: 'complete' });
    expect(ran).toEqual([1]);
    // The same rules again (a worker restart): nothing new is covered, nothing runs twice.
    await syncTipScript(rules, [], ['https://*/*']);
    expect(ran).toEqual([1]);
  });
});
