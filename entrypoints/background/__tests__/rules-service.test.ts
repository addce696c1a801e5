import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { audienceItem, managedConfigItem, siteRulesItem, tipsPerDayItem } from '@/utils/settings/items';
import { createRulesService } from '../rules-service';
import { createSettingsService, refreshManagedConfig } from '../settings-service';

const RULE = { id: 'org', name: 'Org', patterns: ['https://crm.example.com/*'], action: 'suggest' as const };

describe('managed policy in the background', () => {
  it('keeps the last valid value in storage when the policy turns invalid, and drops what the admin removed', async () => {
    await fakeBrowser.storage.managed.set({ siteRules: [RULE], catalogueFeedUrl: 'https://feeds.example.com/f.json' });
    expect((await refreshManagedConfig()).values.siteRules?.[0]?.id).toBe('org');
    await fakeBrowser.storage.managed.set({ siteRules: 'not rules', catalogueFeedUrl: 'https://feeds.example.com/f.json' });
    const kept = await refreshManagedConfig();
    expect(kept.values.siteRules?.[0]?.id).toBe('org');
    expect(kept.warnings).toMatchObject([{ key: 'siteRules', keptPrevious: true }]);
    expect(await managedConfigItem.getValue()).toEqual(kept);
    await fakeBrowser.storage.managed.clear();
    expect((await refreshManagedConfig()).values).toEqual({});
  });

  it('treats a browser that throws on storage.managed (Firefox without a policy) as no policy', async () => {
    vi.spyOn(browser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
    expect(await refreshManagedConfig()).toEqual({ values: {}, warnings: [] });
    vi.restoreAllMocks();
  });

  it('puts the organisation’s rules first, adds the employee’s, and follows the employee’s role', async () => {
    await managedConfigItem.setValue({
      values: { siteRules: [{ ...RULE, skills: [], keywords: [], audience: [], enabled: true }] },
      warnings: [],
    });
    await siteRulesItem.setValue([
      {
        id: 'own',
        name: 'Own',
        patterns: ['https://wiki.example.com/*'],
        action: 'suggest',
        skills: [],
        keywords: [],
        audience: ['Sales'],
        enabled: true,
      },
    ]);
    await audienceItem.setValue(['sales']);
    const settings = createSettingsService();
    const rules = createRulesService(settings.current);
    const state = await rules.state();
    expect(state.settings.rules.inForce.map((r) => r.id)).toEqual(['org', 'own']);
    expect(state.audience).toEqual(['sales']);
    expect(await rules.state()).toBe(state); // compiled once while the settings stay
    // The settings service hears the change on its one storage.onChanged listener.
    await audienceItem.setValue([]);
    expect((await rules.state()).audience).toEqual([]);
  });

  it('keeps its mirror from the change events: no read back of the rules, no recompiling for a new tip limit (finding 4)', async () => {
    const own = Array.from({ length: 50 }, (_, i) => ({ ...RULE, id: `own-${i}`, skills: [], keywords: [], audience: [], enabled: true }));
    await siteRulesItem.setValue(own);
    const settings = createSettingsService();
    const rules = createRulesService(settings.current);
    const compiled = (await rules.state()).compiled;
    const reads = vi.spyOn(browser.storage.local, 'get');
    await tipsPerDayItem.setValue(7);
    await vi.waitFor(async () => expect((await settings.current()).attention.tipsPerDay).toBe(7));
    expect((await rules.state()).compiled).toBe(compiled);
    await siteRulesItem.setValue(own.slice(0, 10));
    await vi.waitFor(async () => expect((await rules.state()).settings.rules.inForce).toHaveLength(10));
    expect((await rules.state()).compiled).not.toBe(compiled);
    // Removed: the item's fallback (no own rules saved: the built-in defaults).
    await siteRulesItem.removeValue();
    await vi.waitFor(async () => expect((await settings.current()).rules.usingDefaults).toBe(true));
    expect(reads).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});

describe('settings service writes', () => {
  it('changes the employee’s settings, and refuses what the organisation’s policy manages', async () => {
    const settings = createSettingsService();
    const after = await settings.change({ tipsPerDay: 5, quiet: true, feedUrl: ' https://feeds.example.com/f.json ' });
    expect(after.attention).toMatchObject({ tipsPerDay: 5, quiet: true });
    expect(after.feed.url).toBe('https://feeds.example.com/f.json');
    await expect(settings.change({ tipsPerDay: 999 })).rejects.toThrow();
    await expect(settings.change({ siteRules: [] })).rejects.toThrow();
    await managedConfigItem.setValue({ values: { catalogueFeedUrl: 'https://org.example.com/f.json' }, warnings: [] });
    await expect(settings.change({ feedUrl: 'https://mine.example.com/f.json' })).rejects.toThrow(/Refused/);
    expect((await settings.current()).feed.url).toBe('https://org.example.com/f.json');
  });
});
