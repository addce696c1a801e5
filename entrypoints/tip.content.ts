import { sendMessage } from '@/utils/messaging/protocol';
import { extractSignals } from '@/utils/signals/extract';

/**
 * Registered at run time by the background, only where a `suggest` site rule may apply. It first
 * asks whether a rule really covers this page (a URL pattern or regular expression can be
 * narrower than the registration), and only then reads the page's signals and hands them to the
 * background. The tip UI is injected separately, only when there is a match.
 */
export default defineContentScript({
  // The demo site's hosts (also the only host permissions Trailmark holds from the start); the
  // background registers the script for the hosts in the site rules.
  matches: ['http://127.0.0.1/*', 'http://localhost/*'],
  registration: 'runtime',
  runAt: 'document_idle',
  main(ctx) {
    const report = async () => {
      if (ctx.isInvalid) return;
      const { read } = await sendMessage('page:mayRead');
      if (!read || ctx.isInvalid) return;
      await sendMessage('page:signals', extractSignals(document, location.href));
    };
    const reportQuietly = () =>
      report().catch(() => {
        // The extension was reloaded or the page navigated away: nothing to do.
      });
    void reportQuietly();
    // Single-page apps change the URL without a new document.
    ctx.addEventListener(window, 'wxt:locationchange', () => ctx.setTimeout(reportQuietly, 800));
  },
});
