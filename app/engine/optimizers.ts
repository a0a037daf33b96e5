/**
 * tfjs optimizers from a run configuration, and the one knob a schedule turns: the learning rate.
 * tfjs has no public setter except on SGD (and momentum, its subclass); Adam, RMSprop, Adagrad and
 * Adamax read their `learningRate` field at every step (tfjs-core optimizers/*.js), so the
 * schedule writes that field. `getConfig().learningRate` reads it back for the reports.
 */
import type { Optimizer } from '@tensorflow/tfjs';
import type { TrainingConfig } from '../graph/training.ts';
import type { Tf } from './tf.ts';

export type { Optimizer };

/** How many values of optimizer state each weight carries (for the memory estimate). */
export const optimizerSlots: Record<TrainingConfig['optimizer']['type'], number> = {
  sgd: 0,
  momentum: 1,
  rmsprop: 1,
  adam: 2,
  adagrad: 1,
  adamax: 2,
};

export function makeOptimizer(tf: Tf, config: TrainingConfig['optimizer']): Optimizer {
  const lr = config.learningRate;
  switch (config.type) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, config.momentum);
    case 'rmsprop':
      return tf.train.rmsprop(lr, config.momentum, 0, config.epsilon);
    case 'adam':
      return tf.train.adam(lr, config.beta1, config.beta2, config.epsilon);
    case 'adagrad':
      return tf.train.adagrad(lr);
    case 'adamax':
      return tf.train.adamax(lr, config.beta1, config.beta2, config.epsilon);
  }
}

export function setLearningRate(optimizer: Optimizer, rate: number): void {
  const sgd = optimizer as Optimizer & { setLearningRate?: (rate: number) => void };
  if (typeof sgd.setLearningRate === 'function') {
    sgd.setLearningRate(rate);
  } else {
    (optimizer as unknown as { learningRate: number }).learningRate = rate;
  }
}

export function learningRateOf(optimizer: Optimizer): number {
  return Number(optimizer.getConfig().learningRate);
}
