/**
 * Small document builders for tests: `chain` wires nodes one after another, which covers most
 * cases; anything with branches lists its edges by hand.
 */
import { CURRENT_VERSION, DOCUMENT_FORMAT } from '../../app/graph/document.ts';
import type { GraphDocument, GraphEdge, GraphNode, ParamValue } from '../../app/graph/document.ts';

export type NodeSpec = [id: string, type: string, params?: Record<string, ParamValue>];

export function node(
  id: string,
  type: string,
  params: Record<string, ParamValue> = {},
  extra: Partial<GraphNode> = {},
): GraphNode {
  return { id, type, params, position: { x: 0, y: 0 }, ...extra };
}

export function edge(source: string, target: string, port = 0): GraphEdge {
  return {
    id: `e_${source}_${target}_${port}`,
    source: { node: source, port: 0 },
    target: { node: target, port },
  };
}

export function doc(nodes: GraphNode[], edges: GraphEdge[], title = 'Test'): GraphDocument {
  return {
    format: DOCUMENT_FORMAT,
    version: CURRENT_VERSION,
    metadata: { title },
    nodes,
    edges,
    groups: [],
  };
}

/** A straight line of nodes, each feeding the next. */
export function chain(...specs: NodeSpec[]): GraphDocument {
  const nodes = specs.map(([id, type, params]) => node(id, type, params ?? {}));
  const edges = nodes.slice(1).map((n, i) => edge((nodes[i] as GraphNode).id, n.id));
  return doc(nodes, edges);
}
