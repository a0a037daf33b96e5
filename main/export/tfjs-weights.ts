/**
 * A run's trained weights, written into an export as a TensorFlow.js model: `weights/model.json`
 * and `weights/weights.bin`. The weights are first loaded into the document's own model (the
 * runs' reader, main/runs/weights.ts), which proves they belong to this network; the model then
 * saves itself, and model.json gets what Netwright adds to tfjs's topology (the training config,
 * see app/engine/io/model-json.ts). The exported TypeScript project and Keras's weights.py both
 * read these files.
 */
import { access, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { loadTensorflow } from '../../app/engine/backend.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { MODEL_JSON, WEIGHTS_BIN, modelJsonFor } from '../../app/engine/io/model-json.ts';
import { TrainingError } from '../../app/engine/training-errors.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { loadModelWeights } from '../runs/weights.ts';

/**
 * The folder holding a model.json that `path` names: a run folder (its final weights, else its
 * best), a weights folder, or a model.json itself.
 */
export async function resolveWeightsFolder(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new TrainingError('E212', `There are no weights at ${path}.`);
  if (info.isFile()) {
    if (basename(path) !== MODEL_JSON) {
      throw new TrainingError('E212', `${path} is not a TensorFlow.js model.json or a run folder.`);
    }
    return dirname(path);
  }
  for (const candidate of [path, join(path, 'final'), join(path, 'best')]) {
    const found = await access(join(candidate, MODEL_JSON)).then(
      () => true,
      () => false,
    );
    if (found) return candidate;
  }
  throw new TrainingError(
    'E212',
    `${path} holds no model.json, nor the final/ or best/ weights of a run.`,
  );
}

/** Writes `<folder>/model.json` and `<folder>/weights.bin`; returns their paths. */
export async function writeTfjsWeights(
  doc: GraphDocument,
  weights: string,
  folder: string,
): Promise<string[]> {
  const source = await resolveWeightsFolder(weights);
  const { tf } = await loadTensorflow();
  const { model } = compileToLayersModel(tf, doc);
  try {
    await loadModelWeights(tf, source, model);
    let saved: io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler((artifacts) => {
        saved = artifacts;
        return Promise.resolve({
          modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
        });
      }),
    );
    const artifacts = saved as unknown as io.ModelArtifacts;
    const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []);
    const modelJson = modelJsonFor(doc, artifacts.modelTopology as object, {
      specs: artifacts.weightSpecs ?? [],
      path: `./${WEIGHTS_BIN}`,
    });
    const paths = [join(folder, WEIGHTS_BIN), join(folder, MODEL_JSON)];
    // The weights first: a model.json is never on disk without the bytes it describes.
    await writeFileAtomic(paths[0] as string, new Uint8Array(data));
    await writeFileAtomic(paths[1] as string, JSON.stringify(modelJson));
    return paths;
  } finally {
    model.dispose();
  }
}
