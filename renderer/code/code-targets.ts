/**
 * The code panel's languages: each one's emitter, Monaco language and what its Export button
 * writes. Loaded with the code panel only (the emitters are big); the tab chosen lives in
 * target-store.ts, and the W103 problems it puts on the canvas in shown-problems.ts.
 */
import type { ExportWriteTarget } from '../../app/api/contract.ts';
import type { ExportTarget } from '../../app/codegen/export-problems.ts';
import { emitKerasModel } from '../../app/codegen/keras/model.ts';
import { emitPyTorchModule } from '../../app/codegen/pytorch/module.ts';
import { emitTypeScript } from '../../app/codegen/typescript.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { sameStructure } from '../store/inference.ts';

export interface CodeTarget {
  id: ExportTarget;
  /** The tab's name. */
  label: string;
  /** Says what the code is, above it. */
  title: string;
  language: 'typescript' | 'python';
  /** The file the panel shows. */
  fileName: string;
  emit(doc: GraphDocument): string;
  /** What the panel's Export button writes. */
  exportAs: ExportWriteTarget;
}

export const codeTargets: readonly CodeTarget[] = [
  {
    id: 'typescript',
    label: 'TypeScript',
    title: 'TypeScript · tfjs layers API',
    language: 'typescript',
    fileName: 'model.ts',
    emit: emitTypeScript,
    exportAs: 'typescript-module',
  },
  {
    id: 'keras',
    label: 'Keras',
    title: 'Python · tf.keras functional API',
    language: 'python',
    fileName: 'model.py',
    emit: (doc) => emitKerasModel(doc).source,
    exportAs: 'keras',
  },
  {
    id: 'pytorch',
    label: 'PyTorch',
    title: 'Python · PyTorch nn.Module',
    language: 'python',
    fileName: 'model.py',
    emit: emitPyTorchModule,
    exportAs: 'pytorch',
  },
];

export function codeTarget(id: ExportTarget): CodeTarget {
  return codeTargets.find((t) => t.id === id) ?? (codeTargets[0] as CodeTarget);
}

/** True when two documents differ at most in where their nodes sit, which code never mentions. */
function sameExceptPositions(a: GraphDocument, b: GraphDocument): boolean {
  if (!sameStructure(a, b)) return false;
  if (a.groups !== b.groups || a.metadata !== b.metadata || a.training !== b.training) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return m !== undefined && n.name === m.name && n.group === m.group;
  });
}

const lastCode = new Map<ExportTarget, { doc: GraphDocument; code: string }>();

/**
 * Code for a document in one language, cached per language: a drag or a layout does not
 * regenerate it. A document codegen cannot handle says why instead.
 */
export function codeFor(
  doc: GraphDocument,
  target: ExportTarget,
): { code: string; error: string | null } {
  const last = lastCode.get(target);
  if (last && (last.doc === doc || sameExceptPositions(last.doc, doc))) {
    lastCode.set(target, { doc, code: last.code });
    return { code: last.code, error: null };
  }
  try {
    const code = codeTarget(target).emit(doc);
    lastCode.set(target, { doc, code });
    return { code, error: null };
  } catch (err) {
    return { code: '', error: err instanceof Error ? err.message : String(err) };
  }
}
