/**
 * Writes the PyTorch export to a folder: model.py, train.py and README.md, plus weights.json and
 * weights.bin when trained weights are given. Weights come from a run folder
 * (`<document>.runs/<id>/`, its final weights, else its best) or a tfjs model folder or
 * model.json; they are loaded into the document's model with tfjs first, which checks that they
 * belong to it, then mapped to PyTorch's layouts (app/codegen/pytorch/weights.ts).
 */
import { access, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { exportPyTorchProject } from '../../app/codegen/pytorch/project.ts';
import { exportPyTorchWeights, manifestText } from '../../app/codegen/pytorch/weights.ts';
import { loadTensorflow } from '../../app/engine/backend.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { TrainingError } from '../../app/engine/training-errors.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { loadModelWeights } from '../runs/weights.ts';

export interface PyTorchExportOptions {
  /** A run folder, a tfjs model folder, or a model.json. */
  weights?: string;
}

/** Writes the files and returns their paths. */
export async function writePyTorchExport(
  doc: GraphDocument,
  outDir: string,
  options: PyTorchExportOptions = {},
): Promise<string[]> {
  const { files } = exportPyTorchProject(doc, { withWeights: options.weights !== undefined });
  const written: string[] = [];
  const write = async (name: string, data: string | Uint8Array) => {
    const path = resolve(outDir, name);
    await writeFileAtomic(path, data);
    written.push(path);
  };
  if (options.weights !== undefined) {
    const folder = await weightsFolder(options.weights);
    const { tf } = await loadTensorflow();
    const { model } = compileToLayersModel(tf, doc);
    try {
      await loadModelWeights(tf, folder, model);
      const { manifest, data } = exportPyTorchWeights(model, doc);
      await write(manifest.data, data);
      await write('weights.json', manifestText(manifest));
    } finally {
      model.dispose();
    }
  }
  for (const [name, text] of Object.entries(files)) await write(name, text);
  return written;
}

/** The tfjs weights folder (holding model.json) that `path` names. */
async function weightsFolder(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new TrainingError('E212', `There are no weights at ${path}.`);
  if (info.isFile()) {
    if (basename(path) !== 'model.json') {
      throw new TrainingError('E212', `${path} is not a tfjs model.json or a run folder.`);
    }
    return dirname(path);
  }
  for (const candidate of [path, join(path, 'final'), join(path, 'best')]) {
    if (await exists(join(candidate, 'model.json'))) return candidate;
  }
  throw new TrainingError(
    'E212',
    `${path} holds no model.json, nor final/ or best/ weights of a run.`,
  );
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
