/**
 * Inference for the canvas, kept off the hot path: results are cached by document identity, and
 * a document that differs only in positions, names or groups (a drag, a rename, a layout) reuses
 * the previous result, since none of those change a shape, a count or a problem.
 */
import type { GraphDocument } from '../../app/graph/document.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import type { Inference } from '../../app/graph/infer.ts';

let last: { doc: GraphDocument; inference: Inference } | null = null;

export function inferenceOf(doc: GraphDocument): Inference {
  if (last && (last.doc === doc || sameStructure(last.doc, doc))) {
    last = { doc, inference: last.inference };
    return last.inference;
  }
  const inference = inferGraph(doc);
  last = { doc, inference };
  return inference;
}

/** True when the two documents have the same layers, params, sharing and wiring. */
export function sameStructure(a: GraphDocument, b: GraphDocument): boolean {
  if (a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i];
    const y = b.nodes[i];
    if (x === y) continue;
    if (
      !x ||
      !y ||
      x.id !== y.id ||
      x.type !== y.type ||
      x.params !== y.params ||
      x.shareWeightsWith !== y.shareWeightsWith
    )
      return false;
  }
  if (a.edges === b.edges) return true;
  for (let i = 0; i < a.edges.length; i++) {
    const x = a.edges[i];
    const y = b.edges[i];
    if (x === y) continue;
    if (
      !x ||
      !y ||
      x.id !== y.id ||
      x.source.node !== y.source.node ||
      x.source.port !== y.source.port ||
      x.target.node !== y.target.node ||
      x.target.port !== y.target.port
    )
      return false;
  }
  return true;
}
