/**
 * What each export target cannot express, as coded warnings (W103) on the nodes concerned, so the
 * canvas shows them while the network is edited instead of an export failing later. Pure and
 * cheap (no inference), so the renderer can ask on every edit: `exportProblems(doc, 'keras')`.
 * A target adds its checker to `checkers`.
 */
import type { GraphDocument } from '../graph/document.ts';
import { problem } from '../graph/errors.ts';
import type { Problem } from '../graph/errors.ts';
import { nodeParams } from '../graph/infer.ts';
import { findLayer } from '../layers/catalog.ts';
import { lossPlan } from '../engine/losses.ts';
import { kerasCallsFor } from './keras/layers.ts';
import { pytorchExportProblems } from './pytorch/problems.ts';

/** Nodes Keras cannot build: Netwright's own tfjs layers without a Keras form (spec.ts `keras`). */
function kerasProblems(doc: GraphDocument): Problem[] {
  return doc.nodes.flatMap((node) => {
    const spec = findLayer(node.type);
    if (!spec || spec.role !== 'layer') return [];
    const layers = kerasCallsFor(spec, nodeParams(spec, node), node.id);
    if (layers.ok) return [];
    return [
      problem(
        'W103',
        `${spec.label} is built with Netwright's own tfjs layer "${layers.tfjsLayer}", which has no Keras equivalent; the Keras export cannot include it.`,
        { node: node.id },
      ),
    ];
  });
}

/** Loss nodes tfjs cannot weight (app/engine/losses.ts says which and why). */
function typescriptProblems(doc: GraphDocument): Problem[] {
  return doc.nodes.flatMap((node) => {
    const spec = findLayer(node.type);
    if (!spec?.loss) return [];
    try {
      lossPlan(spec.loss(nodeParams(spec, node)));
      return [];
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return [
        problem('W103', `The TypeScript export cannot weight this loss: ${why}`, { node: node.id }),
      ];
    }
  });
}

const checkers = {
  typescript: typescriptProblems,
  keras: kerasProblems,
  pytorch: (doc: GraphDocument) => pytorchExportProblems(doc),
} as const satisfies Record<string, (doc: GraphDocument) => Problem[]>;

export type ExportTarget = keyof typeof checkers;
export const exportTargets = Object.keys(checkers) as ExportTarget[];

export function exportProblems(doc: GraphDocument, target: ExportTarget): Problem[] {
  return checkers[target](doc);
}
