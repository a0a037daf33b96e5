/**
 * The document as React Flow sees it, in two steps so that drags stay cheap:
 * 1. `buildViews` (per document structure): what each node, collapsed block and edge says —
 *    labels, shapes, counts, problems, handles. It never looks at positions.
 * 2. `placeNodes` (flow-placement.ts, per frame while dragging): where everything sits, and which group frames wrap
 *    which nodes. Unchanged nodes keep their object identity, so React Flow re-renders only what
 *    moved.
 */
import type { Edge, Node, XYPosition } from '@xyflow/react';
import type { GraphDocument } from '../../app/graph/document.ts';
import type { Problem } from '../../app/graph/errors.ts';
import type { Inference } from '../../app/graph/infer.ts';
import { findLayer } from '../../app/layers/catalog.ts';
import { withDefaults } from '../../app/layers/params.ts';
import type { LayerCategory } from '../../app/layers/spec.ts';
import type { Selection } from '../store/history.ts';
import type { FlowDirection } from '../store/ui-store.ts';
import { formatDims, formatFullShape } from '../ui/format.ts';
import { indexGroups } from './groups.ts';
import type { GroupIndex } from './groups.ts';

// Shared with the template generator, which lays templates out so their frames stay apart.
export { COLLAPSED_NODE_SIZE, FRAME_PAD, LAYER_NODE_SIZE } from '../../app/graph/group-geometry.ts';
export type { Box } from '../../app/graph/group-geometry.ts';

export const groupNodeId = (groupId: string): string => `group:${groupId}`;
export const groupIdOf = (rfId: string): string | null =>
  rfId.startsWith('group:') ? rfId.slice('group:'.length) : null;

