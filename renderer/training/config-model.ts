/**
 * The run configuration as the dashboard edits it: what a document trains with when it has no
 * `training` field yet (defaults, with a data set chosen to fit its input), and the pure edit that
 * writes a new configuration into the document. The store wraps the edit with undo.
 */
import type { GraphDocument } from '../../app/graph/document.ts';
import { datasetSchema, trainingConfigSchema } from '../../app/graph/training.ts';
import type { BuiltinDataset, DatasetConfig, TrainingConfig } from '../../app/graph/training.ts';

export const defaultConfig: TrainingConfig = trainingConfigSchema.parse({});

interface InputShape {
  kind: string;
  shape: readonly number[];
}

function inputOf(doc: GraphDocument): InputShape | null {
  const input = doc.nodes.find((n) => n.type === 'Input');
  if (!input) return null;
  const kind = typeof input.params.kind === 'string' ? input.params.kind : 'image';
  const shape = Array.isArray(input.params.shape)
    ? input.params.shape.filter((d): d is number => typeof d === 'number')
    : [28, 28, 1];
  return { kind, shape };
}

/**
 * The built-in data set that fits the graph's input: 2-D points for a 2-feature vector (the
 * course's planar flower), digits for a 28×28 image or 784 features, the sequence task for
 * sequences and tokens. MNIST otherwise, and the pre-flight check says what does not fit.
 */
export function suggestedDataset(doc: GraphDocument): BuiltinDataset {
  const input = inputOf(doc);
  if (!input) return 'mnist';
  const size = input.shape.reduce((a, b) => a * b, 1);
  if (input.kind === 'sequence' || input.kind === 'tokens') return 'sequence';
  if (input.kind === 'vector' && size === 2) return 'planar';
  return 'mnist';
}

/** What a run of this document trains with: its saved settings, defaults for what is missing. */
export function effectiveConfig(doc: GraphDocument): TrainingConfig {
  const saved = doc.training ?? defaultConfig;
  return saved.dataset
    ? saved
    : { ...saved, dataset: datasetSchema.parse({ name: suggestedDataset(doc) }) };
}

/** The document with a new run configuration; the very same document when nothing changed. */
export function withTrainingConfig(doc: GraphDocument, config: TrainingConfig): GraphDocument {
  if (doc.training && sameJson(doc.training, config)) return doc;
  const parsed = trainingConfigSchema.safeParse(config);
  if (!parsed.success) return doc;
  return { ...doc, training: parsed.data };
}

/** A copy of the configuration with one field changed, following a path like `optimizer.beta1`. */
export function setField(config: TrainingConfig, path: string, value: unknown): TrainingConfig {
  const keys = path.split('.');
  const write = (target: Record<string, unknown>, at: number): Record<string, unknown> => {
    const key = keys[at] as string;
    if (at === keys.length - 1) return { ...target, [key]: value };
    const inner = (target[key] ?? {}) as Record<string, unknown>;
    return { ...target, [key]: write(inner, at + 1) };
  };
  return write(config, 0) as unknown as TrainingConfig;
}

export function datasetOf(config: TrainingConfig): DatasetConfig {
  return config.dataset ?? datasetSchema.parse({});
}

/** What a batch size means for the optimizer, in the course's words. */
export function batchSizeHint(batchSize: number, trainSamples: number | null): string {
  if (batchSize === 1) return 'Stochastic gradient descent: one sample per step.';
  if (trainSamples !== null && batchSize >= trainSamples) {
    return `Batch gradient descent: the whole training set (${trainSamples.toLocaleString('en-US')}) per step.`;
  }
  if (trainSamples !== null) {
    const steps = Math.ceil(trainSamples / batchSize);
    return `Mini-batch: ${steps.toLocaleString('en-US')} steps per epoch. 1 = stochastic, ≥ ${trainSamples.toLocaleString('en-US')} = full batch.`;
  }
  return 'Mini-batch. 1 = stochastic gradient descent; the whole set = batch gradient descent.';
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
