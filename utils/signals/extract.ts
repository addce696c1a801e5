import { SIGNAL_LIMITS } from './limits';
import type { PageSignals } from './schema';

/** Elements whose text is navigation, chrome or private input rather than what the page is about. */
const SKIPPED =
  'script,style,noscript,template,svg,nav,header,footer,aside,form,textarea,input,select,[contenteditable],[aria-hidden="true"],[hidden],trailmark-tip';
const TEXT_BLOCK_TAGS = ['h1', 'h2', 'h3', 'h4', 'p', 'li', 'td', 'th', 'dd', 'dt', 'blockquote', 'figcaption', 'pre', 'label', 'summary'];
const TEXT_BLOCKS = TEXT_BLOCK_TAGS.join(',');
const IS_TEXT_BLOCK = new Set(TEXT_BLOCK_TAGS);

const clean = (text: string | null | undefined, max: number = SIGNAL_LIMITS.short) =>
  (text ?? '').replace(/\s+/g, ' ').trim().slice(0, max);

const meta = (doc: Document, selector: string) => clean(doc.querySelector<HTMLMetaElement>(selector)?.content);

/** The texts of one heading level; `getElementsByTagName` is lazy, so a long page is not walked past the cap. */
const texts = (doc: Document, tag: 'h1' | 'h2' | 'h3') => {
  const found: string[] = [];
  for (const element of doc.getElementsByTagName(tag)) {
    if (element.closest(SKIPPED)) continue;
    const text = clean(element.textContent);
    if (text && !found.includes(text)) found.push(text);
    if (found.length >= SIGNAL_LIMITS.list) break;
  }
  return found;
};

/**
 * The text blocks under `root` in document order, outermost only (a block's own text includes its
 * nested ones), leaving out skipped subtrees. A generator, so the walk stops as soon as the text
 * sample is full: on a page with a 30,000-cell table only the first cells are ever visited.
 */
function* textBlocks(root: Element): Generator<Element> {
  // A root inside a skipped element or a text block yields nothing, as its blocks would be skipped or nested.
  if (root.closest(SKIPPED) || root.closest(TEXT_BLOCKS)) return;
  let node = root.firstElementChild;
  while (node) {
    let descend = true;
    if (node.matches(SKIPPED)) descend = false;
    else if (IS_TEXT_BLOCK.has(node.localName)) {
      yield node;
      descend = false;
    }
    if (descend && node.firstElementChild) {
      node = node.firstElementChild;
      continue;
    }
    while (node && node !== root && !node.nextElementSibling) node = node.parentElement;
    node = node && node !== root ? node.nextElementSibling : null;
  }
}

/**
 * Reads the signals of a page. Uses `textContent` only, never `innerText` or layout APIs, so it
 * cannot force a reflow; reads no form fields or editable areas; and walks only as much of the
 * page as the capped sample needs.
 *
 * @example const signals = extractSignals(document, location.href);
 */
export function extractSignals(doc: Document, url: string): PageSignals {
  const main = doc.querySelector('main, [role="main"], article') ?? doc.body ?? doc.documentElement;
  let text = '';
  for (const block of textBlocks(main)) {
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
