import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { useSettingsChanged } from '@/components/use-settings';
import { sendMessage, type RulesView } from '@/utils/messaging/protocol';

/**
 * The rules and policy as the background sees them, fetched again whenever a setting or the
 * organisation's policy changes (so a policy change shows up live).
 */
export function useRulesView(): { view: RulesView | undefined; error: string | undefined } {
  const [view, setView] = useState<RulesView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(() => {
    sendMessage('rules:get').then(
      (next) => {
        setView(next);
        setError(undefined);
      },
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(load, [load]);
  useSettingsChanged(load);
  return { view, error };
}

/** The host permissions the browser has granted Trailmark, kept up to date. */
export function useGrantedOrigins(): string[] {
  const [origins, setOrigins] = useState<string[]>([]);
  useEffect(() => {
    const load = () => void browser.permissions.getAll().then((all) => setOrigins(all.origins ?? []));
    load();
    browser.permissions.onAdded.addListener(load);
    browser.permissions.onRemoved.addListener(load);
    return () => {
      browser.permissions.onAdded.removeListener(load);
      browser.permissions.onRemoved.removeListener(load);
    };
  }, []);
  return origins;
}

/**
 * Asks the browser for host access. Must be called straight from a click or submit handler,
 * before any `await`: browsers grant permission requests only during the person's gesture.
 */
export function requestOrigins(origins: readonly string[]): Promise<boolean> {
  if (origins.length === 0) return Promise.resolve(true);
  return browser.permissions.request({ origins: [...origins] }).catch(() => false);
}
