/**
 * Turns the builder's rows and lanes into canvas positions that read well when a template opens,
 * before anyone runs auto-layout: every group is drawn as a frame around its members (a title bar
 * above, padding around, one more of each per nesting level), and frames must neither overlap
 * each other nor cover a node that is not theirs.
 *
 * Lanes are a fixed width apart. Rows start a fixed height apart, and wherever something at one
 * level ends above something that starts below it too closely (a block's frame and the next
 * block's, an input and the frame it feeds), the gap between those rows grows until they clear.
 * The same goes for an edge's shape label that would sit on a frame's title bar: the label is
 * drawn halfway along its edge, so growing the gap before the frame moves the title down twice as
 * far as the label. Things side by side on the same rows cannot be fixed by spacing rows; the
 * generator must give them lanes far enough apart, and the layout says so.
 */
import {
  FRAME_PAD,
  LAYER_NODE_SIZE,
  frameAround,
  unionBox,
} from '../../app/graph/group-geometry.ts';
import type { Box } from '../../app/graph/group-geometry.ts';

/** Horizontal distance between lanes and the least vertical distance between rows, in pixels. */
export const LANE_WIDTH = 260;
export const ROW_HEIGHT = 110;
/** Free space kept around a frame at its own level, so an edge between two blocks shows. */
export const FRAME_CLEARANCE = 24;
/**
 * Room kept for an edge's shape label (a pill of 11 px monospace text, about 19 px tall, centred
 * halfway along the edge), and the margin kept between it and a title bar.
 */
const LABEL = { width: 100, height: 20, margin: 4 } as const;

export interface Slot {
  id: string;
  /** The node's innermost group. */
  group?: string;
  lane: number;
  row: number;
}

export interface Nesting {
  id: string;
  parent?: string;
}

export interface Wire {
  source: string;
  target: string;
}

/** Room that the gap below row `afterRow` must gain. */
interface Shortfall {
  afterRow: number;
  by: number;
}

/** Something drawn at one nesting level: a node, or a group's frame with everything inside. */
interface Item {
  id: string;
  isFrame: boolean;
  box: Box;
  firstRow: number;
  lastRow: number;
}

/** Positions (top-left corners) by node id. */
export function placeSlots(
  slots: readonly Slot[],
  groups: readonly Nesting[],
  wires: readonly Wire[],
): Map<string, { x: number; y: number }> {
  const minLane = Math.min(...slots.map((s) => s.lane));
  const xOf = (slot: Slot) => Math.round((slot.lane - minLane) * LANE_WIDTH);
  const rows = Math.max(...slots.map((s) => s.row)) + 1;
  /** Extra room below each row, beyond ROW_HEIGHT. */
  const extra = new Array<number>(rows).fill(0);
  const rowTops = () => {
    const tops: number[] = [];
    let y = 0;
    for (let r = 0; r < rows; r++) {
      tops.push(y);
      y += ROW_HEIGHT + (extra[r] ?? 0);
    }
    return tops;
  };

  const bySlot = new Map(slots.map((s) => [s.id, s]));
  // Fix the topmost short gap each pass: growing a gap moves only what is below it, so the
  // gaps above, already fixed, stay fixed (but for labels of long edges, which the next passes
  // see again).
  for (let pass = 0; pass <= 4 * rows; pass++) {
    const tops = rowTops();
    const byLevel = levels(slots, groups, xOf, tops);
    const shortfalls = [
      ...crowding(byLevel),
      ...coveredTitles(
        byLevel.flat().filter((i) => i.isFrame),
        wires,
        bySlot,
        xOf,
        tops,
      ),
    ];
    if (shortfalls.length === 0) {
      return new Map(slots.map((s) => [s.id, { x: xOf(s), y: tops[s.row] ?? 0 }]));
    }
    const afterRow = Math.min(...shortfalls.map((s) => s.afterRow));
    const by = Math.max(...shortfalls.filter((s) => s.afterRow === afterRow).map((s) => s.by));
    extra[afterRow] = (extra[afterRow] ?? 0) + Math.ceil(by);
  }
  throw new Error('Template layout did not settle');
}

