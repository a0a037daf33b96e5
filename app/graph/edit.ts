/**
 * Pure edit operations over a graph document. The UI's store wraps them with undo; the CLI,
 * paste and the tests call them directly. Each takes a document and returns a new one, never
 * touching its input, or refuses with a coded problem saying why.
 *
 * INVARIANT: given a document that parseDocument accepts, every successful edit returns one it
 * accepts too (test/unit/document-fuzz.test.ts drives random edit sequences to check this).
 * An edit that changes nothing returns the very same document object, so a store can skip an
 * empty undo step by comparing identities.
 */
import { findLayer } from '../layers/catalog.ts';
import { defaultParams } from '../layers/params.ts';
import type { LayerSpec } from '../layers/spec.ts';
import type { GraphDocument, GraphEdge, GraphNode, ParamValue } from './document.ts';
import { clampPosition, edited, isFinitePosition, omit, overLimit, refuse } from './edit-result.ts';
import type { EditResult, Position, Refused } from './edit-result.ts';
import { edgeIdFor, idBase, IdMaker } from './ids.ts';
import { paramProblem } from './load.ts';
import { reaches } from './topology.ts';

export type { Edited, EditResult, Position, Refused } from './edit-result.ts';
export { groupNodes, setGroupCollapsed, ungroup } from './edit-groups.ts';

/** The longest name a node or group may carry (the document schema's limit). */
export const MAX_NAME_LENGTH = 200;

/** Highest input port a document may hold. */
const MAX_PORT = 1023;

export interface AddNodeOptions {
  /** What the user calls the node; the id is shown when absent. */
  name?: string;
  /** The group the node goes into (a collapsed block the user dropped it in). */
  group?: string;
  /** Settings that differ from the catalog defaults. */
  params?: Readonly<Record<string, ParamValue>>;
}

/** A new node of `type` with the catalog's default settings and a readable id like `conv2d_3`. */
export function addNode(
  doc: GraphDocument,
  type: string,
  position: Position,
  options: AddNodeOptions = {},
): EditResult<{ id: string }> {
  const spec = findLayer(type);
  if (!spec) return refuse('E004', `There is no layer type "${type}" in the catalog.`);
  const full = overLimit(doc, 'nodes');
  if (full) return full;
  if (!isFinitePosition(position)) return refuse('E003', 'A node needs a finite position.');
  if (options.group !== undefined && !doc.groups.some((g) => g.id === options.group)) {
    return refuse('E009', `There is no group "${options.group}" to put the node in.`);
  }
  const id = new IdMaker(doc).next(idBase(type));
  const params: Record<string, ParamValue> = defaultParams(spec.params);
  for (const [key, value] of Object.entries(options.params ?? {})) {
    const why = paramProblem(spec, id, key, value);
    if (why) return refuse('E007', why);
    params[key] = copyValue(value);
  }
  const name = options.name?.trim();
  if (name !== undefined && name.length > MAX_NAME_LENGTH) return nameTooLong();
  const node: GraphNode = {
    id,
    type,
    ...(name ? { name } : {}),
    params,
    position: clampPosition(position),
    ...(options.group !== undefined ? { group: options.group } : {}),
  };
  return edited({ ...doc, nodes: [...doc.nodes, node] }, { id });
}

/** Deletes nodes with their edges; nodes that borrowed weights from them keep their own. */
export function removeNodes(doc: GraphDocument, ids: Iterable<string>): EditResult {
  const existing = new Set(doc.nodes.map((n) => n.id));
  const gone = new Set([...ids].filter((id) => existing.has(id)));
  if (gone.size === 0) return edited(doc, {});
  const nodes = doc.nodes
    .filter((n) => !gone.has(n.id))
    .map((n) =>
      n.shareWeightsWith !== undefined && gone.has(n.shareWeightsWith)
        ? omit(n, 'shareWeightsWith')
        : n,
    );
  const edges = doc.edges.filter((e) => !gone.has(e.source.node) && !gone.has(e.target.node));
  return edited({ ...doc, nodes, edges }, {});
}

/**
 * Wires `source`'s output into `target`. Without a port, the first free input is taken (a merge
 * grows by one). Refuses what could never work: a loop, a loss feeding on, an occupied input.
 */
