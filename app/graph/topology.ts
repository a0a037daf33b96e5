/**
 * The shape of the graph itself, shapes of tensors aside: who feeds whom, in which order the
 * nodes can run, and which nodes sit on a loop. Inference, the compiler and the edit operations
 * share these, and all of them stay near-linear so they can run on every edit of a big graph.
 */
import type { GraphDocument, GraphEdge, GraphNode } from './document.ts';

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

/**
 * The loops among `candidates` (the nodes a topological sort could not place): strongly
 * connected components of two or more nodes, or one node feeding itself. Nodes that are merely
 * downstream of a loop are in no component, so a loop is blamed once, not on everything after it.
 * Tarjan's algorithm, iterative so a 5,000-node loop cannot overflow the stack.
 */
export function findLoops(
  candidates: readonly string[],
  outgoing: Map<string, GraphEdge[]>,
): string[][] {
  const inScope = new Set(candidates);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  let counter = 0;

  const successors = (id: string) =>
    (outgoing.get(id) ?? []).map((e) => e.target.node).filter((t) => inScope.has(t));

  for (const root of candidates) {
    if (index.has(root)) continue;
    // Each frame is a node and how far through its successors the walk has gone.
    const frames: { id: string; next: string[]; at: number }[] = [];
    const open = (id: string) => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      frames.push({ id, next: successors(id), at: 0 });
    };
    open(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      if (frame.at < frame.next.length) {
        const to = frame.next[frame.at++] as string;
        if (!index.has(to)) open(to);
        else if (onStack.has(to))
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(to) as number));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) {
        low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      }
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      const feedsItself = frame.next.includes(frame.id);
      if (component.length > 1 || feedsItself) loops.push(component.reverse());
    }
  }
  return loops;
}

/** Whether `to` can be reached from `from` by following edges (iterative, linear). */
export function reaches(
  from: string,
  to: string,
  outgoing: Map<string, readonly GraphEdge[]>,
): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of outgoing.get(id) ?? []) stack.push(edge.target.node);
  }
  return false;
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
