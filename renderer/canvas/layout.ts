/**
 * Auto-layout with ELK's layered algorithm (the Sugiyama method): layers in flow order, left to
 * right or top to bottom, crossings kept low. Expanded blocks are laid out as compound nodes so
 * a block's layers stay together inside their frame; a collapsed block is one box, and the
 * layers hidden inside it move with it.
 */
import type { XYPosition } from '@xyflow/react';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphDocument } from '../../app/graph/document.ts';
import type { FlowDirection } from '../store/ui-store.ts';
import { COLLAPSED_NODE_SIZE, LAYER_NODE_SIZE, groupNodeId } from './flow-model.ts';
import { indexGroups } from './groups.ts';

/** ELK is a large module: it loads the first time a layout is asked for, not at start. */
let elk: Promise<{ layout(graph: ElkNode): Promise<ElkNode> }> | null = null;
function loadElk() {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK());
  return elk;
}

/** Room inside a block's frame for its title bar; a little more than the frame draws. */
const BLOCK_PADDING = '[top=56,left=32,bottom=32,right=32]';

type Size = { width: number; height: number };

export async function layoutDocument(
  doc: GraphDocument,
  direction: FlowDirection,
  sizeOf: (flowId: string) => Size | undefined,
): Promise<Map<string, XYPosition>> {
  const groups = indexGroups(doc);
  const repOf = (nodeId: string, group: string | undefined): string => {
    const owner = groups.collapsedOwner(group);
    return owner === null ? nodeId : groupNodeId(owner);
  };

  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction === 'LR' ? 'RIGHT' : 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '72',
      'elk.spacing.nodeNode': '36',
      'elk.spacing.componentComponent': '72',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
    },
    children: [],
    edges: [],
  };
  // One ELK compound node per expanded block; collapsed blocks and their insides are one box.
  const containers = new Map<string, ElkNode>();
  const containerFor = (groupId: string | undefined): ElkNode => {
    if (groupId === undefined || groups.collapsedOwner(groupId) !== null) {
      // Inside a collapsed block nothing is laid out on its own; callers never ask for it.
      return root;
    }
    const known = containers.get(groupId);
    if (known) return known;
    const group = groups.byId.get(groupId);
    const node: ElkNode = {
      id: groupNodeId(groupId),
      layoutOptions: { 'elk.padding': BLOCK_PADDING },
      children: [],
    };
    containers.set(groupId, node);
    containerFor(group?.parent).children?.push(node);
    return node;
  };

  const placed = new Set<string>();
  for (const node of doc.nodes) {
    const rep = repOf(node.id, node.group);
    if (placed.has(rep)) continue;
    placed.add(rep);
    if (rep === node.id) {
      const size = sizeOf(node.id) ?? LAYER_NODE_SIZE;
      containerFor(node.group).children?.push({ id: node.id, ...size });
    } else {
      const groupId = rep.slice('group:'.length);
      const size = sizeOf(rep) ?? COLLAPSED_NODE_SIZE;
      containerFor(groups.byId.get(groupId)?.parent).children?.push({ id: rep, ...size });
    }
  }
  const nodeById = new Map(doc.nodes.map((n) => [n.id, n]));
  const edges: ElkExtendedEdge[] = [];
  for (const edge of doc.edges) {
    const source = nodeById.get(edge.source.node);
    const target = nodeById.get(edge.target.node);
    if (!source || !target) continue;
    const from = repOf(source.id, source.group);
    const to = repOf(target.id, target.group);
    if (from === to) continue;
    edges.push({ id: edge.id, sources: [from], targets: [to] });
  }
  root.edges = edges;

  const result = await (await loadElk()).layout(root);
  const absolute = new Map<string, XYPosition>();
  const walk = (node: ElkNode, offset: XYPosition) => {
    for (const child of node.children ?? []) {
      const at = { x: offset.x + (child.x ?? 0), y: offset.y + (child.y ?? 0) };
      absolute.set(child.id, at);
      walk(child, at);
    }
  };
  walk(result, { x: 0, y: 0 });

  // Members of a collapsed block keep their arrangement and move with the block's box.
  const positions = new Map<string, XYPosition>();
  const memberOrigin = new Map<string, XYPosition>();
  for (const node of doc.nodes) {
    const owner = groups.collapsedOwner(node.group);
    if (owner === null) continue;
    const o = memberOrigin.get(owner);
    memberOrigin.set(
      owner,
      o ? { x: Math.min(o.x, node.position.x), y: Math.min(o.y, node.position.y) } : node.position,
    );
  }
  for (const node of doc.nodes) {
    const owner = groups.collapsedOwner(node.group);
    if (owner === null) {
      const at = absolute.get(node.id);
      if (at) positions.set(node.id, round(at));
      continue;
    }
    const box = absolute.get(groupNodeId(owner));
    const origin = memberOrigin.get(owner);
    if (!box || !origin) continue;
    positions.set(
      node.id,
      round({ x: box.x + node.position.x - origin.x, y: box.y + node.position.y - origin.y }),
    );
  }
  return positions;
}

function round(p: XYPosition): XYPosition {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}
