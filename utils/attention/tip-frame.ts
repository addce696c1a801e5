import type { Corner } from './placement';

/*
 * How the tip host on a web page and the tip's frame (an extension page) agree on layout: the host
 * gives the frame its corner and the panel's largest height in the frame's URL hash; the frame
 * reports its size, and keeps `TIP_FRAME_MARGIN` around the tip for its shadow.
 */

/** Room around the tip inside its frame; the host offsets the frame by as much. */
export const TIP_FRAME_MARGIN = 16;

/** The frame URL's hash: `#bottom-right,432`. */
export const tipFrameHash = (corner: Corner, panelMaxHeight: number) => `#${corner},${Math.round(panelMaxHeight)}`;
