/**
 * What the PyTorch export cannot express, as W103 warnings on the nodes concerned (wired into
 * exportProblems, app/codegen/export-problems.ts). Every catalog layer has a PyTorch form today;
 * an entry's `pytorch` may still refuse particular settings, and a loss may lack a Python form.
 */
import type { GraphDocument } from '../../graph/document.ts';
import { problem } from '../../graph/errors.ts';
import type { Problem } from '../../graph/errors.ts';
import { inferGraph, nodeParams } from '../../graph/infer.ts';
import type { Inference } from '../../graph/infer.ts';
import { findLayer } from '../../layers/catalog.ts';
import { pythonLoss } from './losses.ts';

export function pytorchExportProblems(
  doc: GraphDocument,
  inference: Inference = inferGraph(doc),
): Problem[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  return doc.nodes.flatMap((node) => {
    const spec = findLayer(node.type);
    const info = inference.nodes[node.id];
    if (!spec || !info) return [];
    if (spec.role === 'loss' && spec.loss) {
      try {
        pythonLoss(spec.loss(nodeParams(spec, node)));
        return [];
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return [problem('W103', why, { node: node.id })];
      }
    }
    // A node with a shape error already shows that; its export is judged once it is fixed.
    if (spec.role !== 'layer' || info.outputShape === null) return [];
    const owner = byId.get(node.shareWeightsWith ?? node.id) ?? node;
    const exported = spec.pytorch?.(nodeParams(spec, owner), {
      attr: owner.id,
      name: owner.id,
      inputs: info.inputShapes.map((s) => s ?? []),
      output: info.outputShape,
    });
    if (exported && !('unsupported' in exported)) return [];
    const why = exported ? exported.unsupported : 'it has no PyTorch form yet.';
    return [
      problem('W103', `The PyTorch export cannot include this ${spec.label}: ${why}`, {
        node: node.id,
      }),
    ];
  });
}
