/**
 * Writes the TypeScript project and the Keras export to a folder (`netwright export --lang ts|keras
 * --out <dir> [--weights <run>]`), every file atomically, with a run's weights in `weights/` when
 * asked. The files themselves come from the pure emitters (app/codegen/ts-project, keras).
 */
import { resolve } from 'node:path';
import { emitKerasProject } from '../../app/codegen/keras/index.ts';
import { emitTsProject } from '../../app/codegen/ts-project/index.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { writeTfjsWeights } from './tfjs-weights.ts';

export interface CodeExportOptions {
  /** A run folder, a weights folder or a model.json whose weights go along. */
  weights?: string;
}

type Emit = (
  doc: GraphDocument,
  options: { weights: boolean },
) => { files: Record<string, string> };

async function writeProject(
  emit: Emit,
  doc: GraphDocument,
  outDir: string,
  options: CodeExportOptions,
): Promise<string[]> {
  const { files } = emit(doc, { weights: options.weights !== undefined });
  const written: string[] = [];
  if (options.weights !== undefined) {
    written.push(...(await writeTfjsWeights(doc, options.weights, resolve(outDir, 'weights'))));
  }
  for (const [name, text] of Object.entries(files)) {
    const path = resolve(outDir, name);
    await writeFileAtomic(path, text);
    written.push(path);
  }
  return written;
}

/** package.json, tsconfig.json, src/ and a README: a project to `npm install` and run. */
export function writeTsProjectExport(
  doc: GraphDocument,
  outDir: string,
  options: CodeExportOptions = {},
) {
  return writeProject(emitTsProject, doc, outDir, options);
}

/** model.py, train.py and a README (weights.py with weights). */
export function writeKerasExport(
  doc: GraphDocument,
  outDir: string,
  options: CodeExportOptions = {},
) {
  return writeProject(emitKerasProject, doc, outDir, options);
}
