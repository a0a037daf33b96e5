/**
 * `netwright import` and the app's Import: a Keras model JSON or a TensorFlow.js model.json on
 * disk → a graph document (app/import/), and, when the model.json has its weight files beside it,
 * those weights in a folder beside the document (`<name>.weights/`), ready for
 * `netwright export --weights`. The weights are loaded into the imported graph's model before
 * they are written, which proves they fit it.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { loadTensorflow } from '../../app/engine/backend.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { MODEL_JSON, WEIGHTS_BIN, modelJsonFor } from '../../app/engine/io/model-json.ts';
import { serializeDocument } from '../../app/graph/load.ts';
import { importModelText } from '../../app/import/import-model.ts';
import type { ImportedModel } from '../../app/import/import-model.ts';
import { importedWeightSpecs } from '../../app/import/weights.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';

export interface ImportResult extends ImportedModel {
  /** The weight bytes of a model.json, when its files were found. */
  weights: Uint8Array | null;
}

/** Reads and imports the model file; throws DocumentError with coded problems. */
export async function readModelFile(path: string): Promise<ImportResult> {
  const text = await readFile(path, 'utf8');
  const title = basename(path, extname(path)).replace(/^model$/, basename(dirname(resolve(path))));
  const imported = importModelText(text, title);
  const { weightPaths } = imported.file;
  if (weightPaths.length === 0) return { ...imported, weights: null };
  const parts: Uint8Array[] = [];
  for (const name of weightPaths) {
    const file = await readFile(join(dirname(path), name)).catch(() => null);
    if (!file) {
      imported.notes.push(
        `The weight file ${name} is not beside ${basename(path)}; only the topology is imported.`,
      );
      return { ...imported, weights: null };
    }
    parts.push(file);
  }
  const weights = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    weights.set(part, at);
    at += part.byteLength;
  }
  return { ...imported, weights };
}

/** The folder the imported weights go to, beside the document. */
export function weightsFolderFor(documentPath: string): string {
  return documentPath.replace(/(\.nwg)?\.json$/, '') + '.weights';
}

/** Writes the document and, if the model brought weights that fit it, its weights folder. */
export async function writeImport(result: ImportResult, documentPath: string): Promise<string[]> {
  const written = [documentPath];
  await writeFileAtomic(documentPath, serializeDocument(result.doc));
  if (!result.weights) return written;
  const specs = importedWeightSpecs(result.file.weightSpecs, result.nodeIdOfLayer);
  const { tf } = await loadTensorflow();
  const { model } = compileToLayersModel(tf, result.doc);
  try {
    const bytes = result.weights;
    const data = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    const tensors = tf.io.decodeWeights(data, specs);
    model.loadWeights(tensors);
    tf.dispose(Object.values(tensors));
  } catch (err) {
    result.notes.push(
      `The model's weights do not fit the imported graph (${err instanceof Error ? err.message : String(err)}); only the topology is imported.`,
    );
    return written;
  } finally {
    model.dispose();
  }
  const folder = weightsFolderFor(documentPath);
  await writeFileAtomic(join(folder, WEIGHTS_BIN), result.weights);
  const modelJson = modelJsonFor(result.doc, result.file.topology, {
    specs,
    path: `./${WEIGHTS_BIN}`,
  });
  await writeFileAtomic(join(folder, MODEL_JSON), JSON.stringify(modelJson));
  written.push(folder);
  return written;
}