export function connect(
  doc: GraphDocument,
  source: string,
  target: string,
  port?: number,
): EditResult<{ edgeId: string }> {
  const from = doc.nodes.find((n) => n.id === source);
  const to = doc.nodes.find((n) => n.id === target);
  if (!from || !to) {
    return refuse('E006', `There is no node "${from ? target : source}" to connect.`);
  }
  const fromSpec = findLayer(from.type);
  const toSpec = findLayer(to.type);
  if (!fromSpec || !toSpec) return refuse('E004', 'One of these nodes has an unknown layer type.');
  if (source === target) {
    return refuse('E010', `${toSpec.label} "${target}" cannot feed itself.`, target);
  }
  if (fromSpec.role === 'loss') {
    return refuse(
      'E021',
      `${fromSpec.label} closes the graph, so it cannot feed ${target}; connect the layer before the loss instead.`,
      source,
    );
  }
  const chosen = choosePort(doc, toSpec, target, port);
  if (typeof chosen !== 'number') return chosen;
  const outgoing = new Map<string, GraphEdge[]>();
  for (const edge of doc.edges) {
    const list = outgoing.get(edge.source.node);
    if (list) list.push(edge);
    else outgoing.set(edge.source.node, [edge]);
  }
  if (reaches(target, source, outgoing)) {
    return refuse(
      'E010',
      `Connecting ${source} to ${target} would close a loop, because ${target} already leads to ${source}.`,
      target,
    );
  }
  const full = overLimit(doc, 'edges');
  if (full) return full;
  const edgeId = edgeIdFor(new IdMaker(doc), source, target, chosen);
  const edge: GraphEdge = {
    id: edgeId,
    source: { node: source, port: 0 },
    target: { node: target, port: chosen },
  };
  return edited({ ...doc, edges: [...doc.edges, edge] }, { edgeId });
}

/** The input port to use, or why there is none. */
function choosePort(
  doc: GraphDocument,
  spec: LayerSpec,
  target: string,
  wanted: number | undefined,
): number | Refused {
  const { max } = spec.inputs;
  if (max === 0) return refuse('E019', `${spec.label} takes no inputs.`, target);
  const taken = new Set(
    doc.edges.filter((e) => e.target.node === target).map((e) => e.target.port),
  );
  const limit = Math.min(max - 1, MAX_PORT);
  if (wanted !== undefined) {
    if (!Number.isInteger(wanted) || wanted < 0 || wanted > limit) {
      const have = max === 1 ? 'one input (port 0)' : `inputs 0 to ${limit}`;
      return refuse('E019', `${spec.label} has ${have}; there is no port ${wanted}.`, target);
    }
    if (taken.has(wanted)) {
      return refuse(
        'E019',
        `Input ${wanted} of ${target} is already connected; disconnect it first.`,
        target,
      );
    }
    return wanted;
  }
  for (let p = 0; p <= limit; p++) if (!taken.has(p)) return p;
  const what = max === 1 ? 'its input is' : `all ${limit + 1} of its inputs are`;
  return refuse('E019', `${spec.label} "${target}" is full: ${what} already connected.`, target);
}

export function disconnect(doc: GraphDocument, edgeId: string): EditResult {
  if (!doc.edges.some((e) => e.id === edgeId)) {
    return refuse('E006', `There is no edge "${edgeId}" to remove.`);
  }
  return edited({ ...doc, edges: doc.edges.filter((e) => e.id !== edgeId) }, {});
}

/**
 * Changes some settings of a node; `undefined` puts a setting back to its default. Every value
 * is checked against the catalog first, and the edit is refused as a whole if one is wrong.
 * Nodes that share weights are built from one set of layers, so the change reaches all of them.
 */
