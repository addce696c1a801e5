import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { extractSignals } from '../extract';
import { referenceExtractSignals } from './reference-extract';

const page = (html: string) => parseHTML(html).document as unknown as Document;

const htmlFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(dir, f));

/**
 * The content script walks only as much of a page as the capped text sample needs (see
 * `npm run bench:page`); it must read exactly what the eager first version read.
 */
describe('extractSignals reads the same as the eager reference', () => {
  it.each([...htmlFiles('cli/demo-site'), ...htmlFiles('test/eval/nl/pages'), ...htmlFiles('test/fixtures')])('%s', (file) => {
    const doc = page(readFileSync(file, 'utf8'));
    expect(extractSignals(doc, 'https://x.example/')).toEqual(referenceExtractSignals(doc, 'https://x.example/'));
  });

  it('on generated pages with nesting, skipped parts, hidden parts and long tables (fuzzed)', () => {
    const tags = [
      'div',
      'section',
      'main',
      'article',
      'p',
      'li',
      'ul',
      'td',
      'span',
      'h1',
      'h2',
      'h3',
      'nav',
      'form',
      'aside',
      'label',
      'blockquote',
      'pre',
      'header',
      'footer',
      'summary',
      'details',
      'textarea',
    ];
    const attributes = ['', '', '', ' hidden', ' aria-hidden="true"', ' contenteditable', ' contenteditable="false"', ' role="main"'];
    const word = fc.constantFrom('pivot', 'table', 'klant', 'SLA', 'lunch', '  ', 'é', 'data');
    const { tree } = fc.letrec<{ tree: string }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.array(word, { maxLength: 8 }).map((words) => words.join(' ')),
        fc
          .tuple(fc.constantFrom(...tags), fc.constantFrom(...attributes), fc.array(tie('tree'), { maxLength: 5 }))
          .map(([tag, attribute, children]) => `<${tag}${attribute}>${children.join('')}</${tag}>`),
      ),
    }));
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 6 }), fc.nat(120), (parts, rows) => {
        const table = rows ? `<table>${'<tr><td>pivot data cell with some words</td><td>SLA row</td></tr>'.repeat(rows)}</table>` : '';
        const doc = page(`<!doctype html><html lang="en"><head><title>t</title></head><body>${parts.join('')}${table}</body></html>`);
        expect(extractSignals(doc, 'https://x.example/')).toEqual(referenceExtractSignals(doc, 'https://x.example/'));
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});
