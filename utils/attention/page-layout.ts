import type { Box } from './placement';

/** Points along the viewport's edges and corners where fixed bars and floating buttons live. */
function edgePoints(width: number, height: number): [number, number][] {
  const xs = [8, width * 0.25, width / 2, width * 0.75, width - 8, width - 60, 60];
  const ys = [8, 40, height - 40, height - 8];
  return xs.flatMap((x) => ys.map((y): [number, number] => [Math.round(x), Math.round(y)]));
}

/**
 * The page's fixed and sticky elements along the viewport's edges (headers, footers, chat
 * buttons, cookie banners), found by asking what is at points along the edges and walking up
 * to a fixed or sticky ancestor. It reads layout, so call it once when the tip mounts (and on
 * resize), never per frame and never before there is a tip. `skip` is the tip's own host.
 */
export function findFixedBoxes(doc: Document, skip?: Element): Box[] {
  const view = doc.defaultView;
  if (!view) return [];
  const seen = new Set<Element>();
  const boxes: Box[] = [];
  for (const [x, y] of edgePoints(view.innerWidth, view.innerHeight)) {
    for (const hit of doc.elementsFromPoint(x, y)) {
      for (let element: Element | null = hit; element && element !== doc.body && element !== doc.documentElement; element = element.parentElement) {
        if (seen.has(element) || element === skip) break;
        seen.add(element);
        const position = view.getComputedStyle(element).position;
        if (position !== 'fixed' && position !== 'sticky') continue;
        const rect = element.getBoundingClientRect();
        if (rect.width > 0 && rect.height > 0) boxes.push({ left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom });
        break;
      }
    }
  }
  return boxes;
}

/** The box of the element the employee is working in, unless it is the page itself or the tip. */
export function focusedBox(doc: Document, skip?: Element): Box | undefined {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  if (!active || active === doc.body || active === doc.documentElement || active === skip) return undefined;
  const rect = active.getBoundingClientRect();
  return rect.width || rect.height ? { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom } : undefined;
}
