/**
 * Loss nodes and a run configuration from a model file's training config (Keras's
 * `training_config` / `compile_config`, or tfjs's `trainingConfig`). A bare topology has none:
 * the imported graph then has no loss node, and inference reports E016 as for any graph without
 * one, so the learner picks the loss rather than Netwright guessing it.
 */
import { catalog } from '../layers/catalog.ts';
import { normalizedName } from '../layers/keras.ts';
import { className, configOf } from '../layers/keras.ts';
import { defaultParams } from '../layers/params.ts';
import type { LayerSpec } from '../layers/spec.ts';
import type { MetricName, TrainingConfig } from '../graph/training.ts';
import { isObject } from './model-file.ts';
import type { Json } from './model-file.ts';

export interface OutputLoss {
  /** The loss node's catalog type. */
  type: string;
  weight: number;
}

/** `huber_loss`, `Huber`, `huberLoss` → `huber`. */
function lossKey(name: string): string {
  const key = normalizedName(name).replace(/loss$/, '');
  return lossAliases[key] ?? key;
}

const lossAliases: Readonly<Record<string, string>> = {
  mse: 'meansquarederror',
  mae: 'meanabsoluteerror',
};

const lossTypes = new Map<string, LayerSpec>();
for (const entry of catalog) {
  const spec = entry as unknown as LayerSpec;
  if (spec.role !== 'loss' || !spec.loss) continue;
  const { tfjs } = spec.loss(defaultParams(spec.params));
  lossTypes.set(lossKey(typeof tfjs === 'string' ? tfjs : tfjs.fn), spec);
}

/**
 * The loss of each output (in the order of `outputNames`, Keras's output layer names), or null
 * for an output the config does not score with a loss the catalog has; notes say why.
 */
export function outputLosses(
  training: Json,
  outputNames: readonly string[],
  notes: string[],
): (OutputLoss | null)[] {
  const losses = perOutput(training.loss, outputNames);
  const weights = perOutput(training.loss_weights, outputNames);
  return outputNames.map((output, i) => {
    const loss = losses[i];
    if (loss === undefined || loss === null) return null;
    const name = typeof loss === 'string' ? loss : className(loss);
    const spec = name === null ? undefined : lossTypes.get(lossKey(name));
    if (!spec || name === null) {
      notes.push(
        `The loss ${JSON.stringify(loss)} of output "${output}" is not in the catalog, so it has no loss node; connect one yourself.`,
      );
      return null;
    }
    const config = configOf(loss);
    if (config.from_logits === true) {
      notes.push(
        `The loss of output "${output}" reads logits (from_logits), but Netwright's losses read probabilities; end the output in a sigmoid or softmax and connect a loss node.`,
      );
      return null;
    }
    const delta = config.delta;
    if (typeof delta === 'number' && delta !== 1) {
      notes.push(
        `The Huber loss of output "${output}" has delta ${delta}; the catalog's Huber has delta 1, so it has no loss node.`,
      );
      return null;
    }
    const weight = weights[i];
    return { type: spec.type, weight: typeof weight === 'number' ? weight : 1 };
  });
}

/** A setting given once (for all outputs), as a list (in output order) or by output name. */
function perOutput(value: unknown, outputNames: readonly string[]): unknown[] {
  if (value === undefined || value === null) return outputNames.map(() => undefined);
  if (Array.isArray(value)) return outputNames.map((_, i): unknown => (value as unknown[])[i]);
  if (isObject(value) && !('class_name' in value)) return outputNames.map((n) => value[n]);
  return outputNames.map(() => value);
}

/** The parts of a run configuration the training config states: optimizer and metrics. */
export function trainingFrom(training: Json, notes: string[]): Partial<TrainingConfig> {
  const result: Partial<TrainingConfig> = {};
  const optimizer = optimizerFrom(training.optimizer_config ?? training.optimizer);
  if (optimizer) result.optimizer = optimizer;
  else if (training.optimizer_config ?? training.optimizer) {
    notes.push(
      `The optimizer ${JSON.stringify(className(training.optimizer_config ?? training.optimizer) ?? training.optimizer)} is not one Netwright trains with; the run uses Adam.`,
    );
  }
  const metrics = metricsFrom(training.metrics);
  if (metrics.length > 0) result.metrics = metrics;
  return result;
}

type Optimizer = TrainingConfig['optimizer'];

function optimizerFrom(value: unknown): Optimizer | null {
  const name = typeof value === 'string' ? value : className(value);
  if (name === null) return null;
  const config = configOf(value);
  // Keras writes learning_rate and beta_1, tfjs learningRate and beta1.
  const num = (...keys: string[]): number | undefined => {
    for (const key of keys) if (typeof config[key] === 'number') return config[key];
    return undefined;
  };
  const learningRate = num('learning_rate', 'learningRate', 'lr') ?? 0.001;
  const momentum = num('momentum') ?? 0;
  const base = {
    learningRate,
    momentum: 0.9,
    beta1: num('beta_1', 'beta1') ?? 0.9,
    beta2: num('beta_2', 'beta2') ?? 0.999,
    epsilon: num('epsilon') ?? 1e-7,
  };
  switch (normalizedName(name)) {
    case 'sgd':
      return momentum > 0 ? { ...base, type: 'momentum', momentum } : { ...base, type: 'sgd' };
    case 'momentum':
      return { ...base, type: 'momentum', momentum: momentum || 0.9 };
    case 'rmsprop':
      // Netwright's `momentum` holds RMSprop's decay rate ρ (Keras's rho, tfjs's decay).
      return { ...base, type: 'rmsprop', momentum: num('rho', 'decay') ?? 0.9 };
    case 'adam':
      return { ...base, type: 'adam' };
    case 'adagrad':
      return { ...base, type: 'adagrad' };
    case 'adamax':
      return { ...base, type: 'adamax' };
    default:
      return null;
  }
}

const metricKeys: Readonly<Record<string, MetricName>> = {
  accuracy: 'accuracy',
  acc: 'accuracy',
  categoricalaccuracy: 'accuracy',
  binaryaccuracy: 'accuracy',
  sparsecategoricalaccuracy: 'accuracy',
  precision: 'precision',
  recall: 'recall',
  f1score: 'f1',
  mae: 'mae',
  meanabsoluteerror: 'mae',
};

function metricsFrom(value: unknown): MetricName[] {
  const names: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') names.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (isObject(v)) {
      const name = className(v);
      if (name !== null) names.push(name);
      else Object.values(v).forEach(collect);
    }
  };
  collect(value);
  const found = names.flatMap((n) => {
    const metric = metricKeys[normalizedName(n)];
    return metric ? [metric] : [];
  });
  return [...new Set(found)];
}
