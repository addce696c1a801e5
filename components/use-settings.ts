import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendMessage } from '@/utils/messaging/protocol';
import type { SettingsChange } from '@/utils/settings/change';
import type { PageSettings } from '@/utils/settings/in-force';
import { settingsPartsChanged } from '@/utils/settings/items';

/**
 * Calls `onChange` whenever a setting or the organisation's policy changes: one
 * `storage.onChanged` listener for every settings key, so a page never watches keys one by one.
 */
export function useSettingsChanged(onChange: () => void): void {
  useEffect(() => {
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && settingsPartsChanged(Object.keys(changes)).size > 0) onChange();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, [onChange]);
}

/**
 * The settings in force as the background computes them (policy, caps, bounds and locks
 * applied; the rules come apart, through `rules:get`), kept current, and a way to change them through the background. Pages compute nothing.
 *
 * @example const [settings, change] = useSettingsInForce(); change({ quiet: true });
 */
export function useSettingsInForce(): [PageSettings | undefined, (change: SettingsChange) => Promise<void>] {
  const [settings, setSettings] = useState<PageSettings | undefined>();
  const load = useCallback(() => void sendMessage('settings:get').then(setSettings, () => undefined), []);
  useEffect(load, [load]);
  useSettingsChanged(load);
  const change = useCallback(
    async (next: SettingsChange) => {
      // Shown at once, so a checkbox or field never lags behind what the employee did.
      setSettings((current) => current && optimistic(current, next));
      // Refused (say, the policy now manages it): show what is in force again.
      await sendMessage('settings:change', next).then(setSettings, load);
    },
    [load],
  );
  return [settings, change];
}

function optimistic(current: PageSettings, change: SettingsChange): PageSettings {
  return {
    ...current,
    attention: { ...current.attention, ...(change.quiet !== undefined ? { quiet: change.quiet } : {}) },
    ...(change.audience ? { audience: change.audience } : {}),
  };
}
