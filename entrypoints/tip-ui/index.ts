import { startPageLifetime, type PageLifetime } from '@/components/page-lifetime';
import { findFixedBoxes, focusedBox } from '@/utils/attention/page-layout';
import { choosePlacement, type Box, type Placement } from '@/utils/attention/placement';
import { TIP_FRAME_MARGIN, tipFrameHash } from '@/utils/attention/tip-frame';
import { deepActiveElement, isTypingField, typingWait } from '@/utils/attention/typing';
import { pageApi, sendFromPage } from '@/utils/messaging/page-api';
import type { TipHostMessage } from '@/utils/messaging/protocol';

/**
 * The tip's host, injected by the background into a tab only when the page has a match and the
 * attention budget allows a tip. It waits while the employee types in a field (until the field
 * loses focus or they pause), asks the background to show the tip (which counts it), then adds
 * `<trailmark-tip>` with a closed shadow root holding one iframe: the tip itself is an extension
 * page (`tip-frame.html`) that gets its cards from the background and runs outside the page's
 * main thread. This script only places the frame, sizes it to what the frame reports, and gives
 * focus back when the tip closes. No React, no catalogue text: a page that breaks into the host
 * finds an iframe it cannot read.
 */

/** The collapsed tip's size, a little generous so the estimate never under-counts. */
const COLLAPSED_SIZE = { width: 360, height: 52 };
const HOST = 'trailmark-tip';
/** How long a closed tip's hidden frame stays on the page, so events already on their way to it land. */
const FRAME_REMOVAL_DELAY_MS = 1_000;

export default defineUnlistedScript(async () => {
  const lifetime = startPageLifetime('tip-ui');
  if (!lifetime || document.querySelector(HOST)) return;
  await notWhileTyping(lifetime);
  if (!lifetime.alive) return;
  const content = await sendFromPage('tip:show');
  if (content.cards.length === 0 || document.querySelector(HOST)) return;
  mountTipFrame(lifetime);
});

function mountTipFrame(lifetime: PageLifetime): void {
  const { runtime, i18n } = pageApi();
  // A page that defined <trailmark-tip> itself would construct our host with its own class and,
  // through attachInternals(), reach even a closed shadow root: then there is no tip on this page.
  const host = document.createElement(HOST);
  if (host.matches(':defined')) return;
  // Attached while the element is not a custom element, so no later define() on the page can make
  // this root "available to element internals".
  const shadow = host.attachShadow({ mode: 'closed' });
  const frame = document.createElement('iframe');
  frame.title = i18n.getMessage('extName');
  // Visible from the start (a hidden frame is not rendered, so it could never measure itself): its
  // document is transparent until the tip is drawn in it.
  frame.style.cssText =
    'position:fixed;z-index:2147483646;border:0;margin:0;padding:0;background:transparent;color-scheme:normal;' +
    `width:${COLLAPSED_SIZE.width + 2 * TIP_FRAME_MARGIN}px;height:${COLLAPSED_SIZE.height + 2 * TIP_FRAME_MARGIN}px;`;
  const style = document.createElement('style');
  // The host takes no room; the page's own styles cannot reach into the shadow root.
  style.textContent = ':host { all: initial !important; display: contents !important; }';
  shadow.append(style, frame);

  // Measured before the tip is added: the page's layout is still clean, so reading it forces no
  // new layout (after adding the tip it would, on a large page a costly one).
  let fixed: Box[] = findFixedBoxes(document);
  let placement: Placement | undefined;
  let size = { ...COLLAPSED_SIZE };
  const panelMax = () => Math.max(120, Math.round(window.innerHeight * 0.6));
  const place = () => {
    const next = choosePlacement({
      viewport: { width: window.innerWidth, height: window.innerHeight },
      size,
      fixed,
      focused: focusedBox(document, host),
    });
    const [vertical, horizontal] = next.corner.split('-') as ['top' | 'bottom', 'left' | 'right'];
    for (const side of ['top', 'bottom', 'left', 'right'] as const) frame.style[side] = '';
    frame.style[vertical] = `${Math.max(0, next.y - TIP_FRAME_MARGIN)}px`;
    frame.style[horizontal] = `${Math.max(0, next.x - TIP_FRAME_MARGIN)}px`;
    const hash = tipFrameHash(next.corner, panelMax());
    if (!placement) frame.src = `${runtime.getURL('/tip-frame.html')}${hash}`;
    else if (next.corner !== placement.corner) frame.src = frame.src.replace(/#.*$/, hash);
    placement = next;
  };
  place();

  // Where focus was on the page before it entered the tip, to give it back when the tip closes.
  let returnTo: HTMLElement | undefined =
    document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : undefined;
  document.addEventListener(
    'focusin',
    (event) => {
      if (event.target === host) return;
      if (event.target instanceof HTMLElement) returnTo = event.target;
      // Focus moving on the page (never inside the tip: those events stay in its frame).
      place();
    },
    { capture: true, signal: lifetime.signal },
  );
  let resizeTimer: number | undefined;
  window.addEventListener(
    'resize',
    () => {
      clearTimeout(resizeTimer);
      resizeTimer = lifetime.setTimeout(() => {
        fixed = findFixedBoxes(document, host);
        place();
      }, 250);
    },
    { signal: lifetime.signal },
  );

  // The frame talks to this script only through the background, which knows which tab it is in.
  const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id !== runtime.id || sender.tab) return;
    const event = message as TipHostMessage | undefined;
    if (event?.trailmark !== 1 || event.type !== 'tip:host') return;
    if (event.data.kind === 'size') {
      size = { width: event.data.width - 2 * TIP_FRAME_MARGIN, height: event.data.height - 2 * TIP_FRAME_MARGIN };
      frame.style.width = `${Math.min(event.data.width, window.innerWidth)}px`;
      frame.style.height = `${Math.min(event.data.height, window.innerHeight)}px`;
    } else {
      const hadFocus = document.activeElement === host;
      close();
      if (hadFocus && returnTo?.isConnected) returnTo.focus({ preventScroll: true });
    }
  };
  const close = () => {
    runtime.onMessage.removeListener(onMessage);
    // Out of sight and out of reach at once, but taken off the page only a moment later: a frame
    // removed while the browser still delivers the closing key's events to it leaves them
    // unacknowledged (in Chromium a DevTools-driven key press then waits for good).
    frame.style.visibility = 'hidden';
    frame.style.pointerEvents = 'none';
    setTimeout(() => host.remove(), FRAME_REMOVAL_DELAY_MS);
  };
  runtime.onMessage.addListener(onMessage);
  lifetime.signal.addEventListener(
    'abort',
    () => {
      runtime.onMessage.removeListener(onMessage);
      host.remove();
    },
    { once: true },
  );
  document.body.append(host);
}

/** Resolves once the employee is not typing: focus left the field, or no keystroke for a while. */
function notWhileTyping(lifetime: PageLifetime): Promise<void> {
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
        timer = lifetime.setTimeout(check, Math.min(wait, 1_000));
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
    document.addEventListener('focusout', () => lifetime.setTimeout(check, 0), options);
    lifetime.signal.addEventListener('abort', () => controller.abort(), { once: true });
    check();
  });
}
