import { browser } from 'wxt/browser';
import { compileRules, type CompiledRules } from '@/utils/rules/compile';
import { effectiveSettings, type EffectiveSettings } from '@/utils/settings/effective';
import { audienceItem, feedPublicKeyItem, feedUrlItem, managedConfigItem, siteRulesItem } from '@/utils/settings/items';
import { mergeManagedPolicy, type ManagedConfig } from '@/utils/settings/managed';

/** The rules in force for this employee, compiled, with where they came from. */
export interface RuleState {
  settings: EffectiveSettings;
  compiled: CompiledRules;
  audience: string[];
  managed: ManagedConfig | null;
}

/** Builds the state from plain stored values (also used by tests). `feed` is the feed set in the options page. */
export function ruleState(
  local: EffectiveSettings['ownRules'] | null,
  managed: ManagedConfig | null,
  audience: string[],
  feed: { url?: string; publicKey?: string } = {},
): RuleState {
  const settings = effectiveSettings(
    { siteRules: local, feedUrl: feed.url || null, feedPublicKey: feed.publicKey || null },
    managed?.values,
  );
  return { settings, compiled: compileRules(settings.rules), audience, managed };
}

/**
 * The rules as the background sees them: storage is the truth; the compiled form is cached in
 * memory only as a speed-up, dropped whenever a setting or the policy changes, and rebuilt when
 * the worker wakes.
 */
export function createRulesService() {
  let cached: Promise<RuleState> | undefined;
  return {
    state(): Promise<RuleState> {
      cached ??= Promise.all([
        siteRulesItem.getValue(),
        managedConfigItem.getValue(),
        audienceItem.getValue(),
        feedUrlItem.getValue(),
        feedPublicKeyItem.getValue(),
      ]).then(([local, managed, audience, url, publicKey]) => ruleState(local, managed, audience, { url, publicKey }));
      return cached;
    },
    invalidate(): void {
      cached = undefined;
    },
  };
}
export type RulesService = ReturnType<typeof createRulesService>;

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
