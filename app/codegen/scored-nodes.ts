/**
 * The model's outputs as every exporter numbers them: one per loss node, in the document's order
 * of loss nodes (as app/engine/compile.ts orders them), with the loss that scores it.
 */
import { getLayer } from '../layers/catalog.ts';
import type { Shape } from '../layers/shape.ts';
import type { LossSpec } from '../layers/spec.ts';
import type { GraphDocument } from '../graph/document.ts';
import { nodeParams } from '../graph/infer.ts';
import type { Inference } from '../graph/infer.ts';

export interface ScoredNode {
  lossNode: string;
  /** The node whose output the loss scores. */
  node: string;
  loss: LossSpec;
  prediction: Shape;
}

export function scoredNodes(doc: GraphDocument, inference: Inference): ScoredNode[] {
  const sourceOf = new Map(doc.edges.map((e) => [e.target.node, e.source.node]));
  return doc.nodes.flatMap((node) => {
    const spec = getLayer(node.type);
    const source = sourceOf.get(node.id);
    if (spec.role !== 'loss' || !spec.loss || source === undefined) return [];
    return [
      {
        lossNode: node.id,
        node: source,
        loss: spec.loss(nodeParams(spec, node)),
        prediction: inference.nodes[source]?.outputShape ?? [null, null],
      },
    ];
  });
}
