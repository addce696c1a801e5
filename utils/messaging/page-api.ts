import { typedSender, type SendingRuntime } from './wire';

/*
 * The extension API as the browser itself gives it to Trailmark's scripts on web pages, without
 * webextension-polyfill: those scripts are evaluated on every page a rule covers, on the page's
 * main thread, and the polyfill was about 10 of `tip-watch.js`'s 13 KB. They need only the parts below, which Firefox's `browser` and Chromium's MV3 `chrome` both
 * offer with promises.
 */

type HostListener = (message: unknown, sender: { id?: string; tab?: unknown }) => void;

/** The slice of the extension API that the scripts on web pages use. */
export interface PageApi {
  runtime: SendingRuntime & {
    /** Undefined once the extension that injected the script was reloaded, updated or removed. */
    readonly id: string | undefined;
    getURL(path: string): string;
    onMessage: { addListener(listener: HostListener): void; removeListener(listener: HostListener): void };
  };
  i18n: { getMessage(name: string): string };
}

/** Firefox's `browser`, else Chromium's `chrome` (its `browser` alias, where there is one, is the same object). */
export function pageApi(): PageApi {
  const scope = globalThis as { browser?: PageApi; chrome?: PageApi };
  return (scope.browser ?? scope.chrome)!;
}

/**
 * `sendMessage` for scripts on web pages: the same envelope and answers as `protocol.ts`'s.
 *
 * @example const { read } = await sendFromPage('page:mayRead');
 */
export const sendFromPage = typedSender(() => pageApi().runtime);