export function updateParams(
  doc: GraphDocument,
  nodeId: string,
  patch: Readonly<Record<string, ParamValue | undefined>>,
): EditResult {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return refuse('E006', `There is no node "${nodeId}".`);
  const spec = findLayer(node.type);
  if (!spec) return refuse('E004', `Node "${nodeId}" has an unknown layer type.`, nodeId);
  const entries = Object.entries(patch);
  for (const [key, value] of entries) {
    const why =
      value === undefined
        ? Object.hasOwn(spec.params, key)
          ? null
          : `${spec.label} "${nodeId}" has no parameter "${key}".`
        : paramProblem(spec, nodeId, key, value);
    if (why) return refuse('E007', why, nodeId);
  }
  if (entries.every(([key, value]) => sameParam(node.params[key], value))) return edited(doc, {});
  const owner = node.shareWeightsWith ?? nodeId;
  const inWeightGroup = (n: GraphNode) => n.id === owner || n.shareWeightsWith === owner;
  const nodes = doc.nodes.map((n) => {
    if (!inWeightGroup(n)) return n;
    const params: Record<string, ParamValue> = { ...n.params };
    for (const [key, value] of entries) {
      if (value === undefined) delete params[key];
      else params[key] = copyValue(value);
    }
    return { ...n, params };
  });
  return edited({ ...doc, nodes }, {});
}

/** Moves nodes; positions outside the canvas's range are pulled back to its edge. */
export function moveNodes(
  doc: GraphDocument,
  positions: ReadonlyMap<string, Position> | Readonly<Record<string, Position>>,
): EditResult {
  const lookup = (id: string): Position | undefined => {
    if (isMap(positions)) return positions.get(id);
    return Object.hasOwn(positions, id) ? positions[id] : undefined;
  };
  let changed = false;
  const nodes: GraphNode[] = [];
  for (const n of doc.nodes) {
    const wanted = lookup(n.id);
    if (!wanted) {
      nodes.push(n);
      continue;
    }
    if (!isFinitePosition(wanted)) return refuse('E003', `Node ${n.id} needs a finite position.`);
    const position = clampPosition(wanted);
    changed ||= position.x !== n.position.x || position.y !== n.position.y;
    nodes.push({ ...n, position });
  }
  return changed ? edited({ ...doc, nodes }, {}) : edited(doc, {});
}

/** Names a node (an empty name shows the id again) or a group (which always needs a name). */
export function rename(doc: GraphDocument, id: string, name: string): EditResult {
  const trimmed = name.trim();
  if (trimmed.length > MAX_NAME_LENGTH) return nameTooLong();
  const node = doc.nodes.find((n) => n.id === id);
  if (node) {
    if ((node.name ?? '') === trimmed) return edited(doc, {});
    const nodes = doc.nodes.map((n) => {
      if (n.id !== id) return n;
      return trimmed ? { ...n, name: trimmed } : omit(n, 'name');
    });
    return edited({ ...doc, nodes }, {});
  }
  const group = doc.groups.find((g) => g.id === id);
  if (group) {
    if (!trimmed) return refuse('E003', 'A group needs a name.');
    if (group.name === trimmed) return edited(doc, {});
    const groups = doc.groups.map((g) => (g.id === id ? { ...g, name: trimmed } : g));
    return edited({ ...doc, groups }, {});
  }
  return refuse('E006', `There is no node or group "${id}" to rename.`);
}

/**
 * Makes `nodeId` reuse `ownerId`'s weights (a Siamese twin), or its own again with undefined.
 * The node takes the owner's settings, since the compiler builds both from the owner's layers.
 */
export function setShareWeights(
  doc: GraphDocument,
  nodeId: string,
  ownerId: string | undefined,
): EditResult {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return refuse('E006', `There is no node "${nodeId}".`);
  if (ownerId === undefined) {
    if (node.shareWeightsWith === undefined) return edited(doc, {});
    const nodes = doc.nodes.map((n) => (n.id === nodeId ? omit(n, 'shareWeightsWith') : n));
    return edited({ ...doc, nodes }, {});
  }
  const owner = doc.nodes.find((n) => n.id === ownerId);
  if (!owner) return refuse('E006', `There is no node "${ownerId}" to share weights with.`);
  const spec = findLayer(node.type);
  if (!spec) return refuse('E004', `Node "${nodeId}" has an unknown layer type.`, nodeId);
  const why = sharingRefusal(doc, node, owner, spec);
  if (why) return refuse('E020', why, nodeId);
  const nodes = doc.nodes.map((n) =>
    n.id === nodeId ? { ...n, shareWeightsWith: ownerId, params: copyParams(owner.params) } : n,
  );
  return edited({ ...doc, nodes }, {});
}

