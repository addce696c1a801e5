import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { findFixedBoxes, focusedBox } from '@/utils/attention/page-layout';
import { choosePlacement, type Box, type Placement } from '@/utils/attention/placement';
import type { TipContent } from '@/utils/messaging/protocol';
import { I18nProvider } from './i18n';
import { Tip, type TipActions } from './Tip';
import { TIP_CSS } from './tip-styles';

/** The collapsed tip's size, a little generous so the estimate never under-counts. */
const COLLAPSED_SIZE = { width: 360, height: 52 };

/**
 * Mounts the tip in a `<trailmark-tip>` element with its own shadow root and styles: `closed` on
 * web pages, so the page can neither restyle nor read it; `open` only on Trailmark's own preview
 * page, where the browser tests run axe on exactly this code. Keyboard and focus events stay
 * inside; the page never sees them.
 *
 * Placement is worked out just before the tip mounts (the page's fixed bars are read once, while
 * the layout is clean) and again when the employee moves focus on the page or resizes the
 * window, never per frame.
 */
export async function mountTip(
  ctx: ContentScriptContext,
  { mode, content, actions, onRemoved }: { mode: 'open' | 'closed'; content: TipContent; actions: TipActions; onRemoved?: () => void },
) {
  let host: Element | undefined;
  let fixed: Box[] = [];
  const listeners = new Set<() => void>();
  const place = (): Placement =>
    choosePlacement({
      viewport: { width: window.innerWidth, height: window.innerHeight },
      size: COLLAPSED_SIZE,
      fixed,
      focused: focusedBox(document, host),
    });
  const replace = () => listeners.forEach((listener) => listener());

  const ui = await createShadowRootUi(ctx, {
    name: 'trailmark-tip',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    mode,
    isolateEvents: ['keydown', 'keyup', 'keypress', 'click', 'focusin', 'focusout', 'input'],
    css: TIP_CSS,
    onMount(container, _shadow, shadowHost) {
      host = shadowHost;
      const root = createRoot(container);
      root.render(
        <I18nProvider documentLang={false}>
          <PlacedTip
            initial={initial}
            subscribe={(listener) => {
              listeners.add(listener);
              return () => listeners.delete(listener);
            }}
            place={place}
            content={content}
            actions={actions}
            onClose={() => ui.remove()}
          />
        </I18nProvider>,
      );
      return root;
    },
    onRemove(root) {
      root?.unmount();
      onRemoved?.();
    },
  });

  // Measured before the tip is added: the page's layout is still clean, so reading it forces no
  // new layout (after adding the tip it would, on a large page a costly one).
  fixed = findFixedBoxes(document);
  const initial = place();
  // Focus moving on the page (never inside the tip: those events stop at its shadow root).
  ctx.addEventListener(document, 'focusin', replace);
  let resizeTimer: number | undefined;
  ctx.addEventListener(window, 'resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = ctx.setTimeout(() => {
      fixed = findFixedBoxes(document, host);
      replace();
    }, 250);
  });
  ui.mount();
  return ui;
}

function PlacedTip({
  initial,
  subscribe,
  place,
  content,
  actions,
  onClose,
}: {
  initial: Placement;
  subscribe: (listener: () => void) => () => void;
  place: () => Placement;
  content: TipContent;
  actions: TipActions;
  onClose: () => void;
}) {
  const [placement, setPlacement] = useState(initial);
  useEffect(
    () =>
      subscribe(() =>
        setPlacement((current) => {
          const next = place();
          return next.corner === current.corner && next.x === current.x && next.y === current.y ? current : next;
        }),
      ),
    [subscribe, place],
  );
  return (
    <Tip
      cards={content.cards}
      saved={content.saved}
      placement={placement}
      actions={actions}
      onClose={onClose}
      {...(content.brand ? { brand: content.brand } : {})}
      {...(content.page ? { page: content.page } : {})}
    />
  );
}
