/**
 * The run configuration stored in a document. Everything has a default, so a document without
 * one trains with sensible settings. (Its full use arrives with the training engine.)
 */
import { z } from 'zod';

export const optimizerSchema = z.object({
  type: z.enum(['sgd', 'momentum', 'rmsprop', 'adam', 'adagrad', 'adamax']).default('adam'),
  learningRate: z.number().positive().max(10).default(0.001),
  /** Momentum β for SGD with momentum; decay rate ρ/β for RMSprop. */
  momentum: z.number().min(0).max(1).default(0.9),
  beta1: z.number().min(0).max(1).default(0.9),
  beta2: z.number().min(0).max(1).default(0.999),
  epsilon: z.number().positive().max(1).default(1e-7),
});

export const scheduleSchema = z.object({
  /** inverseTime is the course's α = α0 / (1 + decay · epoch). */
  type: z.enum(['constant', 'inverseTime', 'exponential', 'step']).default('constant'),
  decay: z.number().min(0).max(100).default(0),
  /** For step decay: multiply by `decay` every `everyEpochs`. */
  everyEpochs: z.number().int().min(1).max(10_000).default(10),
});

export const trainingConfigSchema = z.object({
  epochs: z.number().int().min(1).max(100_000).default(10),
  batchSize: z.number().int().min(1).max(1_000_000).default(64),
  optimizer: optimizerSchema.default(optimizerSchema.parse({})),
  schedule: scheduleSchema.default(scheduleSchema.parse({})),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  dataset: z
    .object({
      source: z.enum(['builtin', 'csv', 'images']).default('builtin'),
      name: z.string().max(200).default('mnist'),
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
    })
    .optional(),
  split: z
    .object({
      unit: z.enum(['percent', 'count']).default('percent'),
      dev: z.number().min(0).max(10_000_000).default(10),
      test: z.number().min(0).max(10_000_000).default(10),
    })
    .optional(),
  earlyStopping: z
    .object({
      enabled: z.boolean().default(false),
      monitor: z.string().max(64).default('devLoss'),
      patience: z.number().int().min(0).max(10_000).default(3),
      restoreBest: z.boolean().default(true),
    })
    .optional(),
  metrics: z
    .array(z.enum(['accuracy', 'precision', 'recall', 'f1', 'mae']))
    .max(5)
    .default(['accuracy']),
  normalize: z.boolean().default(false),
});
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;