function sharingRefusal(
  doc: GraphDocument,
  node: GraphNode,
  owner: GraphNode,
  spec: LayerSpec,
): string | null {
  if (owner.id === node.id) return `${spec.label} "${node.id}" cannot share weights with itself.`;
  if (!spec.weighted) return `${spec.label} has no weights to share.`;
  if (owner.type !== node.type) {
    return `Only layers of one type can share weights, but ${node.id} is a ${node.type} and ${owner.id} is a ${owner.type}.`;
  }
  if (owner.shareWeightsWith !== undefined) {
    return `Node ${owner.id} itself borrows weights from ${owner.shareWeightsWith}; share with that node instead.`;
  }
  const borrowers = doc.nodes.filter((n) => n.shareWeightsWith === node.id).map((n) => n.id);
  if (borrowers.length > 0) {
    return `${borrowers.length === 1 ? 'Node' : 'Nodes'} ${borrowers.join(', ')} already borrow${borrowers.length === 1 ? 's' : ''} weights from ${node.id}; point them at ${owner.id} first.`;
  }
  return null;
}

/**
 * Copies nodes, shifted by `offset`, with the edges among them. A copy of a weight owner is a new
 * owner; a copy of a borrower keeps borrowing from the same owner, or from the owner's copy when
 * the owner was copied too.
 */
export function duplicateNodes(
  doc: GraphDocument,
  ids: Iterable<string>,
  offset: Position,
): EditResult<{ ids: string[] }> {
  if (!isFinitePosition(offset)) return refuse('E003', 'The offset must be finite.');
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const originals = [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
  if (originals.length === 0) return edited(doc, { ids: [] });
  const full = overLimit(doc, 'nodes', originals.length);
  if (full) return full;

  const fresh = new IdMaker(doc);
  const copyOf = new Map(originals.map((n) => [n.id, fresh.next(idBase(n.type))]));
  const copies = originals.map((n): GraphNode => {
    const owner = n.shareWeightsWith;
    return {
      ...n,
      id: copyOf.get(n.id) as string,
      params: copyParams(n.params),
      position: clampPosition({ x: n.position.x + offset.x, y: n.position.y + offset.y }),
      ...(owner !== undefined ? { shareWeightsWith: copyOf.get(owner) ?? owner } : {}),
    };
  });
  const inner = doc.edges.filter((e) => copyOf.has(e.source.node) && copyOf.has(e.target.node));
  const tooManyEdges = overLimit(doc, 'edges', inner.length);
  if (tooManyEdges) return tooManyEdges;
  const newEdges = inner.map((e): GraphEdge => {
    const source = copyOf.get(e.source.node) as string;
    const target = copyOf.get(e.target.node) as string;
    return {
      id: edgeIdFor(fresh, source, target, e.target.port),
      source: { node: source, port: e.source.port },
      target: { node: target, port: e.target.port },
    };
  });
  return edited(
    { ...doc, nodes: [...doc.nodes, ...copies], edges: [...doc.edges, ...newEdges] },
    { ids: [...copyOf.values()] },
  );
}

function isMap<V>(value: ReadonlyMap<string, V> | object): value is ReadonlyMap<string, V> {
  return value instanceof Map;
}

function nameTooLong() {
  return refuse('E003', `A name may be at most ${MAX_NAME_LENGTH} characters long.`);
}

function sameParam(current: ParamValue | undefined, next: ParamValue | undefined): boolean {
  if (Array.isArray(current) && Array.isArray(next)) {
    return current.length === next.length && current.every((v, i) => v === next[i]);
  }
  return current === next;
}

function copyValue(value: ParamValue): ParamValue {
  return Array.isArray(value) ? [...value] : value;
}

function copyParams(params: Readonly<Record<string, ParamValue>>): Record<string, ParamValue> {
  // fromEntries defines own properties, so even a `__proto__` key could not reach a prototype.
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, copyValue(v)]));
}
