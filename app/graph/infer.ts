/**
 * Inference: one pure pass over a document that gives every node its output shape, parameter
 * count, FLOPs and activation memory, every edge the shape it carries, and every problem as a
 * coded sentence attached to its node. It runs on every edit, so it stays near-linear in the
 * graph size (benchmarked in test/bench, not timed in tests).
 *
 * INVARIANT: a problem is reported once, where it starts. A node whose input is unknown because
 * something upstream is broken gets no shape and no problem of its own, so one mistake never
 * paints the whole graph red.
 */
import { findLayer } from '../layers/catalog.ts';
import { defaultParams, withDefaults } from '../layers/params.ts';
import type { ParamValues, ParamSchema } from '../layers/params.ts';
import { elementsPerSample } from '../layers/shape.ts';
import type { Shape } from '../layers/shape.ts';
import type { LayerSpec, ParamCount } from '../layers/spec.ts';
import type { GraphDocument, GraphEdge, GraphNode } from './document.ts';
import { describeLoop, LayerShapeError, problem } from './errors.ts';
import type { Problem } from './errors.ts';
import { checkSharing } from './sharing.ts';
import { findLoops, indexEdges, topologicalOrder } from './topology.ts';

export { indexEdges, topologicalOrder } from './topology.ts';

export interface NodeInference {
  /** Shapes arriving at the node's inputs, in port order (null where upstream is broken). */
  inputShapes: (Shape | null)[];
  /** Null when the node or something upstream has an error. */
  outputShape: Shape | null;
  params: ParamCount;
  flops: number;
  /** Bytes of float32 activations this node's output holds per sample. */
  activationBytes: number;
  problems: Problem[];
}

export interface Inference {
  nodes: Record<string, NodeInference>;
  /** The shape each edge carries, by edge id (null where unknown). */
  edges: Record<string, Shape | null>;
  /** Node ids in a topological order (nodes on cycles are left out). */
  order: string[];
  totals: {
    params: ParamCount & { total: number };
    flops: number;
    activationBytes: number;
  };
  /** Every problem, document-level ones included, errors first. */
  problems: Problem[];
  errorCount: number;
}

const BYTES_PER_FLOAT = 4;
const zeroCount: ParamCount = { trainable: 0, nonTrainable: 0 };

/**
 * W102 thresholds. 200 M weights are 0.8 GB as float32 and about 3.2 GB while training with
 * Adam (weights, gradients and two moments), near what a tfjs backend can allocate; VGG-16's
 * largest layer (103 M) stays below. 256 MiB of activations per sample leaves no room for a batch.
 */
export const largeLayerLimits = { params: 200_000_000, activationBytes: 256 * 1024 * 1024 };

/**
 * Each layer type's defaults, made once: inference fills them in for every node on every edit,
 * and rebuilding them was most of its garbage on big graphs. Frozen, arrays included, because
 * every node's params share them.
 */
const defaultsBySpec = new WeakMap<LayerSpec, Readonly<ParamValues<ParamSchema>>>();

function sharedDefaults(spec: LayerSpec): Readonly<ParamValues<ParamSchema>> {
  let defaults = defaultsBySpec.get(spec);
  if (!defaults) {
    const made = defaultParams(spec.params);
    for (const value of Object.values(made)) if (Array.isArray(value)) Object.freeze(value);
    defaults = Object.freeze(made);
    defaultsBySpec.set(spec, defaults);
  }
  return defaults;
}

/** A node's settings with the catalog defaults filled in; the caller may keep or change them. */
export function nodeParams(spec: LayerSpec, node: GraphNode): ParamValues<ParamSchema> {
  return withDefaults(spec.params, node.params);
}

/**
 * The same settings for inference's own use: shape rules only read them, so the defaults are
 * shared (and frozen, so a rule that wrote to them would fail loudly instead of corrupting
 * every other node's defaults).
 */
function readOnlyParams(spec: LayerSpec, node: GraphNode): ParamValues<ParamSchema> {
  return { ...sharedDefaults(spec), ...node.params };
}

