/** A box in viewport pixels, as `getBoundingClientRect` gives it. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export type Corner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

/** Where the tip sits: a corner, and its distance from the two edges of that corner. */
export interface Placement {
  corner: Corner;
  /** Distance from the left or right edge. */
  x: number;
  /** Distance from the top or bottom edge. */
  y: number;
}

export interface PlacementInput {
  viewport: { width: number; height: number };
  /** The tip's size when collapsed. */
  size: { width: number; height: number };
  /** The page's fixed or sticky bars (headers, footers, chat buttons, cookie banners). */
  fixed: readonly Box[];
  /** The element the employee is working in, if any. */
  focused?: Box;
  margin?: number;
}

/** Preferred first: bottom right is where people expect such a button and where it disturbs least. */
export const CORNERS: readonly Corner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

/**
 * Finds a corner where the tip covers neither the focused element nor a fixed header, footer or
 * other fixed element. In each corner the tip first moves inward past the fixed elements at that
 * edge (a footer pushes it up); a corner is refused if that takes more than half the height, or if
 * the tip would then cover the focused element. When no corner is free, the focused element wins
 * over the fixed bars.
 *
 * @example choosePlacement({ viewport: { width: 1280, height: 800 }, size: { width: 300, height: 40 }, fixed: [footer] })
 * // { corner: 'bottom-right', x: 16, y: 72 }  (a 56-pixel footer pushes it up)
 */
export function choosePlacement(input: PlacementInput): Placement {
  const { viewport, size, fixed, focused, margin = 16 } = input;
  const tries = CORNERS.map((corner) => ({ corner, ...clearOf(corner) }));
  const free = tries.find((t) => t.fits && !(focused && overlaps(boxAt(t.corner, margin, t.y, size, viewport), focused)));
  if (free) return { corner: free.corner, x: margin, y: free.y };
  // Nothing is free of everything: never cover the focused element, even if that means a fixed bar.
  const notFocused = CORNERS.find((corner) => !(focused && overlaps(boxAt(corner, margin, margin, size, viewport), focused)));
  return { corner: notFocused ?? 'bottom-right', x: margin, y: margin };

  function clearOf(corner: Corner): { y: number; fits: boolean } {
    let y = margin;
    // Each pass moves past one more fixed element; as many passes as there are elements suffice.
    for (let pass = 0; pass <= fixed.length; pass++) {
      const box = boxAt(corner, margin, y, size, viewport);
      const hit = fixed.filter((f) => overlaps(box, f));
      if (hit.length === 0) return { y, fits: y + size.height <= viewport.height / 2 };
      const past = Math.max(...hit.map((f) => (corner.startsWith('bottom') ? viewport.height - f.top : f.bottom)));
      y = Math.max(y + 1, past + margin);
    }
    return { y, fits: false };
  }
}

/** The tip's box when placed in a corner at these distances. */
export function boxAt(
  corner: Corner,
  x: number,
  y: number,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
): Box {
  const left = corner.endsWith('right') ? viewport.width - x - size.width : x;
  const top = corner.startsWith('bottom') ? viewport.height - y - size.height : y;
  return { left, top, right: left + size.width, bottom: top + size.height };
}

export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
