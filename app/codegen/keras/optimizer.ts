/**
 * The run's optimizer in Keras, argument for argument as app/engine/optimizers.ts builds it in
 * tfjs. Netwright's `momentum` setting is RMSprop's decay rate ρ, which Keras calls `rho`.
 */
import type { TrainingConfig } from '../../graph/training.ts';
import { pyCall } from './python.ts';
import type { PyCall } from './python.ts';

/** `{ class_name, config }` as Keras writes an optimizer in a training config. */
export function kerasOptimizerJson(config: TrainingConfig): {
  class_name: string;
  config: Record<string, number>;
} {
  const o = config.optimizer;
  const lr = { learning_rate: o.learningRate };
  const betas = { beta_1: o.beta1, beta_2: o.beta2, epsilon: o.epsilon };
  switch (o.type) {
    case 'sgd':
      return { class_name: 'SGD', config: lr };
    case 'momentum':
      return { class_name: 'SGD', config: { ...lr, momentum: o.momentum } };
    case 'rmsprop':
      return { class_name: 'RMSprop', config: { ...lr, rho: o.momentum, epsilon: o.epsilon } };
    case 'adam':
      return { class_name: 'Adam', config: { ...lr, ...betas } };
    case 'adagrad':
      return { class_name: 'Adagrad', config: lr };
    case 'adamax':
      return { class_name: 'Adamax', config: { ...lr, ...betas } };
  }
}

export function kerasOptimizerCall(config: TrainingConfig): PyCall {
  const json = kerasOptimizerJson(config);
  return pyCall(`keras.optimizers.${json.class_name}`, [], Object.entries(json.config));
}
