import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { XSS_CORPUS } from '../../test/fixtures/xss-corpus';
import { parseCatalogueItems } from '@/utils/catalogue/import';
import { RuleTable } from '@/entrypoints/options/sections/sites/RuleTable';
import { SiteRuleSchema, type SiteRule } from '@/utils/rules/schema';
import { ResourceCard } from '../ResourceCard';

/** No element that runs or loads anything, and no event handler attribute. */
function expectInert(html: string) {
  expect(html).not.toMatch(
    /<(script|img|svg|iframe|object|style|base|meta|form|input|details|body|math|template|noscript)\b(?![^>]*type="(checkbox|search)")/i,
  );
  expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
}

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
          expectInert(html);
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

  it(`shows ${XSS_CORPUS.length} hostile strings in a policy's rules as text only, in the options rules table`, () => {
    // A policy's rule names, keywords and roles are the organisation's text; the table shows them all, paged.
    const rules: SiteRule[] = [];
    for (const [i, text] of XSS_CORPUS.entries()) {
      const parsed = SiteRuleSchema.safeParse({
        id: `r${i}`,
        name: text,
        patterns: ['https://crm.example.com/*'],
        action: 'suggest',
        keywords: [text.slice(0, 100)],
        audience: [text.slice(0, 100)],
      });
      if (parsed.success) rules.push(parsed.data);
    }
    let shown = 0;
    for (let from = 0; from < rules.length; from += 50) {
      const page = rules.slice(from, from + 50);
      const html = renderToStaticMarkup(<RuleTable rules={page} caption="Policy rules" testId="policy-rules" />);
      expectInert(html);
      expect(html).not.toMatch(/<[a-z][^>]*\shref=/i);
      shown += (html.match(/data-rule-id=/g) ?? []).length;
    }
    console.log(`XSS corpus: ${XSS_CORPUS.length} strings tried as policy rule text, ${shown} rules shown in the options table`);
    expect(shown).toBe(rules.length);
    expect(shown).toBeGreaterThan(200);
  });
});
