/**
 * The run configuration stored in a document, and what a run reports while and after it trains.
 * Everything has a default, so a document without a configuration trains with sensible settings.
 * This file stays pure (no tfjs, no Node): the renderer reads the same types the engine writes.
 */
import { z } from 'zod';

export const optimizerTypes = ['sgd', 'momentum', 'rmsprop', 'adam', 'adagrad', 'adamax'] as const;
export type OptimizerType = (typeof optimizerTypes)[number];

export const optimizerSchema = z.object({
  type: z.enum(optimizerTypes).default('adam'),
  learningRate: z.number().positive().max(10).default(0.001),
  /** Momentum β for SGD with momentum; decay rate ρ/β for RMSprop. */
  momentum: z.number().min(0).max(1).default(0.9),
  beta1: z.number().min(0).max(1).default(0.9),
  beta2: z.number().min(0).max(1).default(0.999),
  epsilon: z.number().positive().max(1).default(1e-7),
});

/**
 * How the learning rate changes from epoch to epoch; `epoch` counts from 0, so the first epoch
 * always trains at the configured rate α0:
 * - constant: α0
 * - inverseTime: α0 / (1 + decay · epoch) (the course's learning-rate decay)
 * - exponential: α0 · factor^epoch
 * - step: α0 · factor^⌊epoch / everyEpochs⌋
 */
export const scheduleSchema = z.object({
  type: z.enum(['constant', 'inverseTime', 'exponential', 'step']).default('constant'),
  decay: z.number().min(0).max(100).default(0),
  /** The per-epoch (exponential) or per-step (step) multiplier. */
  factor: z.number().positive().max(1).default(0.95),
  everyEpochs: z.number().int().min(1).max(10_000).default(10),
});
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

export const datasetSources = ['builtin', 'csv', 'images'] as const;
export const builtinDatasets = [
  'mnist',
  'planar',
  'moons',
  'circles',
  'spirals',
  'xor',
  'sequence',
] as const;
export type BuiltinDataset = (typeof builtinDatasets)[number];

export const datasetSchema = z.object({
  source: z.enum(datasetSources).default('builtin'),
  /** A built-in data set's name (see `builtinDatasets`); ignored for csv and images. */
  name: z.string().max(200).default('mnist'),
  /** The CSV file or the image folder, for the csv and images sources. */
  path: z.string().max(4096).optional(),
  /** At most this many samples from each part (a quick run); all when absent. */
  limit: z.number().int().min(1).max(100_000_000).optional(),
  /**
   * Source-specific settings. CSV: `label`, `features`, `categorical`, `delimiter`, `missing`
   * ('error' | 'drop'). Generators: `count`, `noise`; sequence: `length`, `vocabulary`, `task`.
   */
  options: z
    .record(
      z.string().max(64),
      z.union([
        z.string().max(1000),
        z.number(),
        z.boolean(),
        z.array(z.string().max(200)).max(1000),
      ]),
    )
    .default({}),
});
export type DatasetConfig = z.infer<typeof datasetSchema>;

/**
 * Dev and test sizes; the training split gets the rest. With `percent`, sizes are rounded to whole
 * samples; with `count`, they are exact (10,000 each is typical for big data). A data set with its
 * own test set (MNIST) takes only the dev part from the training pool.
 */
export const splitSchema = z.object({
  unit: z.enum(['percent', 'count']).default('percent'),
  dev: z.number().min(0).max(10_000_000).default(10),
  test: z.number().min(0).max(10_000_000).default(10),
});
export type SplitConfig = z.infer<typeof splitSchema>;

export const monitoredMetrics = [
  'devLoss',
  'devAccuracy',
  'devPrecision',
  'devRecall',
  'devF1',
  'devMae',
] as const;
export type MonitoredMetric = (typeof monitoredMetrics)[number];

export const earlyStoppingSchema = z.object({
  enabled: z.boolean().default(false),
  monitor: z.enum(monitoredMetrics).default('devLoss'),
  /**
   * Stop after this many epochs in a row without improvement (Keras's `patience`, so 0 and 1 both
   * stop at the first epoch that does not improve).
   */
  patience: z.number().int().min(0).max(10_000).default(3),
  /** Hand back the weights of the best epoch instead of the last one. */
  restoreBest: z.boolean().default(true),
});

