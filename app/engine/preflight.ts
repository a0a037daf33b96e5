/**
 * Before a run starts: how much memory training will take and roughly how long an epoch lasts,
 * from inference's totals, so a person hears "this will not fit" before waiting for it to fail.
 * Memory is weights + gradients + optimizer state (per weight: 0 for SGD, 1 for momentum, RMSprop
 * and Adagrad, 2 for Adam and Adamax) + the activations the backward pass keeps for one batch,
 * counted twice because each also gets a gradient of the same size.
 */
import type { Inference } from '../graph/infer.ts';
import type { BackendInfo, Preflight, TrainingConfig } from '../graph/training.ts';
import { nativeKernelsBuilt } from './kernels/native/addon.ts';
import { optimizerSlots } from './optimizers.ts';
import { warning } from './training-errors.ts';

const BYTES_PER_FLOAT = 4;
/** A backward pass costs about twice the forward one, so training is about 3× forward FLOPs. */
const TRAINING_FLOPS_PER_FORWARD = 3;
/**
 * Typical sustained speeds on a small machine, in FLOP/s: order-of-magnitude figures for an
 * estimate that the measured samples/s replaces after the first batches.
 */
const typicalFlops: Record<BackendInfo['name'], number> = {
  cpu: 2e8,
  wasm: 5e9,
  tensorflow: 2e10,
  'tensorflow-gpu': 2e11,
};
/** WebAssembly with the native kernels (measured ~18 GFLOP/s on LeNet-5, two cores). */
const nativeKernelFlops = 1.5e10;

export function preflight(options: {
  inference: Inference;
  config: Pick<TrainingConfig, 'batchSize' | 'optimizer' | 'earlyStopping'>;
  trainSamples: number;
  devSamples: number;
  backend: BackendInfo['name'];
  /** What the backend can use; null when unknown (a GPU's memory). */
  availableBytes: number | null;
}): Preflight {
  const { inference, config, trainSamples, availableBytes } = options;
  const { params } = inference.totals;
  const batch = Math.min(config.batchSize, Math.max(trainSamples, 1));
  const weightsBytes = params.total * BYTES_PER_FLOAT;
  const gradientsBytes = params.trainable * BYTES_PER_FLOAT;
  const optimizerStateBytes =
    optimizerSlots[config.optimizer.type] * params.trainable * BYTES_PER_FLOAT;
  const activationBytes = 2 * inference.totals.activationBytes * batch;
  const totalBytes = weightsBytes + gradientsBytes + optimizerStateBytes + activationBytes;
  const fits = availableBytes === null || totalBytes <= availableBytes;
  const warnings: string[] = [];
  if (!fits) {
    warnings.push(
      warning(
        'W201',
        `Training needs about ${bytes(totalBytes)} (weights ${bytes(weightsBytes)}, gradients ${bytes(gradientsBytes)}, optimizer state ${bytes(optimizerStateBytes)}, activations for a batch of ${batch}: ${bytes(activationBytes)}) but the ${options.backend} backend can use about ${bytes(availableBytes ?? 0)}. Use a smaller batch size, fewer or narrower layers, or a backend with more memory.`,
      ),
    );
  }
  if (config.earlyStopping?.enabled && options.devSamples === 0) {
    warnings.push(
      warning(
        'W202',
        'Early stopping watches a dev metric, but the dev split is empty; it is off for this run.',
      ),
    );
  }
  const secondsPerEpoch =
    (inference.totals.flops * TRAINING_FLOPS_PER_FORWARD * trainSamples) /
    (options.backend === 'wasm' && nativeKernelsBuilt()
      ? nativeKernelFlops
      : typicalFlops[options.backend]);
  return {
    memory: {
      weightsBytes,
      gradientsBytes,
      optimizerStateBytes,
      activationBytes,
      totalBytes,
      availableBytes,
      fits,
    },
    secondsPerEpoch,
    warnings,
  };
}

function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(n / 1024)} KB`;
}