export interface ProblemView {
  code: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface LayerView extends Record<string, unknown> {
  id: string;
  type: string;
  label: string;
  category: LayerCategory | 'unknown';
  /** The user's name for the node, when they gave one. */
  name: string | null;
  description: string;
  shape: string;
  fullShape: string;
  params: number;
  problems: readonly ProblemView[];
  worst: 'error' | 'warning' | null;
  /** Input ports to draw as handles, in order; merges get one free port beyond the connected. */
  ports: readonly number[];
  connectedPorts: readonly number[];
  hasOutput: boolean;
  direction: FlowDirection;
  sharesWith: string | null;
}

export interface PortView {
  handle: string;
  shape: string;
}

export interface CollapsedView extends Record<string, unknown> {
  groupId: string;
  name: string;
  layers: number;
  inputs: readonly PortView[];
  outputs: readonly PortView[];
  params: number;
  errors: number;
  direction: FlowDirection;
}

export interface FrameView extends Record<string, unknown> {
  groupId: string;
  name: string;
  layers: number;
  params: number;
  errors: number;
  depth: number;
}

export interface EdgeView extends Record<string, unknown> {
  shape: string;
  fullShape: string;
  problem: string | null;
}

export type LayerFlowNode = Node<LayerView, 'layer'>;
export type CollapsedFlowNode = Node<CollapsedView, 'collapsed'>;
export type FrameFlowNode = Node<FrameView, 'frame'>;
export type FlowNode = LayerFlowNode | CollapsedFlowNode | FrameFlowNode;
export type FlowEdge = Edge<EdgeView, 'shape'>;

/** Everything about the document's look except where things are. */
export interface FlowViews {
  doc: GraphDocument;
  groups: GroupIndex;
  layers: ReadonlyMap<string, LayerView>;
  collapsed: ReadonlyMap<string, CollapsedView>;
  frames: ReadonlyMap<string, FrameView>;
  edges: readonly FlowEdge[];
}

/** Codes whose problem is about what arrives at a node, so its incoming edges are marked too. */
const inputProblemCodes = new Set(['E010', 'E012', 'E013', 'E018', 'E019']);

export function buildViews(
  doc: GraphDocument,
  inference: Inference,
  direction: FlowDirection,
  previous: FlowViews | null,
): FlowViews {
  const groups = indexGroups(doc);
  const connected = new Map<string, number[]>();
  for (const edge of doc.edges) {
    const list = connected.get(edge.target.node);
    if (list) list.push(edge.target.port);
    else connected.set(edge.target.node, [edge.target.port]);
  }

  const layers = new Map<string, LayerView>();
  for (const node of doc.nodes) {
    const spec = findLayer(node.type);
    const info = inference.nodes[node.id];
    const ports = [...(connected.get(node.id) ?? [])].sort((a, b) => a - b);
    const problems = (info?.problems ?? []).map(problemView);
    const view: LayerView = {
      id: node.id,
      type: node.type,
      label: spec?.label ?? node.type,
      category: spec?.category ?? 'unknown',
      name: node.name ?? null,
      description: spec
        ? safeDescribe(() => spec.describe(withDefaults(spec.params, node.params)))
        : '',
      shape: formatDims(info?.outputShape),
      fullShape: formatFullShape(info?.outputShape),
      params: (info?.params.trainable ?? 0) + (info?.params.nonTrainable ?? 0),
      problems,
      worst: problems.some((p) => p.severity === 'error')
        ? 'error'
        : problems.length > 0
          ? 'warning'
          : null,
      ports: spec ? portsFor(spec.inputs, ports) : ports,
      connectedPorts: ports,
      hasOutput: spec?.role !== 'loss',
      direction,
      sharesWith: node.shareWeightsWith ?? null,
    };
    const before = previous?.layers.get(node.id);
    layers.set(node.id, before && sameView(before, view) ? before : view);
  }

  const collapsed = new Map<string, CollapsedView>();
  const frames = new Map<string, FrameView>();
  for (const group of doc.groups) {
    const members = groups.members(group.id);
    const params = members.reduce((sum, id) => sum + (layers.get(id)?.params ?? 0), 0);
    const errors = members.reduce(
      (sum, id) =>
        sum + (layers.get(id)?.problems.filter((p) => p.severity === 'error').length ?? 0),
      0,
    );
    const owner = groups.collapsedOwner(group.id);
    if (owner === group.id) {
      const view = collapsedView(doc, inference, groups, group.id, {
        name: group.name,
        layers: members.length,
        params,
        errors,
        direction,
      });
      const before = previous?.collapsed.get(group.id);
      collapsed.set(group.id, before && sameView(before, view) ? before : view);
    } else if (owner === null) {
      const view: FrameView = {
        groupId: group.id,
        name: group.name,
        layers: members.length,
        params,
        errors,
        depth: groups.depth(group.id),
      };
      const before = previous?.frames.get(group.id);
      frames.set(group.id, before && sameView(before, view) ? before : view);
    }
  }

  const edges = buildEdges(doc, inference, groups, previous);
  return { doc, groups, layers, collapsed, frames, edges };
}

function problemView(p: Problem): ProblemView {
  return { code: p.code, message: p.message, severity: p.severity };
}

function safeDescribe(describe: () => string): string {
  try {
    return describe();
  } catch {
    // A hand-edited param of the wrong kind must not take the canvas down; the loader reports it.
    return '';
  }
}

/**
 * Handles for a node: every port of a fixed-arity layer; for a merge, the connected ports plus
 * one free port (and at least as many as it needs), so there is always somewhere to drop the next.
 */
function portsFor(arity: { min: number; max: number }, connected: readonly number[]): number[] {
  if (arity.max === 0) return [];
  const ports = new Set(connected);
  if (Number.isFinite(arity.max)) {
    for (let p = 0; p < arity.max; p++) ports.add(p);
  } else {
    const wanted = Math.max(arity.min, ports.size + 1);
    for (let p = 0; ports.size < wanted; p++) ports.add(p);
  }
  return [...ports].sort((a, b) => a - b);
}

function collapsedView(
  doc: GraphDocument,
  inference: Inference,
  groups: GroupIndex,
  groupId: string,
  summary: {
    name: string;
    layers: number;
    params: number;
    errors: number;
    direction: FlowDirection;
  },
): CollapsedView {
  const inside = new Set(groups.members(groupId));
  // One handle per tensor crossing the edge: a residual stage takes its input once, though both
  // its main path and its shortcut read it.
  const inputs = new Map<string, PortView>();
  const outputs = new Map<string, PortView>();
  for (const edge of doc.edges) {
    const fromInside = inside.has(edge.source.node);
    const toInside = inside.has(edge.target.node);
    if (!fromInside && toInside) {
      if (!inputs.has(edge.source.node)) {
        inputs.set(edge.source.node, {
          handle: `in-${edge.source.node}`,
          shape: formatDims(inference.edges[edge.id]),
        });
      }
    } else if (fromInside && !toInside && !outputs.has(edge.source.node)) {
      outputs.set(edge.source.node, {
        handle: `out-${edge.source.node}`,
        shape: formatDims(inference.nodes[edge.source.node]?.outputShape),
      });
    }
  }
  return { groupId, inputs: [...inputs.values()], outputs: [...outputs.values()], ...summary };
}

function buildEdges(
  doc: GraphDocument,
  inference: Inference,
  groups: GroupIndex,
  previous: FlowViews | null,
): FlowEdge[] {
  const groupOf = new Map(doc.nodes.map((n) => [n.id, groups.collapsedOwner(n.group)]));
  const previousById = new Map((previous?.edges ?? []).map((e) => [e.id, e]));
  const edges: FlowEdge[] = [];
  const drawn = new Set<string>();
  for (const edge of doc.edges) {
    const sourceGroup = groupOf.get(edge.source.node) ?? null;
    const targetGroup = groupOf.get(edge.target.node) ?? null;
    if (sourceGroup !== null && sourceGroup === targetGroup) continue;
    // Wires into a collapsed block from one source are one tensor: draw it once.
    if (targetGroup !== null) {
      const key = `${edge.source.node}>${targetGroup}`;
      if (drawn.has(key)) continue;
      drawn.add(key);
    }
    const problem = edgeProblem(edge.id, edge.source.node, edge.target.node, inference);
    const shape = inference.edges[edge.id];
    const next: FlowEdge = {
      id: edge.id,
      type: 'shape',
      source: sourceGroup ? groupNodeId(sourceGroup) : edge.source.node,
      sourceHandle: sourceGroup ? `out-${edge.source.node}` : 'out',
      target: targetGroup ? groupNodeId(targetGroup) : edge.target.node,
      targetHandle: targetGroup ? `in-${edge.source.node}` : `in-${edge.target.port}`,
      data: { shape: formatDims(shape), fullShape: formatFullShape(shape), problem },
      className: problem ? 'is-invalid' : undefined,
    };
    const before = previousById.get(edge.id);
    edges.push(before && sameEdge(before, next) ? before : next);
  }
  return edges;
}

function edgeProblem(
  edgeId: string,
  source: string,
  target: string,
  inference: Inference,
): string | null {
  const own = inference.problems.find((p) => p.edge === edgeId && p.severity === 'error');
  if (own) return own.message;
  const atTarget = inference.nodes[target]?.problems.find(
    (p) => p.severity === 'error' && inputProblemCodes.has(p.code),
  );
  if (!atTarget) return null;
  // A loop marks only the edges between nodes that are on it.
  if (atTarget.code === 'E010' && !inference.nodes[source]?.problems.some((p) => p.code === 'E010'))
    return null;
  return atTarget.message;
}

function sameView(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameEdge(a: FlowEdge, b: FlowEdge): boolean {
  return (
    a.source === b.source &&
    a.target === b.target &&
    a.sourceHandle === b.sourceHandle &&
    a.targetHandle === b.targetHandle &&
    a.className === b.className &&
    a.data?.shape === b.data?.shape &&
    a.data?.fullShape === b.data?.fullShape &&
    a.data?.problem === b.data?.problem
  );
}

export interface Placement {
  selection: Selection;
  /** Positions React Flow is dragging right now, by flow node id (not yet in the document). */
  dragging: ReadonlyMap<string, XYPosition>;
  /** Sizes React Flow measured, by flow node id. */
  measured: ReadonlyMap<string, { width: number; height: number }>;
}

export interface Placed {
  nodes: FlowNode[];
  /** Where each group's stand-in or frame sits when nothing is dragged (for drag deltas). */
  groupOrigins: ReadonlyMap<string, XYPosition>;
}
