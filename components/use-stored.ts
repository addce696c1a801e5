import { useEffect, useState } from 'react';
import type { WxtStorageItem } from 'wxt/utils/storage';

/**
 * A storage item's value, kept current when it changes anywhere (another page, the background).
 * `undefined` until it has loaded.
 *
 * @example const quiet = useStored(quietModeItem);
 */
export function useStored<T>(item: WxtStorageItem<T, Record<string, unknown>>): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void item.getValue().then((v) => live && setValue(v));
    const unwatch = item.watch((v) => setValue(v ?? item.fallback));
    return () => {
      live = false;
      unwatch();
    };
  }, [item]);
  return value;
}

/**
 * A setting as `[value, set]`: `set` shows the new value at once and then stores it, so a
 * checkbox or field never lags behind what the employee did.
 *
 * @example const [quiet, setQuiet] = useStoredSetting(quietModeItem);
 */
export function useStoredSetting<T>(item: WxtStorageItem<T, Record<string, unknown>>): [T | undefined, (value: T) => void] {
  const stored = useStored(item);
  const [local, setLocal] = useState<{ value: T } | undefined>(undefined);
  useEffect(() => setLocal(undefined), [stored]);
  return [
    local ? local.value : stored,
    (value: T) => {
      setLocal({ value });
      void item.setValue(value);
    },
  ];
}
