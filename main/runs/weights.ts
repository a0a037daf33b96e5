/**
 * Model weights on disk in tfjs's own format: `model.json` (topology and weights manifest) and
 * `weights.bin`, the layout `tf.loadLayersModel('file://…/model.json')` reads. tfjs's `file://`
 * handler ships only with tfjs-node, so this is a small IOHandler of our own.
 *
 * A folder is replaced whole: the pair is written into a temporary folder, then swapped in by
 * renames, so model.json never points at weights from another save. Between the two renames the
 * folder is briefly absent; readers then take the `.old` copy.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { io, NamedTensorMap } from '@tensorflow/tfjs';
import { TrainingError } from '../../app/engine/training-errors.ts';
import type { LayersModel, Tf } from '../../app/engine/tf.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

export function folderSaveHandler(folder: string): io.IOHandler {
  return {
    save: async (artifacts) => {
      const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
      const temporary = `${folder}.tmp-${tag}`;
      const weights = concatenate(artifacts.weightData);
      await writeFileAtomic(join(temporary, WEIGHTS_FILE), weights);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFileAtomic(join(temporary, MODEL_FILE), JSON.stringify(modelJson));
      const old = `${folder}.old-${tag}`;
      let replaced = false;
      try {
        await rename(folder, old);
        replaced = true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      await rename(temporary, folder);
      if (replaced) await rm(old, { recursive: true, force: true });
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: weights.byteLength,
        },
      };
    },
  };
}

export async function saveModelWeights(model: LayersModel, folder: string): Promise<void> {
  await mkdir(dirname(folder), { recursive: true });
  await model.save(folderSaveHandler(folder));
}

/** The weights saved in a folder, by their tfjs names (`dense/kernel`). */
export async function readModelWeights(tf: Tf, folder: string): Promise<NamedTensorMap> {
  const from = await existingFolder(folder);
  let manifest: io.WeightsManifestConfig;
  try {
    const json = JSON.parse(await readFile(join(from, MODEL_FILE), 'utf8')) as {
      weightsManifest?: io.WeightsManifestConfig;
    };
    if (!Array.isArray(json.weightsManifest)) throw new Error('it has no weightsManifest');
    manifest = json.weightsManifest;
  } catch (err) {
    throw new TrainingError(
      'E212',
      `The saved model ${join(from, MODEL_FILE)} cannot be read: ${(err as Error).message}.`,
    );
  }
  const specs = manifest.flatMap((group) => group.weights);
  const parts: Uint8Array[] = [];
  for (const group of manifest) {
    for (const path of group.paths) parts.push(await readFile(join(from, path)));
  }
  const data = concatenate(
    parts.map((p) => p.buffer.slice(p.byteOffset, p.byteOffset + p.byteLength) as ArrayBuffer),
  );
  try {
    return tf.io.decodeWeights(data.buffer as ArrayBuffer, specs);
  } catch (err) {
    throw new TrainingError(
      'E212',
      `The weights in ${from} do not match their manifest: ${(err as Error).message}.`,
    );
  }
}

/** Puts saved weights into a model built from the same document. */
export async function loadModelWeights(tf: Tf, folder: string, model: LayersModel): Promise<void> {
  const weights = await readModelWeights(tf, folder);
  try {
    model.loadWeights(weights);
  } catch (err) {
    throw new TrainingError(
      'E212',
      `The weights in ${folder} do not fit this model: ${(err as Error).message}.`,
    );
  } finally {
    tf.dispose(Object.values(weights));
  }
}

async function existingFolder(folder: string): Promise<string> {
  try {
    await readdir(folder);
    return folder;
  } catch {
    // Caught between the two renames of a save: the previous copy is complete.
    const siblings = await readdir(dirname(folder)).catch(() => [] as string[]);
    const old = siblings
      .filter((name) => name.startsWith(`${basename(folder)}.old-`))
      .sort()
      .at(-1);
    if (old) return join(dirname(folder), old);
    throw new TrainingError('E212', `There are no saved weights in ${folder}.`);
  }
}

function concatenate(data: ArrayBuffer | ArrayBuffer[] | undefined): Uint8Array {
  const buffers = data === undefined ? [] : Array.isArray(data) ? data : [data];
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const buffer of buffers) {
    out.set(new Uint8Array(buffer), at);
    at += buffer.byteLength;
  }
  return out;
}
