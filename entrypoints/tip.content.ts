import { sendMessage } from '@/utils/messaging/protocol';
import { extractSignals } from '@/utils/signals/extract';

/**
 * Registered at run time by the background, only where a `suggest` site rule applies. It reads the
 * page's signals and hands them to the background; the tip UI is injected separately, only when
 * there is a match, so this script stays small.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  registration: 'runtime',
  runAt: 'document_idle',
  main(ctx) {
    const report = () => {
      if (ctx.isInvalid) return;
      sendMessage('page:signals', extractSignals(document, location.href)).catch(() => {
        // The extension was reloaded or the page navigated away: nothing to do.
      });
    };
    report();
    // Single-page apps change the URL without a new document.
    ctx.addEventListener(window, 'wxt:locationchange', () => ctx.setTimeout(report, 800));
  },
});
