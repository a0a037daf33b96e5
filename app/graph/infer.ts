/**
 * Inference: one pure pass over a document that gives every node its output shape, parameter
 * count, FLOPs and activation memory, every edge the shape it carries, and every problem as a
 * coded sentence attached to its node. It runs on every edit, so it stays linear in the graph
 * size (benchmarked in test/bench, not timed in tests).
 */
import { findLayer } from '../layers/catalog.ts';
import { withDefaults } from '../layers/params.ts';
import type { ParamValues, ParamSchema } from '../layers/params.ts';
import { elementsPerSample, formatShape, sameShape } from '../layers/shape.ts';
import type { Shape } from '../layers/shape.ts';
import type { LayerSpec, ParamCount } from '../layers/spec.ts';
import type { GraphDocument, GraphEdge, GraphNode } from './document.ts';
import { LayerShapeError, problem } from './errors.ts';
import type { Problem } from './errors.ts';

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

/** Incoming edges by target node (sorted by port), outgoing edges by source node. */
export function indexEdges(doc: GraphDocument): {
  incoming: Map<string, GraphEdge[]>;
  outgoing: Map<string, GraphEdge[]>;
} {
  const incoming = new Map<string, GraphEdge[]>();
  const outgoing = new Map<string, GraphEdge[]>();
  for (const node of doc.nodes) {
    incoming.set(node.id, []);
    outgoing.set(node.id, []);
  }
  for (const edge of doc.edges) {
    incoming.get(edge.target.node)?.push(edge);
    outgoing.get(edge.source.node)?.push(edge);
  }
  for (const list of incoming.values()) list.sort((a, b) => a.target.port - b.target.port);
  return { incoming, outgoing };
}

/**
 * Kahn's algorithm, always taking the ready node that comes first in the document, so the order
 * (and so generated code) follows the author's layout. Nodes left over sit on or behind a cycle.
 */
export function topologicalOrder(
  doc: GraphDocument,
  incoming: Map<string, GraphEdge[]>,
  outgoing: Map<string, GraphEdge[]>,
): { order: string[]; blocked: string[] } {
  const indexOf = new Map(doc.nodes.map((n, i) => [n.id, i]));
  const pending = new Map<string, number>();
  const ready = new MinHeap();
  doc.nodes.forEach((node, i) => {
    const n = incoming.get(node.id)?.length ?? 0;
    pending.set(node.id, n);
    if (n === 0) ready.push(i);
  });
  const order: string[] = [];
  while (ready.size > 0) {
    const id = (doc.nodes[ready.pop()] as GraphNode).id;
    order.push(id);
    for (const edge of outgoing.get(id) ?? []) {
      const left = (pending.get(edge.target.node) ?? 0) - 1;
      pending.set(edge.target.node, left);
      if (left === 0) ready.push(indexOf.get(edge.target.node) as number);
    }
  }
  const placed = new Set(order);
  return { order, blocked: doc.nodes.filter((n) => !placed.has(n.id)).map((n) => n.id) };
}

