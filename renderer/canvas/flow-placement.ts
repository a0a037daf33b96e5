/**
 * Step 2 of the flow model (see flow-model.ts): where everything sits, every frame of a drag.
 * Frames are sized from what they wrap; a dragged frame or block carries its layers along.
 */
import type { XYPosition } from '@xyflow/react';
import {
  COLLAPSED_NODE_SIZE,
  LAYER_NODE_SIZE,
  frameAround,
  unionBox,
} from '../../app/graph/group-geometry.ts';
import { groupIdOf, groupNodeId } from './flow-model.ts';
import type {
  Box,
  CollapsedFlowNode,
  FlowNode,
  FlowViews,
  FrameFlowNode,
  LayerFlowNode,
  Placed,
  Placement,
} from './flow-model.ts';

/**
 * Positions for every visible thing. `previous` holds last frame's flow nodes so unchanged ones
 * are reused as-is.
 */
export function placeNodes(
  views: FlowViews,
  placement: Placement,
  previous: ReadonlyMap<string, FlowNode>,
): Placed {
  const { doc, groups } = views;
  const selectedNodes = new Set(placement.selection.nodes);
  const selectedGroups = new Set(placement.selection.groups);
  const sizeOf = (rfId: string, fallback: { width: number; height: number }) =>
    placement.measured.get(rfId) ?? fallback;

  const docPositions = new Map(doc.nodes.map((n) => [n.id, n.position]));
  const base = groupBoxes(views, (id) => docPositions.get(id), sizeOf);
  const groupOrigins = new Map<string, XYPosition>();
  for (const [id, box] of base) groupOrigins.set(id, { x: box.x, y: box.y });

  // A dragged frame or block carries its members along by the same delta.
  const deltas = new Map<string, XYPosition>();
  for (const [rfId, at] of placement.dragging) {
    const groupId = groupIdOf(rfId);
    const origin = groupId ? groupOrigins.get(groupId) : undefined;
    if (groupId && origin) deltas.set(groupId, { x: at.x - origin.x, y: at.y - origin.y });
  }
  const positions = new Map<string, XYPosition>();
  for (const node of doc.nodes) {
    const own = placement.dragging.get(node.id);
    if (own) {
      positions.set(node.id, own);
      continue;
    }
    const delta = groups.chainOf(node.group).find((g) => deltas.has(g));
    const d = delta ? deltas.get(delta) : undefined;
    positions.set(
      node.id,
      d ? { x: node.position.x + d.x, y: node.position.y + d.y } : node.position,
    );
  }
  const boxes =
    placement.dragging.size === 0 ? base : groupBoxes(views, (id) => positions.get(id), sizeOf);

  const nodes: FlowNode[] = [];
  const reuse = <N extends FlowNode>(next: N): N => {
    const before = previous.get(next.id);
    if (
      before &&
      before.type === next.type &&
      before.data === next.data &&
      before.selected === next.selected &&
      before.position.x === next.position.x &&
      before.position.y === next.position.y &&
      before.width === next.width &&
      before.height === next.height &&
      before.measured?.width === next.measured?.width &&
      before.measured?.height === next.measured?.height
    )
      return before as N;
    return next;
  };

  // Frames first and lowest, outer frames below inner ones.
  const frames = [...views.frames.values()].sort((a, b) => a.depth - b.depth);
  for (const frame of frames) {
    const box = boxes.get(frame.groupId);
    if (!box) continue;
    const id = groupNodeId(frame.groupId);
    const dragged = placement.dragging.get(id);
    nodes.push(
      reuse<FrameFlowNode>({
        id,
        type: 'frame',
        position: dragged ?? { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        measured: { width: box.width, height: box.height },
        data: frame,
        selected: selectedGroups.has(frame.groupId),
        zIndex: -100 + frame.depth,
        dragHandle: '.group-frame__title',
        connectable: false,
        focusable: false,
      }),
    );
  }
  for (const view of views.collapsed.values()) {
    const box = boxes.get(view.groupId);
    if (!box) continue;
    const id = groupNodeId(view.groupId);
    const measured = placement.measured.get(id);
    nodes.push(
      reuse<CollapsedFlowNode>({
        id,
        type: 'collapsed',
        position: placement.dragging.get(id) ?? { x: box.x, y: box.y },
        data: view,
        selected: selectedGroups.has(view.groupId),
        ...(measured ? { measured } : {}),
      }),
    );
  }
  for (const node of doc.nodes) {
    const view = views.layers.get(node.id);
    if (!view || groups.collapsedOwner(node.group) !== null) continue;
    const measured = placement.measured.get(node.id);
    nodes.push(
      reuse<LayerFlowNode>({
        id: node.id,
        type: 'layer',
        position: positions.get(node.id) ?? node.position,
        data: view,
        selected: selectedNodes.has(node.id),
        ...(measured ? { measured } : {}),
      }),
    );
  }
  return { nodes, groupOrigins };
}

/**
 * The box of every visible group: a collapsed block sits at its members' top-left corner; a
 * frame wraps its direct members and inner groups with room for its title.
 */
function groupBoxes(
  views: FlowViews,
  positionOf: (nodeId: string) => XYPosition | undefined,
  sizeOf: (
    rfId: string,
    fallback: { width: number; height: number },
  ) => {
    width: number;
    height: number;
  },
): Map<string, Box> {
  const { doc, groups } = views;
  const boxes = new Map<string, Box>();
  const children = new Map<string, { nodes: string[]; groups: string[] }>();
  const entry = (g: string) => {
    let e = children.get(g);
    if (!e) {
      e = { nodes: [], groups: [] };
      children.set(g, e);
    }
    return e;
  };
  for (const node of doc.nodes) if (node.group !== undefined) entry(node.group).nodes.push(node.id);
  for (const group of doc.groups)
    if (group.parent !== undefined) entry(group.parent).groups.push(group.id);

  const memberBox = (groupId: string): Box | null => {
    let box: Box | null = null;
    for (const id of groups.members(groupId)) {
      const at = positionOf(id);
      if (at) box = unionBox(box, { x: at.x, y: at.y, ...sizeOf(id, LAYER_NODE_SIZE) });
    }
    return box;
  };

  const visit = (groupId: string): Box | null => {
    const known = boxes.get(groupId);
    if (known) return known;
    if (views.collapsed.has(groupId)) {
      const members = memberBox(groupId);
      if (!members) return null;
      const box = {
        x: members.x,
        y: members.y,
        ...sizeOf(groupNodeId(groupId), COLLAPSED_NODE_SIZE),
      };
      boxes.set(groupId, box);
      return box;
    }
    if (!views.frames.has(groupId)) return null;
    let inner: Box | null = null;
    const mine = children.get(groupId);
    for (const id of mine?.nodes ?? []) {
      const at = positionOf(id);
      if (at) inner = unionBox(inner, { x: at.x, y: at.y, ...sizeOf(id, LAYER_NODE_SIZE) });
    }
    for (const child of mine?.groups ?? []) {
      const box = visit(child);
      if (box) inner = unionBox(inner, box);
    }
    if (!inner) return null;
    const box = frameAround(inner);
    boxes.set(groupId, box);
    return box;
  };
  for (const group of doc.groups) visit(group.id);
  return boxes;
}