export function inferGraph(doc: GraphDocument): Inference {
  const { incoming, outgoing } = indexEdges(doc);
  const { order, blocked } = topologicalOrder(doc, incoming, outgoing);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const nodes: Record<string, NodeInference> = {};
  for (const node of doc.nodes) {
    nodes[node.id] = {
      inputShapes: [],
      outputShape: null,
      params: zeroCount,
      flops: 0,
      activationBytes: 0,
      problems: [],
    };
  }

  for (const loop of findLoops(blocked, outgoing)) {
    for (const id of loop) {
      nodes[id]?.problems.push(
        problem(
          'E010',
          `This node is on a loop (${describeLoop(loop)}); data must flow one way, from the inputs to the losses.`,
          { node: id },
        ),
      );
    }
  }

  for (const id of order) {
    const node = byId.get(id) as GraphNode;
    const spec = findLayer(node.type);
    if (spec) inferNode(node, spec, incoming.get(id) ?? [], nodes);
  }
  // Sharing compares a node with its owner, which may come later in the order: check it last.
  for (const node of doc.nodes) {
    if (node.shareWeightsWith === undefined) continue;
    const spec = findLayer(node.type);
    const info = nodes[node.id] as NodeInference;
    if (!spec || info.outputShape === null) continue;
    const sharing = checkSharing(node, byId.get(node.shareWeightsWith), spec, nodes);
    if (sharing) info.problems.push(sharing);
  }

  const graphProblems = checkWholeGraph(doc, byId, outgoing, incoming);
  for (const p of graphProblems) if (p.node) nodes[p.node]?.problems.push(p);

  const edges: Record<string, Shape | null> = {};
  for (const edge of doc.edges) edges[edge.id] = nodes[edge.source.node]?.outputShape ?? null;

  let trainable = 0;
  let nonTrainable = 0;
  let flops = 0;
  let activationBytes = 0;
  const problems: Problem[] = graphProblems.filter((p) => !p.node);
  for (const node of doc.nodes) {
    const info = nodes[node.id] as NodeInference;
    trainable += info.params.trainable;
    nonTrainable += info.params.nonTrainable;
    flops += info.flops;
    activationBytes += info.activationBytes;
    problems.push(...info.problems);
  }
  problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return {
    nodes,
    edges,
    order,
    totals: {
      params: { trainable, nonTrainable, total: trainable + nonTrainable },
      flops,
      activationBytes,
    },
    problems,
    errorCount: problems.filter((p) => p.severity === 'error').length,
  };
}

/** Shape, counts and the node's own problems, given that everything upstream is done. */
function inferNode(
  node: GraphNode,
  spec: LayerSpec,
  edgesIn: readonly GraphEdge[],
  nodes: Record<string, NodeInference>,
): void {
  const info = nodes[node.id] as NodeInference;
  const params = readOnlyParams(spec, node);
  info.inputShapes = edgesIn.map((e) => nodes[e.source.node]?.outputShape ?? null);

  const arity = checkArity(spec, edgesIn.length, node.id);
  if (arity) {
    info.problems.push(arity);
    return;
  }
  if (info.inputShapes.some((s) => s === null)) return; // upstream already reported
  const inputs = info.inputShapes as Shape[];
  try {
    info.outputShape = spec.outputShape(inputs, params);
  } catch (err) {
    if (!(err instanceof LayerShapeError)) throw err;
    info.problems.push(problem(err.code, err.message, { node: node.id }));
    return;
  }
  // A node that borrows weights owns none: its owner counts them once.
  if (node.shareWeightsWith === undefined) info.params = spec.countParams(inputs, params);
  info.flops = spec.flops(inputs, info.outputShape, params);
  if (spec.role !== 'loss') {
    info.activationBytes = elementsPerSample(info.outputShape) * BYTES_PER_FLOAT;
  }
  const large = largeLayerWarning(spec, node.id, info);
  if (large) info.problems.push(large);
}

function checkArity(spec: LayerSpec, connected: number, id: string): Problem | null {
  const { min, max } = spec.inputs;
  const are = (n: number) => `${n} ${n === 1 ? 'is' : 'are'} connected`;
  if (connected < min) {
    const want = min === 1 ? 'an input' : `at least ${min} inputs`;
    const have = connected === 0 ? 'none is connected' : `only ${are(connected)}`;
    return problem('E011', `${spec.label} needs ${want}, but ${have}.`, { node: id });
  }
  if (connected > max) {
    const want = max === 0 ? 'no inputs' : max === 1 ? 'one input' : `at most ${max} inputs`;
    return problem('E019', `${spec.label} takes ${want}, but ${are(connected)}.`, { node: id });
  }
  return null;
}