/** A binary min-heap of numbers: keeps the topological sort O(n log n) on 5,000-node graphs. */
class MinHeap {
  private items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as number) <= value) break;
      a[i] = a[parent] as number;
      i = parent;
    }
    a[i] = value;
  }
  pop(): number {
    const a = this.items;
    const top = a[0] as number;
    const last = a.pop() as number;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && (a[r] as number) < (a[l] as number) ? r : l;
        if ((a[c] as number) >= last) break;
        a[i] = a[c] as number;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

export function nodeParams(spec: LayerSpec, node: GraphNode): ParamValues<ParamSchema> {
  return withDefaults(spec.params, node.params);
}

export function inferGraph(doc: GraphDocument): Inference {
  const { incoming, outgoing } = indexEdges(doc);
  const { order, blocked } = topologicalOrder(doc, incoming, outgoing);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const nodes: Record<string, NodeInference> = {};
  const emptyInfo = (): NodeInference => ({
    inputShapes: [],
    outputShape: null,
    params: zeroCount,
    flops: 0,
    activationBytes: 0,
    problems: [],
  });
  for (const node of doc.nodes) nodes[node.id] = emptyInfo();

  for (const id of blocked) {
    (nodes[id] as NodeInference).problems.push(
      problem(
        'E010',
        'This node is on a loop (or fed by one): data must flow one way from the inputs to the losses.',
        { node: id },
      ),
    );
  }

  for (const id of order) {
    const node = byId.get(id) as GraphNode;
    const info = nodes[id] as NodeInference;
    const spec = findLayer(node.type);
    if (!spec) continue; // the loader reports unknown types (E004)
    const params = nodeParams(spec, node);
    const edgesIn = incoming.get(id) ?? [];
    info.inputShapes = edgesIn.map((e) => nodes[e.source.node]?.outputShape ?? null);

    const arity = checkArity(spec, edgesIn.length, id);
    if (arity) {
      info.problems.push(arity);
      continue;
    }
    if (info.inputShapes.some((s) => s === null)) continue; // upstream already reported
    const inputs = info.inputShapes as Shape[];
    try {
      info.outputShape = spec.outputShape(inputs, params);
    } catch (err) {
      if (!(err instanceof LayerShapeError)) throw err;
      info.problems.push(problem(err.code, err.message, { node: id }));
      continue;
    }
    if (node.shareWeightsWith !== undefined) {
      const sharing = checkSharing(node, byId.get(node.shareWeightsWith), nodes, spec);
      if (sharing) info.problems.push(sharing);
    } else {
      info.params = spec.countParams(inputs, params);
    }
    info.flops = spec.flops(inputs, info.outputShape, params);
    if (spec.role !== 'loss')
      info.activationBytes = elementsPerSample(info.outputShape) * BYTES_PER_FLOAT;
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

function checkArity(spec: LayerSpec, connected: number, id: string): Problem | null {
  const { min, max } = spec.inputs;
  if (connected < min) {
    const want = min === 1 ? 'an input' : `at least ${min} inputs`;
    const have =
      connected === 0
        ? 'none is connected'
        : `only ${connected} ${connected === 1 ? 'is' : 'are'} connected`;
    return problem('E011', `${spec.label} needs ${want}, but ${have}.`, { node: id });
  }
  if (connected > max) {
    const want = max === 0 ? 'no inputs' : max === 1 ? 'one input' : `at most ${max} inputs`;
    return problem('E019', `${spec.label} takes ${want}, but ${connected} are connected.`, {
      node: id,
    });
  }
  return null;
}

function checkSharing(
  node: GraphNode,
  owner: GraphNode | undefined,
  nodes: Record<string, NodeInference>,
  spec: LayerSpec,
): Problem | null {
  if (!owner) return null; // the loader reports a missing owner (E006)
  if (!spec.weighted) {
    return problem('E020', `${spec.label} has no weights to share.`, { node: node.id });
  }
  if (owner.type !== node.type) {
    return problem(
      'E020',
      `Only layers of one type can share weights, but ${owner.id} is a ${owner.type}.`,
      { node: node.id },
    );
  }
  if (owner.shareWeightsWith !== undefined) {
    return problem(
      'E020',
      `${owner.id} itself borrows weights from ${owner.shareWeightsWith}; share with that node instead.`,
      { node: node.id },
    );
  }
  const mine = nodes[node.id]?.inputShapes[0];
  const theirs = nodes[owner.id]?.inputShapes[0];
  if (mine && theirs && !sameShape(mine, theirs)) {
    return problem(
      'E020',
      `Shared weights need the same input shape: ${formatShape(mine)} here vs ${formatShape(theirs)} at ${owner.id}.`,
      { node: node.id },
    );
  }
  return null;
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
    for (const edge of outgoing.get(loss.id) ?? []) {
      problems.push(
        problem('E021', 'A loss node closes the graph; it cannot feed another node.', {
          node: loss.id,
          edge: edge.id,
        }),
      );
    }
    const source = incoming.get(loss.id)?.[0]?.source.node;
    const warning = source ? probabilityWarning(loss, byId.get(source)) : null;
    if (warning) problems.push(warning);
  }
  // Walk backwards from every loss; what is never reached does not take part in training.
  const reached = new Set<string>();
  const stack = losses.map((n) => n.id);
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const edge of incoming.get(id) ?? []) stack.push(edge.source.node);
  }
  for (const node of doc.nodes) {
    if (!reached.has(node.id) && findLayer(node.type)) {
      problems.push(
        problem(
          'E017',
          'This node does not lead to any loss, so it would never be trained; connect its output onward or delete it.',
          { node: node.id },
        ),
      );
    }
  }
  return problems;
}

const probabilityLosses: Record<string, string> = {
  BinaryCrossentropyLoss: 'sigmoid',
  CategoricalCrossentropyLoss: 'softmax',
  SparseCategoricalCrossentropyLoss: 'softmax',
};

function probabilityWarning(loss: GraphNode, source: GraphNode | undefined): Problem | null {
  const want = probabilityLosses[loss.type];
  if (!want || !source) return null;
  const activation = source.params.activation;
  const spec = findLayer(source.type);
  if (!spec || !('activation' in spec.params)) return null;
  const actual = typeof activation === 'string' ? activation : spec.params.activation?.default;
  if (
    actual === want ||
    (want === 'softmax' && actual === 'sigmoid' && loss.type === 'BinaryCrossentropyLoss')
  )
    return null;
  return problem(
    'W101',
    `${findLayer(loss.type)?.label ?? loss.type} expects probabilities, but ${source.id} ends in ${String(actual)}; use a ${want} activation there.`,
    { node: loss.id },
  );
}
