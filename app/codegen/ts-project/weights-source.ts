/**
 * `src/weights.ts` of the exported TypeScript project: saving and loading weights in TensorFlow.js
 * format (model.json + weights.bin) with node:fs. tfjs's own `file://` handler ships only with
 * tfjs-node, which needs native TensorFlow; this small IOHandler needs nothing but Node.
 */
export const tsWeightsModule = `/**
 * Weights on disk in TensorFlow.js format: model.json (topology and weights manifest) and
 * weights.bin, the files Netwright saves for a run and tf.loadLayersModel reads.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export async function saveWeights(model: tf.LayersModel, folder: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'weights.bin'), new Uint8Array(data));
      const manifest = [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs ?? [] }];
      const modelJson = { modelTopology: artifacts.modelTopology, format: artifacts.format, weightsManifest: manifest };
      writeFileSync(join(folder, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/** Puts the weights saved in a folder into a model built by buildModel(). */
export function loadWeights(model: tf.LayersModel, folder: string): void {
  const modelJson = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const groups = modelJson.weightsManifest;
  const bytes = groups.flatMap((group) => group.paths.map((path) => readFileSync(join(folder, path))));
  const data = tf.io.CompositeArrayBuffer.join(bytes.map((b) => new Uint8Array(b).buffer));
  const weights = tf.io.decodeWeights(data, groups.flatMap((group) => group.weights));
  model.loadWeights(weights);
  tf.dispose(Object.values(weights));
}
`;
