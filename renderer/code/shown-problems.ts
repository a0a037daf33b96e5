/**
 * The problems the canvas, the problems list and the status bar show: inference's, plus what the
 * chosen code target cannot express (W103) on the nodes concerned, so a layer Keras or PyTorch
 * cannot build is marked while it is edited, not discovered at export.
 */
import { useMemo } from 'react';
import { exportProblems } from '../../app/codegen/export-problems.ts';
import type { ExportTarget } from '../../app/codegen/export-problems.ts';
import { pytorchExportProblems } from '../../app/codegen/pytorch/problems.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import type { Problem } from '../../app/graph/errors.ts';
import type { Inference } from '../../app/graph/infer.ts';
import { inferenceOf, sameStructure } from '../store/inference.ts';
import { useCodeTarget } from './target-store.ts';

let lastProblems: { doc: GraphDocument; target: ExportTarget; problems: Problem[] } | null = null;

/** W103 for the target, cached like inference: only the layers, params and wiring matter. */
function exportProblemsOf(doc: GraphDocument, inference: Inference, target: ExportTarget) {
  if (
    lastProblems?.target === target &&
    (lastProblems.doc === doc || sameStructure(lastProblems.doc, doc))
  ) {
    lastProblems = { ...lastProblems, doc };
    return lastProblems.problems;
  }
  // The PyTorch checker reuses the canvas's inference instead of running its own.
  const problems =
    target === 'pytorch' ? pytorchExportProblems(doc, inference) : exportProblems(doc, target);
  lastProblems = { doc, target, problems };
  return problems;
}

const merged = new WeakMap<Inference, { extra: readonly Problem[]; result: Inference }>();

/** Inference with the target's W103s added to their nodes and to the list. */
export function withExportProblems(
  doc: GraphDocument,
  inference: Inference,
  target: ExportTarget,
): Inference {
  const extra = exportProblemsOf(doc, inference, target);
  const known = merged.get(inference);
  if (known?.extra === extra) return known.result;
  const result = addProblems(inference, extra);
  merged.set(inference, { extra, result });
  return result;
}

/**
 * `extra` added to the nodes they name and to the end of the list (after the errors, which come
 * first). Warnings only, so the error count stands. Pure: `inference` is left as it was.
 */
export function addProblems(inference: Inference, extra: readonly Problem[]): Inference {
  if (extra.length === 0) return inference;
  const nodes = { ...inference.nodes };
  for (const p of extra) {
    const info = p.node ? nodes[p.node] : undefined;
    if (info && p.node) nodes[p.node] = { ...info, problems: [...info.problems, p] };
  }
  return { ...inference, nodes, problems: [...inference.problems, ...extra] };
}

/** The document's inference as shown: cached, and recomputed only when the structure changes. */
export function useShownInference(doc: GraphDocument): Inference {
  const target = useCodeTarget();
  return useMemo(() => withExportProblems(doc, inferenceOf(doc), target), [doc, target]);
}
