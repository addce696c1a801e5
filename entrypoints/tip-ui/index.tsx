import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { mountTip } from '@/components/mount-tip';
import { deepActiveElement, isTypingField, typingWait } from '@/utils/attention/typing';
import { sendMessage } from '@/utils/messaging/protocol';

/**
 * The tip's UI, injected by the background into a tab only when the page has a match and the
 * attention budget allows a tip. It waits while the employee types in a field (until the field
 * loses focus or they pause), then asks the background for the cards, which counts the tip, and
 * mounts it in a closed shadow root.
 */
export default defineUnlistedScript(async () => {
  if (document.querySelector('trailmark-tip')) return;
  const ctx = new ContentScriptContext('tip-ui');
  await notWhileTyping(ctx);
  if (ctx.isInvalid) return;
  const content = await sendMessage('tip:show');
  if (content.cards.length === 0 || document.querySelector('trailmark-tip')) return;
  const quietly = (promise: Promise<unknown>) => void promise.catch(() => undefined);
  await mountTip(ctx, {
    mode: 'closed',
    content,
    actions: {
      dismiss: (ids) => quietly(sendMessage('tip:dismiss', ids)),
      snooze: (kind) => quietly(sendMessage('attention:snooze', { kind })),
      notRelevant: (id) => quietly(sendMessage('resource:verdict', { id, verdict: 'notRelevant' })),
      save: (id, saved) => quietly(sendMessage('resource:save', { id, saved })),
      opened: (id) => quietly(sendMessage('resource:opened', { id })),
      ask: (request) => quietly(sendMessage('ld:ask', request)),
    },
  });
});

/** Resolves once the employee is not typing: focus left the field, or no keystroke for a while. */
function notWhileTyping(ctx: ContentScriptContext): Promise<void> {
  let lastActivity = performance.now();
  const activity = () => (lastActivity = performance.now());
  return new Promise((resolve) => {
    let done = false;
    let timer: number | undefined;
    const check = () => {
      if (done) return;
      clearTimeout(timer);
      const wait = typingWait({ inField: isTypingField(deepActiveElement(document)), lastActivity, now: performance.now() });
      if (wait > 0) {
        timer = ctx.setTimeout(check, Math.min(wait, 1_000));
        return;
      }
      done = true;
      controller.abort();
      resolve();
    };
    const controller = new AbortController();
    const options = { capture: true, passive: true, signal: controller.signal };
    document.addEventListener('keydown', activity, options);
    document.addEventListener('input', activity, options);
    // Leaving a field ends the wait at once (checked after focus has settled on its new target).
    document.addEventListener('focusout', () => ctx.setTimeout(check, 0), options);
    ctx.onInvalidated(() => controller.abort());
    check();
  });
}
