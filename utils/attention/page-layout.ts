import type { Box } from './placement';

/**
 * Points where a fixed bar or floating button would meet a tip: three near each corner (right in
 * it, where a chat button sits, and along the edge where a bar runs) and the middle of the top and
 * bottom edges (full-width headers and footers). Few, because each is a hit test.
 */
function edgePoints(width: number, height: number): [number, number][] {
  const nearCorner: [number, number][] = [
    [12, 12],
    [48, 48],
    [200, 24],
  ];
  const corners = nearCorner.flatMap(([dx, dy]): [number, number][] => [
    [dx, dy],
    [width - dx, dy],
    [dx, height - dy],
    [width - dx, height - dy],
  ]);
  const points: [number, number][] = [...corners, [width / 2, 12], [width / 2, height - 12]];
  return points.map(([x, y]) => [Math.round(x), Math.round(y)]);
}

/**
 * The page's fixed and sticky elements along the viewport's edges (headers, footers, chat
 * buttons, cookie banners), found by hit-testing points along the edges and walking up from the
 * topmost element to a fixed or sticky ancestor. It reads layout, so call it once before the tip
 * is added (and on resize), never per frame and never before there is a tip. `skip` is the tip's
 * own host, if it is on the page already.
 */
export function findFixedBoxes(doc: Document, skip?: Element): Box[] {
  const view = doc.defaultView;
  if (!view) return [];
  const seen = new Set<Element>();
  const boxes: Box[] = [];
  for (const [x, y] of edgePoints(view.innerWidth, view.innerHeight)) {
    // The topmost element only: a fixed bar is on top where it is, and a single hit test is far
    // cheaper than listing the whole stack on a large page.
    for (
      let element = doc.elementFromPoint(x, y);
      element && element !== doc.body && element !== doc.documentElement;
      element = element.parentElement
    ) {
      if (seen.has(element) || element === skip) break;
      seen.add(element);
      const position = view.getComputedStyle(element).position;
      if (position !== 'fixed' && position !== 'sticky') continue;
      const rect = element.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0) boxes.push({ left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom });
      break;
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
