import { useEffect, useState } from 'react';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { useI18n } from '@/components/i18n';
import { mountTip } from '@/components/mount-tip';
import { sendMessage, type ResourceCard } from '@/utils/messaging/protocol';

/**
 * What a tip looks like, on Trailmark's own page: the real tip, mounted by the same code as on
 * web pages but in an open shadow root, with a few resources from the catalogue (`?q=` picks
 * them). Its buttons change nothing here. The browser tests run axe on this page, because axe,
 * like any page script, cannot look into the closed shadow root used on web pages.
 */
export function App() {
  const { t } = useI18n();
  const [empty, setEmpty] = useState(false);
  useEffect(() => {
    const query = new URLSearchParams(location.search).get('q') || 'feedback';
    const ctx = new ContentScriptContext('tip-preview');
    void (async () => {
      const [found, ld] = await Promise.all([sendMessage('catalogue:search', { text: query }), sendMessage('ld:view')]);
      const cards: ResourceCard[] = found.slice(0, 3).map((card) => ({ ...card, why: { words: [query] } }));
      if (cards.length === 0) return setEmpty(true);
      const nothing = () => undefined;
      await mountTip(ctx, {
        mode: 'open',
        content: { cards, saved: [], ...(ld.profile ? { brand: ld.profile } : {}), page: { title: document.title, url: location.href } },
        actions: { dismiss: nothing, snooze: nothing, notRelevant: nothing, save: nothing, opened: nothing, ask: nothing },
      });
    })();
    return () => ctx.abort();
  }, []);
  return (
    <main style={{ maxWidth: 640, margin: '0 auto', padding: 24 }}>
      <h1>{t('previewTitle')}</h1>
      <p>{t('previewHelp')}</p>
      {empty && <p className="tm-muted">{t('previewEmpty')}</p>}
    </main>
  );
}
