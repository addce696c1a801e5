import { createRoot } from 'react-dom/client';
import { I18nProvider } from '@/components/i18n';
import { Tip } from '@/components/Tip';
import { TIP_CSS } from '@/components/tip-styles';
import { CORNERS, type Corner } from '@/utils/attention/placement';
import { TIP_FRAME_MARGIN } from '@/utils/attention/tip-frame';
import { sendMessage } from '@/utils/messaging/protocol';

/*
 * The tip's UI, in an extension page that the tip host (`tip-ui.js`) puts in an iframe on the web
 * page. It runs in the extension's process, not on the page's main thread, and the page can
 * neither read nor click into it. Its cards come from the background (for the tab this frame is
 * in), never from the page. It reports its size so the host can fit the iframe to it, and asks
 * the host to remove it when the employee closes it.
 */

/** Fits the iframe: the tip is laid out as if the frame had room, and the frame is as large as the tip. */
const FRAME_CSS = `
html, body { margin: 0; padding: 0; background: transparent; overflow: hidden; color-scheme: normal; }
.tm-tip { max-width: 380px; }
.tm-panel { max-height: var(--tm-panel-max, 400px); }
`;

const quietly = (promise: Promise<unknown>) => void promise.catch(() => undefined);

/** Keys held down in this frame (by `code`). */
const held = new Set<string>();
addEventListener('keydown', (event) => held.add(event.code), true);
addEventListener('keyup', (event) => held.delete(event.code), true);
addEventListener('blur', () => held.clear());

/**
 * Asks the host to remove the frame, once no key is held. A close made by a key (Escape, Enter
 * on ×) happens on keydown; removing the frame before that key's keyup arrives leaves the keyup
 * with no frame to go to, and Chromium then never acknowledges it (a DevTools-driven key press
 * hung for good: 5 of 30 tip closes in the demo test). So the frame waits for the release, or
 * for losing focus, whichever comes first.
 */
function closeWhenReleased(hadFocus: boolean): void {
  const send = () => quietly(sendMessage('tip:frameEvent', { kind: 'close', hadFocus }));
  if (held.size === 0) return send();
  const done = () => {
    removeEventListener('keyup', released, true);
    removeEventListener('blur', done);
    send();
  };
  const released = () => {
    if (held.size === 0) done();
  };
  addEventListener('keyup', released, true);
  addEventListener('blur', done);
}

async function main() {
  const style = document.createElement('style');
  style.textContent = TIP_CSS + FRAME_CSS;
  document.head.append(style);
  const content = await sendMessage('tip:frameContent');
  if (!content || content.cards.length === 0) {
    quietly(sendMessage('tip:frameEvent', { kind: 'close', hadFocus: false }));
    return;
  }
  // The host says, in the hash, which corner the tip is in and how tall its panel may be (its
  // page's viewport, which this frame cannot see): `#bottom-right,432`.
  const layout = (): { corner: Corner; panelMax: number } => {
    const [corner = '', panelMax = ''] = location.hash.slice(1).split(',');
    return {
      corner: (CORNERS as readonly string[]).includes(corner) ? (corner as Corner) : 'bottom-right',
      panelMax: Math.min(2000, Math.max(120, Number(panelMax) || 400)),
    };
  };
  const root = createRoot(document.getElementById('root')!);
  const render = () => {
    const { corner, panelMax } = layout();
    document.documentElement.style.setProperty('--tm-panel-max', `${panelMax}px`);
    root.render(
      <I18nProvider>
        <Tip
          cards={content.cards}
          saved={content.saved}
          placement={{ corner, x: TIP_FRAME_MARGIN, y: TIP_FRAME_MARGIN }}
          {...(content.brand ? { brand: content.brand } : {})}
          {...(content.page ? { page: content.page } : {})}
          actions={{
            dismiss: (ids) => quietly(sendMessage('tip:dismiss', ids)),
            snooze: (kind) => quietly(sendMessage('attention:snooze', { kind })),
            notRelevant: (id) => quietly(sendMessage('resource:verdict', { id, verdict: 'notRelevant' })),
            save: (id, saved) => quietly(sendMessage('resource:save', { id, saved })),
            opened: (id) => quietly(sendMessage('resource:opened', { id })),
            expanded: () => quietly(sendMessage('tip:opened')),
            ask: (request) => quietly(sendMessage('ld:ask', request)),
          }}
          onClose={() => closeWhenReleased(document.hasFocus())}
        />
      </I18nProvider>,
    );
  };
  render();
  // The host moves the frame to another corner by changing its hash.
  window.addEventListener('hashchange', render);
  let last = '';
  const report = () => {
    const tip = document.querySelector('.tm-tip');
    if (!tip) return;
    const width = Math.ceil(tip.getBoundingClientRect().width) + 2 * TIP_FRAME_MARGIN;
    const height = Math.ceil(tip.getBoundingClientRect().height) + 2 * TIP_FRAME_MARGIN;
    if (`${width}x${height}` === last) return;
    last = `${width}x${height}`;
    quietly(sendMessage('tip:frameEvent', { kind: 'size', width, height }));
  };
  const observer = new ResizeObserver(report);
  // Once React has committed the first render (it renders asynchronously).
  const watch = (tries: number) => {
    const tip = document.querySelector('.tm-tip');
    if (tip) {
      observer.observe(tip);
      report();
      // React has committed the tip and its size is on its way to the host: tests wait for this
      // (only the extension and DevTools can read this document; the page cannot).
      document.documentElement.dataset.ready = 'true';
    } else if (tries > 0) setTimeout(() => watch(tries - 1), 20);
  };
  watch(100);
}

void main();
