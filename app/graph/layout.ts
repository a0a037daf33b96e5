/**
 * A layered layout for documents that arrive without positions (an imported Keras or tfjs model):
 * data flows top to bottom, each node one row below its deepest input, so parallel branches
 * share rows and a merge sits below its longest branch. Within a row a node goes where its inputs
 * are (their mean column), pushed right only as far as its neighbours need; a chain stays in one
 * column. Pure and synchronous, so the CLI and tests get the same picture as the app; the canvas
 * can refine it with its own auto-layout (renderer/canvas/layout.ts, ELK).
 */
import type { GraphDocument } from './document.ts';

/** Horizontal distance between columns and vertical distance between rows, in canvas pixels. */
export const LAYOUT_COLUMN_WIDTH = 260;
export const LAYOUT_ROW_HEIGHT = 110;

export function layeredPositions(
  doc: Pick<GraphDocument, 'nodes' | 'edges'>,
): Map<string, { x: number; y: number }> {
  const sources = new Map<string, string[]>();
  for (const edge of [...doc.edges].sort((a, b) => a.target.port - b.target.port)) {
    sources.set(edge.target.node, [...(sources.get(edge.target.node) ?? []), edge.source.node]);
  }
  const known = new Set(doc.nodes.map((n) => n.id));

  // Row: the longest path from a node without inputs. Iterative, so a deep network cannot
  // overflow the stack; a node on a cycle (a broken document) keeps row 0.
  const row = new Map<string, number>();
  const visiting = new Set<string>();
  for (const start of doc.nodes) {
    const stack: { id: string; expanded: boolean }[] = [{ id: start.id, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; expanded: boolean };
      if (row.has(top.id)) {
        stack.pop();
        continue;
      }
      const inputs = (sources.get(top.id) ?? []).filter((s) => known.has(s));
      if (!top.expanded) {
        top.expanded = true;
        visiting.add(top.id);
        for (const s of inputs)
          if (!row.has(s) && !visiting.has(s)) stack.push({ id: s, expanded: false });
        continue;
      }
      stack.pop();
      visiting.delete(top.id);
      row.set(top.id, Math.max(-1, ...inputs.map((s) => row.get(s) ?? -1)) + 1);
    }
  }

  // Columns, row by row: the mean column of the inputs, then spread so no two nodes overlap.
  const rows = new Map<number, string[]>();
  for (const node of doc.nodes) {
    const r = row.get(node.id) ?? 0;
    rows.set(r, [...(rows.get(r) ?? []), node.id]);
  }
  const column = new Map<string, number>();
  let nextFreeStart = 0;
  for (const r of [...rows.keys()].sort((a, b) => a - b)) {
    const wanted = (rows.get(r) ?? []).map((id, order) => {
      const placed = (sources.get(id) ?? []).flatMap((s) => {
        const c = column.get(s);
        return c === undefined ? [] : [c];
      });
      // Nodes without placed inputs (further inputs) start to the right of everything so far.
      const want =
        placed.length > 0 ? placed.reduce((a, b) => a + b, 0) / placed.length : nextFreeStart++;
      return { id, want, order };
    });
    wanted.sort((a, b) => a.want - b.want || a.order - b.order);
    let previous = -Infinity;
    for (const w of wanted) {
      const at = Math.max(w.want, previous + 1);
      column.set(w.id, at);
      previous = at;
      nextFreeStart = Math.max(nextFreeStart, Math.ceil(at) + 1);
    }
  }

  const minColumn = Math.min(0, ...column.values());
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of doc.nodes) {
    positions.set(node.id, {
      x: Math.round(((column.get(node.id) ?? 0) - minColumn) * LAYOUT_COLUMN_WIDTH),
      y: (row.get(node.id) ?? 0) * LAYOUT_ROW_HEIGHT,
    });
  }
  return positions;
}

/** The document with every node placed by {@link layeredPositions}. */
export function withLayeredLayout<D extends Pick<GraphDocument, 'nodes' | 'edges'>>(doc: D): D {
  const positions = layeredPositions(doc);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })),
  };
}
