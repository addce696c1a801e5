/**
 * The first, eager version of extractSignals (querySelectorAll over the whole page), kept as the
 * reference the lazy walk must agree with. Test code only.
 */
import { SIGNAL_LIMITS } from '../limits';
import type { PageSignals } from '../schema';

/** Elements whose text is navigation, chrome or private input rather than what the page is about. */
const SKIPPED =
  'script,style,noscript,template,svg,nav,header,footer,aside,form,textarea,input,select,[contenteditable],[aria-hidden="true"],[hidden],trailmark-tip';
const TEXT_BLOCKS = 'h1,h2,h3,h4,p,li,td,th,dd,dt,blockquote,figcaption,pre,label,summary';

const clean = (text: string | null | undefined, max: number = SIGNAL_LIMITS.short) =>
  (text ?? '').replace(/\s+/g, ' ').trim().slice(0, max);

const meta = (doc: Document, selector: string) => clean(doc.querySelector<HTMLMetaElement>(selector)?.content);

const texts = (root: ParentNode, selector: string) => {
  const found: string[] = [];
  for (const element of root.querySelectorAll(selector)) {
    if (element.closest(SKIPPED)) continue;
    const text = clean(element.textContent);
    if (text && !found.includes(text)) found.push(text);
    if (found.length >= SIGNAL_LIMITS.list) break;
  }
  return found;
};

/**
 * Reads the signals of a page. Uses `textContent` only, never `innerText` or layout APIs, so it
 * cannot force a reflow; reads no form fields or editable areas.
 *
 * @example const signals = extractSignals(document, location.href);
 */
export function referenceExtractSignals(doc: Document, url: string): PageSignals {
  const main = doc.querySelector('main, [role="main"], article') ?? doc.body ?? doc.documentElement;
  let text = '';
  for (const block of main.querySelectorAll(TEXT_BLOCKS)) {
    if (block.closest(SKIPPED) || block.parentElement?.closest(TEXT_BLOCKS)) continue;
    const piece = clean(block.textContent, SIGNAL_LIMITS.text);
    if (!piece) continue;
    text += (text ? ' ' : '') + piece;
    if (text.length >= SIGNAL_LIMITS.text) break;
  }
  const keywords = meta(doc, 'meta[name="keywords" i]')
    .split(/[,;]/)
    .map((k) => k.trim())
    .filter(Boolean)
    .slice(0, SIGNAL_LIMITS.list);
  return {
    url: url.slice(0, 4096),
    lang: clean(doc.documentElement.getAttribute('lang'), 35),
    title: clean(doc.title),
    description: meta(doc, 'meta[name="description" i]'),
    keywords,
    ogTitle: meta(doc, 'meta[property="og:title"]'),
    ogDescription: meta(doc, 'meta[property="og:description"]'),
    h1: texts(doc, 'h1'),
    h2: texts(doc, 'h2'),
    h3: texts(doc, 'h3'),
    text: text.slice(0, SIGNAL_LIMITS.text),
  };
}