function largeLayerWarning(spec: LayerSpec, id: string, info: NodeInference): Problem | null {
  const weights = info.params.trainable + info.params.nonTrainable;
  if (weights > largeLayerLimits.params) {
    return problem(
      'W102',
      `${spec.label} holds ${weights.toLocaleString('en-US')} parameters (${gigabytes(weights * BYTES_PER_FLOAT)} of weights, about four times that while training); training may not fit in memory.`,
      { node: id },
    );
  }
  if (info.activationBytes > largeLayerLimits.activationBytes) {
    return problem(
      'W102',
      `${spec.label}'s output takes ${gigabytes(info.activationBytes)} per sample; even a small batch may not fit in memory.`,
      { node: id },
    );
  }
  return null;
}

function gigabytes(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** Problems of the graph as a whole: missing inputs or losses, dead branches, loss fan-out. */
function checkWholeGraph(
  doc: GraphDocument,
  byId: Map<string, GraphNode>,
  outgoing: Map<string, GraphEdge[]>,
  incoming: Map<string, GraphEdge[]>,
): Problem[] {
  const problems: Problem[] = [];
  if (doc.nodes.length === 0) return problems;
  const roleOf = (n: GraphNode) => findLayer(n.type)?.role;
  const losses = doc.nodes.filter((n) => roleOf(n) === 'loss');
  if (!doc.nodes.some((n) => roleOf(n) === 'input')) {
    problems.push(
      problem(
        'E015',
        'The network has no Input node: add one from the palette to say what data comes in.',
      ),
    );
  }
  if (losses.length === 0) {
    problems.push(
      problem(
        'E016',
        'The network has no loss node: connect the output to a loss (for example categorical cross-entropy) so it can be trained.',
      ),
    );
    return problems;
  }
  for (const loss of losses) {
    const label = findLayer(loss.type)?.label ?? loss.type;
    for (const edge of outgoing.get(loss.id) ?? []) {
      const target = edge.target.node;
      problems.push(
        problem(
          'E021',
          `${label} closes the graph, so it cannot feed ${target}; connect ${target} to the layer before the loss instead.`,
          { node: loss.id, edge: edge.id },
        ),
      );
    }
    const source = incoming.get(loss.id)?.[0]?.source.node;
    const warning = source ? probabilityWarning(loss, byId.get(source)) : null;
    if (warning) problems.push(warning);
  }
  problems.push(...deadEnds(doc, losses, outgoing, incoming));
  return problems;
}

/**
 * Nodes that never reach a loss would never be trained. Only the loose ends are blamed (a dead
 * branch has at least one node whose output goes nowhere; dead nodes that feed a loop are
 * covered by E010), so a forgotten edge gives one error, not one per node of the branch.
 */
function deadEnds(
  doc: GraphDocument,
  losses: readonly GraphNode[],
  outgoing: Map<string, GraphEdge[]>,
  incoming: Map<string, GraphEdge[]>,
): Problem[] {
  const reached = new Set<string>();
  const stack = losses.map((n) => n.id);
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const edge of incoming.get(id) ?? []) stack.push(edge.source.node);
  }
  const problems: Problem[] = [];
  for (const node of doc.nodes) {
    const spec = findLayer(node.type);
    if (reached.has(node.id) || !spec || (outgoing.get(node.id)?.length ?? 0) > 0) continue;
    problems.push(
      problem(
        'E017',
        `${spec.label} "${node.id}" leads to no loss, so it would never be trained (nor anything that only feeds it); connect its output onward or delete it.`,
        { node: node.id },
      ),
    );
  }
  return problems;
}

/** The activation each probability loss expects on the layer that feeds it. */
const probabilityLosses: Record<string, 'sigmoid' | 'softmax'> = {
  BinaryCrossentropyLoss: 'sigmoid',
  CategoricalCrossentropyLoss: 'softmax',
  SparseCategoricalCrossentropyLoss: 'softmax',
};

function probabilityWarning(loss: GraphNode, source: GraphNode | undefined): Problem | null {
  const want = Object.hasOwn(probabilityLosses, loss.type)
    ? probabilityLosses[loss.type]
    : undefined;
  const spec = source ? findLayer(source.type) : undefined;
  // Only layers with an activation setting can be told to squash; a merge or Flatten is silent.
  if (!want || !source || !spec || !Object.hasOwn(spec.params, 'activation')) return null;
  const actual = readOnlyParams(spec, source).activation;
  if (actual === want) return null;
  return problem(
    'W101',
    `${findLayer(loss.type)?.label ?? loss.type} expects probabilities, but ${source.id} ends in a ${String(actual)} activation; use ${want} there so its outputs lie between 0 and 1.`,
    { node: loss.id },
  );
}
