import { createRoot } from 'react-dom/client';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { I18nProvider } from '@/components/i18n';
import { Tip } from '@/components/Tip';
import { TIP_CSS } from '@/components/tip-styles';
import { sendMessage } from '@/utils/messaging/protocol';

/**
 * The tip's UI, injected by the background into a tab only when the page has a match. Mounts a
 * `<trailmark-tip>` element with a closed shadow root; removes it when dismissed.
 */
export default defineUnlistedScript(async () => {
  if (document.querySelector('trailmark-tip')) return;
  const cards = await sendMessage('tip:get');
  if (cards.length === 0) return;
  const ctx = new ContentScriptContext('tip-ui');
  const ui = await createShadowRootUi(ctx, {
    name: 'trailmark-tip',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    mode: 'closed',
    isolateEvents: ['keydown', 'keyup', 'keypress', 'click', 'focusin', 'focusout'],
    css: TIP_CSS,
    onMount(container) {
      const root = createRoot(container);
      root.render(
        <I18nProvider>
          <Tip cards={cards} onDismiss={() => ui.remove()} />
        </I18nProvider>,
      );
      return root;
    },
    onRemove(root) {
      root?.unmount();
    },
  });
  ui.mount();
});