/** Image augmentation, applied to training batches only, fresh for every epoch. */
export const augmentationSchema = z.object({
  flipHorizontal: z.boolean().default(false),
  flipVertical: z.boolean().default(false),
  /** Largest shift in pixels, in each direction; the uncovered border is zero. */
  shift: z.number().int().min(0).max(256).default(0),
  /** Standard deviation of Gaussian noise added to every value (after normalization). */
  noise: z.number().min(0).max(10).default(0),
});
export type AugmentationConfig = z.infer<typeof augmentationSchema>;

export const metricNames = ['accuracy', 'precision', 'recall', 'f1', 'mae'] as const;
export type MetricName = (typeof metricNames)[number];

export const trainingConfigSchema = z.object({
  epochs: z.number().int().min(1).max(100_000).default(10),
  /** 1 is stochastic gradient descent; the training set size or more is batch gradient descent. */
  batchSize: z.number().int().min(1).max(1_000_000).default(64),
  optimizer: optimizerSchema.default(optimizerSchema.parse({})),
  schedule: scheduleSchema.default(scheduleSchema.parse({})),
  /** Seeds the shuffle, the split, the generators and augmentation. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  dataset: datasetSchema.optional(),
  split: splitSchema.optional(),
  earlyStopping: earlyStoppingSchema.optional(),
  metrics: z.array(z.enum(metricNames)).max(5).default(['accuracy']),
  /** Standardize each feature (last axis) with mean and deviation fitted on the training split. */
  normalize: z.boolean().default(false),
  augmentation: augmentationSchema.optional(),
});
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;

// ————— What a run reports —————

/** Metric values by name; absent where a metric does not apply (accuracy of a regression). */
export type MetricValues = Partial<Record<MetricName, number>>;

/** Which backend trains the run and why it was chosen (shown in the UI and the CLI). */
export interface BackendInfo {
  name: 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
  reason: string;
}

export interface MemoryEstimate {
  weightsBytes: number;
  gradientsBytes: number;
  optimizerStateBytes: number;
  /** Activations kept for the backward pass, for one batch. */
  activationBytes: number;
  totalBytes: number;
  /** What the backend can use, when known. */
  availableBytes: number | null;
  fits: boolean;
}

export interface Preflight {
  memory: MemoryEstimate;
  /** A rough figure from FLOPs and the backend's typical speed; the live ETA replaces it. */
  secondsPerEpoch: number;
  /** Coded warnings (W2xx) a person should read before waiting for the run. */
  warnings: string[];
}

export interface EpochRecord {
  /** Counts from 1. */
  epoch: number;
  loss: number;
  metrics: MetricValues;
  devLoss?: number;
  devMetrics?: MetricValues;
  learningRate: number;
  seconds: number;
  samplesPerSecond: number;
}

export type TrainingEvent =
  | {
      type: 'start';
      backend: BackendInfo;
      preflight: Preflight;
      samples: { train: number; dev: number; test: number };
      batchesPerEpoch: number;
      epochs: number;
    }
  | {
      type: 'batch';
      epoch: number;
      /** Counts from 1 within the epoch. */
      batch: number;
      batchesPerEpoch: number;
      loss: number;
      metrics: MetricValues;
      learningRate: number;
      samplesPerSecond: number;
      etaSeconds: number;
    }
  | { type: 'epoch'; record: EpochRecord; etaSeconds: number }
  | { type: 'test'; loss: number; metrics: MetricValues };

export type RunStatus = 'completed' | 'stopped' | 'early-stopped' | 'diverged';

/** How a run ended; what the worker sends back and what a run directory's summary holds. */
export interface RunSummary {
  status: RunStatus;
  epochs: EpochRecord[];
  /** The epoch (from 1) with the best monitored dev metric, when there was a dev split. */
  bestEpoch: number | null;
  test: { loss: number; metrics: MetricValues } | null;
  backend: BackendInfo;
  /** For a diverged run: the coded message, with where it happened and what to try. */
  problem?: { code: string; message: string; epoch: number; batch: number };
  /** Coded warnings (W2xx) from while it trained, such as a training thread that stopped. */
  warnings?: string[];
}
