import { describe, expect, it } from 'vitest';
import { boxAt, choosePlacement, overlaps, type Box, type PlacementInput } from '../placement';

const viewport = { width: 1280, height: 800 };
const size = { width: 300, height: 40 };
const box = (left: number, top: number, right: number, bottom: number): Box => ({ left, top, right, bottom });

const header = box(0, 0, 1280, 64);
const footer = box(0, 744, 1280, 800);
const chatButton = box(1200, 720, 1264, 784);
const leftRail = box(0, 0, 80, 800);

describe('choosePlacement', () => {
  it.each<[string, Partial<PlacementInput>, { corner: string; x: number; y: number }]>([
    ['an empty page: bottom right', {}, { corner: 'bottom-right', x: 16, y: 16 }],
    ['a fixed footer pushes it up', { fixed: [footer] }, { corner: 'bottom-right', x: 16, y: 72 }],
    ['a header alone changes nothing', { fixed: [header] }, { corner: 'bottom-right', x: 16, y: 16 }],
    ['a chat button in the corner pushes it up past the button', { fixed: [chatButton] }, { corner: 'bottom-right', x: 16, y: 96 }],
    ['footer and chat button: past both', { fixed: [footer, chatButton] }, { corner: 'bottom-right', x: 16, y: 96 }],
    ['focus in a field in the bottom right: bottom left', { focused: box(900, 740, 1270, 790) }, { corner: 'bottom-left', x: 16, y: 16 }],
    [
      'focus at the bottom right, a left rail at the bottom left: top right, below the header',
      { fixed: [leftRail, header], focused: box(700, 700, 1280, 800) },
      { corner: 'top-right', x: 16, y: 80 },
    ],
    ['a full-width field across the bottom: top right', { focused: box(0, 700, 1280, 800) }, { corner: 'top-right', x: 16, y: 16 }],
    [
      'a footer taller than half the screen is not climbed over: the next corner',
      { fixed: [box(800, 300, 1280, 800)] },
      { corner: 'bottom-left', x: 16, y: 16 },
    ],
  ])('%s', (_, input, expected) => {
    const placement = choosePlacement({ viewport, size, fixed: [], ...input });
    expect(placement).toEqual(expected);
    // Whatever it chose, the tip never covers the focused element.
    if (input.focused) expect(overlaps(boxAt(placement.corner, placement.x, placement.y, size, viewport), input.focused)).toBe(false);
  });

  it('when every corner has fixed bars, the focused element still stays free', () => {
    const bars = [box(0, 0, 1280, 420), box(0, 420, 1280, 800)];
    const focused = box(900, 740, 1270, 790);
    const placement = choosePlacement({ viewport, size, fixed: bars, focused });
    expect(overlaps(boxAt(placement.corner, placement.x, placement.y, size, viewport), focused)).toBe(false);
  });
});
