import { coalesced, startPageLifetime, watchUrl } from '@/components/page-lifetime';
import { sendFromPage } from '@/utils/messaging/page-api';
import { extractSignals } from '@/utils/signals/extract';

/**
 * Registered at run time by the background, only where a `suggest` site rule may apply. It first
 * asks whether a rule really covers this page (a URL pattern or regular expression can be
 * narrower than the registration), and only then reads the page's signals and hands them to the
 * background. The tip UI is injected separately, only when there is a match.
 *
 * An unlisted script rather than a WXT content script: WXT's content-script context announces
 * itself to the page with a `postMessage` naming the extension id and obeys events any page can
 * fire (see `page-lifetime.ts`). Here the page can neither detect it nor make it read again: only
 * a real URL change does, at most once per `MIN_GAP_MS`, and the latest page wins.
 */
const SETTLE_MS = 800;
const MIN_GAP_MS = 5_000;

export default defineUnlistedScript(() => {
  const lifetime = startPageLifetime('tip-watch');
  if (!lifetime) return;
  const report = async () => {
    if (!lifetime.alive) return;
    const { read } = await sendFromPage('page:mayRead');
    if (!read || !lifetime.alive) return;
    await sendFromPage('page:signals', extractSignals(document, location.href));
  };
  report().catch(() => {
    // The extension was reloaded or the page navigated away: nothing to do.
  });
  watchUrl(lifetime, coalesced(lifetime, report, { settleMs: SETTLE_MS, minGapMs: MIN_GAP_MS }));
});
