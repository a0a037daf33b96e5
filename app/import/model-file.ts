/**
 * What a model file holds, whichever of the formats it is:
 * - Keras's `model.to_json()`: the topology itself, `{ class_name, config, keras_version }`;
 * - the `config.json` inside a Keras 3 `.keras` archive: the same, plus `compile_config`;
 * - a TensorFlow.js `model.json`: `{ modelTopology, weightsManifest, trainingConfig? }`, where the
 *   topology is Keras's JSON (tfjs-layers writes Keras's format) and, from the tfjs converter,
 *   may be wrapped as `{ model_config, training_config }`.
 */
import type { io } from '@tensorflow/tfjs';
import { DocumentError, problem } from '../graph/errors.ts';
import { documentLimits } from '../graph/document.ts';
import { describeValue } from '../graph/schema-problems.ts';

export type Json = Readonly<Record<string, unknown>>;

type WeightsManifestEntry = io.WeightsManifestEntry;

export interface ModelFile {
  format: 'keras' | 'tfjs';
  /** Keras's model JSON: `{ class_name: 'Sequential' | 'Functional' | 'Model', config }`. */
  topology: Json;
  /** Keras's training config (loss, loss_weights, metrics, optimizer_config), when saved. */
  trainingConfig: Json | null;
  /** The weights the file lists, in the order their bytes are stored; empty for Keras JSON. */
  weightSpecs: WeightsManifestEntry[];
  /** The weight files a tfjs model.json names, in order; their bytes are concatenated. */
  weightPaths: string[];
}

export function parseModelFile(text: string): ModelFile {
  if (text.length > documentLimits.bytes) {
    throw new DocumentError([
      problem(
        'E008',
        `The model file is ${(text.length / 1024 / 1024).toFixed(1)} MB; Netwright reads model topologies of at most ${documentLimits.bytes / 1024 / 1024} MB (weights belong in the .bin files beside it).`,
      ),
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    if (err instanceof RangeError) throw notAModel('it is nested far too deeply');
    const reason = err instanceof Error ? err.message : String(err);
    throw new DocumentError([problem('E001', `The model file is not valid JSON: ${reason}.`)]);
  }
  if (!isObject(raw)) throw notAModel(`it holds ${describeValue(raw)}`);

  if (Object.hasOwn(raw, 'modelTopology')) {
    const wrapped = raw.modelTopology;
    if (!isObject(wrapped)) throw notAModel('its modelTopology is not an object');
    // The tfjs converter nests Keras's saved topology as { model_config, training_config }.
    const topology = isObject(wrapped.model_config) ? wrapped.model_config : wrapped;
    const training = raw.trainingConfig ?? wrapped.training_config;
    const manifest = Array.isArray(raw.weightsManifest) ? raw.weightsManifest : [];
    return {
      format: 'tfjs',
      topology: checkTopology(topology),
      trainingConfig: isObject(training) ? training : null,
      weightSpecs: manifest.flatMap((group: unknown) =>
        isObject(group) && Array.isArray(group.weights)
          ? (group.weights as WeightsManifestEntry[])
          : [],
      ),
      weightPaths: manifest.flatMap((group: unknown) =>
        isObject(group) && Array.isArray(group.paths)
          ? group.paths.filter((p): p is string => typeof p === 'string')
          : [],
      ),
    };
  }
  const compile = raw.compile_config ?? raw.training_config;
  return {
    format: 'keras',
    topology: checkTopology(raw),
    trainingConfig: isObject(compile) ? compile : null,
    weightSpecs: [],
    weightPaths: [],
  };
}

function checkTopology(value: Json): Json {
  if (
    typeof value.class_name !== 'string' ||
    (!isObject(value.config) && !Array.isArray(value.config))
  ) {
    throw notAModel('it has no model class_name and config, as Keras writes them');
  }
  if (value.class_name === 'Graph' || value.class_name === 'Container') {
    throw notAModel(
      `its model class ${value.class_name} comes from Keras 1, which Netwright does not read`,
    );
  }
  return value;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notAModel(why: string): DocumentError {
  return new DocumentError([
    problem(
      'E002',
      `The file is not a Keras model JSON (model.to_json()) or a TensorFlow.js model.json: ${why}.`,
    ),
  ]);
}