/** The items at every nesting level (the top level first), each with its frame or node box. */
function levels(
  slots: readonly Slot[],
  groups: readonly Nesting[],
  xOf: (slot: Slot) => number,
  tops: readonly number[],
): Item[][] {
  const known = new Set(groups.map((g) => g.id));
  const childNodes = new Map<string | null, Slot[]>();
  const childGroups = new Map<string | null, string[]>();
  const push = <T>(map: Map<string | null, T[]>, key: string | null, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const slot of slots) {
    push(childNodes, slot.group !== undefined && known.has(slot.group) ? slot.group : null, slot);
  }
  for (const group of groups) {
    push(
      childGroups,
      group.parent !== undefined && known.has(group.parent) ? group.parent : null,
      group.id,
    );
  }

  const frames = new Map<string, Item>();
  const nodeItem = (slot: Slot): Item => ({
    id: slot.id,
    isFrame: false,
    box: { x: xOf(slot), y: tops[slot.row] ?? 0, ...LAYER_NODE_SIZE },
    firstRow: slot.row,
    lastRow: slot.row,
  });
  const levelOf = (parent: string | null): Item[] => [
    ...(childNodes.get(parent) ?? []).map(nodeItem),
    ...(childGroups.get(parent) ?? []).flatMap((g) => {
      const frame = frameOf(g);
      return frame ? [frame] : [];
    }),
  ];
  // A frame wraps its own nodes and its inner groups' frames, as the canvas draws it.
  const frameOf = (groupId: string): Item | null => {
    const cached = frames.get(groupId);
    if (cached) return cached;
    const inside = levelOf(groupId);
    if (inside.length === 0) return null;
    let inner: Box | null = null;
    for (const item of inside) inner = unionBox(inner, item.box);
    const frame: Item = {
      id: groupId,
      isFrame: true,
      box: frameAround(inner as Box),
      firstRow: Math.min(...inside.map((i) => i.firstRow)),
      lastRow: Math.max(...inside.map((i) => i.lastRow)),
    };
    frames.set(groupId, frame);
    return frame;
  };
  return [null, ...groups.map((g) => g.id)].map(levelOf);
}

/** Where a frame comes too close to something at its level, and how much room that needs. */
function crowding(levels: readonly Item[][]): Shortfall[] {
  const short: Shortfall[] = [];
  for (const items of levels) {
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const a = items[i] as Item;
        const b = items[j] as Item;
        // Nodes keep their distance by lanes and rows alone.
        if (!a.isFrame && !b.isFrame) continue;
        if (clear(a.box, b.box)) continue;
        const [upper, lower] = a.firstRow <= b.firstRow ? [a, b] : [b, a];
        if (upper.lastRow >= lower.firstRow) {
          throw new Error(
            `"${a.id}" and "${b.id}" share rows and their frames meet; give them lanes further apart`,
          );
        }
        short.push({
          afterRow: lower.firstRow - 1,
          by: upper.box.y + upper.box.height + FRAME_CLEARANCE - lower.box.y,
        });
      }
    }
  }
  return short;
}

/**
 * Shape labels that would sit on a frame's title bar. A label above the title's middle is moved
 * clear above it by growing the gap before the frame's first row (the title moves twice as far as
 * the label); one below it, by growing the gap just above the edge's target.
 */
function coveredTitles(
  frames: readonly Item[],
  wires: readonly Wire[],
  bySlot: ReadonlyMap<string, Slot>,
  xOf: (slot: Slot) => number,
  tops: readonly number[],
): Shortfall[] {
  const short: Shortfall[] = [];
  for (const wire of wires) {
    const source = bySlot.get(wire.source);
    const target = bySlot.get(wire.target);
    if (!source || !target || target.row <= source.row) continue;
    // React Flow draws the edge from the source's bottom middle to the target's top middle.
    const fromY = (tops[source.row] ?? 0) + LAYER_NODE_SIZE.height;
    const toY = tops[target.row] ?? 0;
    const label: Box = {
      x: (xOf(source) + xOf(target) + LAYER_NODE_SIZE.width - LABEL.width) / 2,
      y: (fromY + toY - LABEL.height) / 2,
      width: LABEL.width,
      height: LABEL.height,
    };
    for (const frame of frames) {
      const title: Box = { ...frame.box, height: FRAME_PAD.top };
      if (clearBy(label, title, LABEL.margin)) continue;
      const labelMiddle = label.y + label.height / 2;
      if (labelMiddle < title.y + title.height / 2 || target.row - 1 < frame.firstRow) {
        short.push({
          afterRow: frame.firstRow - 1,
          by: 2 * (label.y + label.height + LABEL.margin - title.y),
        });
      } else {
        short.push({
          afterRow: target.row - 1,
          by: 2 * (title.y + title.height + LABEL.margin - label.y),
        });
      }
    }
  }
  return short;
}

function clear(a: Box, b: Box): boolean {
  return clearBy(a, b, FRAME_CLEARANCE);
}

function clearBy(a: Box, b: Box, c: number): boolean {
  return (
    a.x + a.width + c <= b.x ||
    b.x + b.width + c <= a.x ||
    a.y + a.height + c <= b.y ||
    b.y + b.height + c <= a.y
  );
}
