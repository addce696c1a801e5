import { browser } from 'wxt/browser';
import { ruleProblems, type RuleProblem } from '@/utils/rules/problems';
import { SiteRulesSchema } from '@/utils/rules/schema';
import { policyIdClashes, refusal, SettingsChangeSchema } from '@/utils/settings/change';
import { pageSettings, settingsInForce, type PageSettings, type SettingsInForce } from '@/utils/settings/in-force';
import { analyticsPolicyOf, type AnalyticsPolicy } from '@/utils/analytics/policy';
import {
  analyticsOptOutItem,
  audienceItem,
  feedPublicKeyItem,
  feedUrlItem,
  managedConfigItem,
  quietModeItem,
  readStoredSettings,
  repeatAfterDaysItem,
  settingsPartsChanged,
  siteRulesItem,
  tipsPerDayItem,
  withStorageChanges,
  type SettingsPart,
  type StoredSettingsState,
} from '@/utils/settings/items';
import { mergeManagedPolicy, type ManagedConfig } from '@/utils/settings/managed';

/**
 * The one owner of the settings in force. Storage is the truth; what it holds is mirrored in
 * memory, read once and then kept current from the new values each `storage.onChanged` event
 * carries (one listener), and the merged value rebuilt when next asked. Every write, lock check
 * included, goes through here.
 */
export function createSettingsService() {
  let stored: Promise<StoredSettingsState> | undefined;
  let cached: Promise<SettingsInForce> | undefined;
  const listeners: ((parts: Set<SettingsPart>) => void)[] = [];
  const merged = ({ local, managed }: StoredSettingsState) => settingsInForce(local, managed);

  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    const parts = settingsPartsChanged(Object.keys(changes));
    if (parts.size === 0) return;
    // A read still in flight may or may not hold this change; the new values go on top either way.
    stored = stored?.then((state) => withStorageChanges(state, changes));
    cached = undefined;
    for (const listener of listeners) listener(parts);
  });

  const service = {
    /** The settings in force, from the cache when it is current. */
    current: (): Promise<SettingsInForce> => (cached ??= (stored ??= readStoredSettings()).then(merged)),
    /**
     * Read again from storage, for pages, which may have seen a change the worker has not yet heard
     * of. The mirror is left alone: its objects stay, and so does what was compiled from them.
     */
    fresh: async (): Promise<SettingsInForce> => merged(await readStoredSettings()),
    /** The same, read again, without the rules (nor reading the employee's): what pages get. */
    freshForPages: async (): Promise<PageSettings> => pageSettings(merged(await readStoredSettings({ withRules: false }))),
    /**
     * Analytics as the policy sets it, or null. Kept out of the settings in force on purpose: those
     * go to the pages, and the LRS secret has no business there.
     */
    async analyticsPolicy(): Promise<AnalyticsPolicy | null> {
      return analyticsPolicyOf((await managedConfigItem.getValue())?.values ?? {});
    },
    analyticsOptedOut: (): Promise<boolean> => analyticsOptOutItem.getValue(),
    setAnalyticsOptedOut: (value: boolean): Promise<void> => analyticsOptOutItem.setValue(value),
    /** Called with the parts that changed, after the cache was dropped. */
    onChange(listener: (parts: Set<SettingsPart>) => void): void {
      listeners.push(listener);
    },

    /** Changes the employee's own settings; refused for what the organisation manages. */
    async change(data: unknown): Promise<PageSettings> {
      const change = SettingsChangeSchema.parse(data);
      const why = refusal(change, await service.freshForPages());
      if (why) throw new Error(why);
      await Promise.all([
        change.feedUrl !== undefined && feedUrlItem.setValue(change.feedUrl.trim()),
        change.feedPublicKey !== undefined && feedPublicKeyItem.setValue(change.feedPublicKey.trim()),
        change.tipsPerDay !== undefined && tipsPerDayItem.setValue(change.tipsPerDay),
        change.repeatAfterDays !== undefined && repeatAfterDaysItem.setValue(change.repeatAfterDays),
        change.quiet !== undefined && quietModeItem.setValue(change.quiet),
        change.audience !== undefined && audienceItem.setValue(change.audience),
      ]);
      return service.freshForPages();
    },

    /** Replaces the employee's own rules: refused when locked, problems per rule when invalid. */
    async saveRules(data: unknown): Promise<{ ok: true } | { ok: false; problems: RuleProblem[] }> {
      const settings = await service.fresh();
      if (settings.locked.ownRules) throw new Error('Refused: your organisation manages the site rules');
      const parsed = SiteRulesSchema.safeParse(data);
      if (!parsed.success) return { ok: false, problems: ruleProblems(parsed.error, data) };
      const clashes = policyIdClashes(parsed.data, settings.rules.policy);
      if (clashes.length) return { ok: false, problems: clashes };
      await siteRulesItem.setValue(parsed.data);
      return { ok: true };
    },
  };
  return service;
}
export type SettingsService = ReturnType<typeof createSettingsService>;

/** `storage.managed`, or nothing: Firefox throws when no policy is set, and so do browsers without one. */
export async function readManagedStorage(): Promise<Record<string, unknown>> {
  try {
    return (await browser.storage.managed.get()) ?? {};
  } catch {
    return {};
  }
}

/**
 * Reads the policy, keeps each valid value and the last valid one of each refused value, and
 * stores the result with its warnings for the options page.
 */
export async function refreshManagedConfig(): Promise<ManagedConfig> {
  const previous = await managedConfigItem.getValue();
  const next = mergeManagedPolicy(previous, await readManagedStorage());
  // Written only when it changed: the write wakes every listener (rules, options page).
  if (JSON.stringify(next) !== JSON.stringify(previous)) await managedConfigItem.setValue(next);
  return next;
}
