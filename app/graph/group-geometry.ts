/**
 * How big things are on the canvas, and how a group's frame wraps what it holds. The canvas draws
 * with these numbers, and the template generator lays templates out with them, so a template opens
 * with its frames clear of each other; it lives here, free of React, so both can import it.
 */

/** A layer node as the canvas draws it (the canvas measures the real one; this is its size). */
export const LAYER_NODE_SIZE = { width: 232, height: 84 } as const;
/** A collapsed block. */
export const COLLAPSED_NODE_SIZE = { width: 272, height: 96 } as const;
/** Room a frame leaves around what it wraps: the top holds the title bar. */
export const FRAME_PAD = { side: 14, top: 32, bottom: 14 } as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest box holding both; `a` may be null for "nothing yet". */
export function unionBox(a: Box | null, b: Box): Box {
  if (!a) return { ...b };
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/** A frame around `inner`, the union of its direct member nodes and inner groups' boxes. */
export function frameAround(inner: Box): Box {
  return {
    x: inner.x - FRAME_PAD.side,
    y: inner.y - FRAME_PAD.top,
    width: inner.width + 2 * FRAME_PAD.side,
    height: inner.height + FRAME_PAD.top + FRAME_PAD.bottom,
  };
}
