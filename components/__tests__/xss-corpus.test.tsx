import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { XSS_CORPUS } from '../../test/fixtures/xss-corpus';
import { parseCatalogueItems } from '@/utils/catalogue/import';
import { ResourceCard } from '../ResourceCard';

/**
 * The XSS and URL corpus through the catalogue check and the resource card (tip, popup, options
 * all render cards through it): nothing becomes markup, and every href is a normalised https link.
 */
describe('the XSS and URL corpus', () => {
  it(`renders ${XSS_CORPUS.length} hostile strings as text only, with no href but normalised https`, () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(200);
    let accepted = 0;
    for (const [i, text] of XSS_CORPUS.entries()) {
      // As a link, and as text with a good link: each row on its own, since one bad row refuses a file.
      const rows = [
        { id: `x${i}`, title: 'Writing clearly', url: text, language: 'en' },
        { id: `y${i}`, title: text, description: text, provider: text.slice(0, 200), url: 'https://learn.example.com/y', language: 'en' },
      ];
      for (const row of rows) {
        const result = parseCatalogueItems([row]);
        if (!result.ok) continue;
        for (const resource of result.resources) {
          accepted++;
          const html = renderToStaticMarkup(<ResourceCard card={{ ...resource, durationMinutes: resource.durationMinutes }} />);
          expect(html).not.toMatch(/<(script|img|svg|iframe|object|style|base|meta|form|input|details|body|math|template|noscript)\b/i);
          expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
          for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
            const url = new URL(href!.replace(/&amp;/g, '&'));
            expect(url.protocol).toBe('https:');
            expect(url.username + url.password).toBe('');
            expect(url.href).toBe(href!.replace(/&amp;/g, '&'));
          }
        }
      }
    }
    console.log(`XSS corpus: ${XSS_CORPUS.length} strings tried, ${accepted} resources accepted and rendered`);
    expect(accepted).toBeGreaterThan(0);
  });
});
