/**
 * The catalog's losses (LossSpec, keyed by tfjs's loss name) as Python functions for train.py,
 * computed as Keras and tfjs compute them: probabilities clipped to [ε, 1 − ε] before a log
 * (the model outputs probabilities, as in the app), each loss averaged over samples and positions.
 */
import type { Shape } from '../../layers/shape.ts';
import type { LossSpec } from '../../layers/spec.ts';

/** What a loss's labels look like, for the data docs and the random smoke-test data. */
export type LabelKind =
  /** Class numbers (one-hot is accepted too). */
  | 'classes'
  /** 0 or 1 per output value. */
  | 'binary'
  /** −1 or 1 per output value. */
  | 'signs'
  /** Real numbers shaped like the prediction. */
  | 'values';

export interface PythonLoss {
  /** The Python function's name. */
  name: string;
  source: string;
  labels: LabelKind;
  /** How accuracy is measured for this output, if at all. */
  accuracy: 'classes' | 'binary' | null;
}

const epsilonNote =
  '# Keras clips probabilities to [ε, 1 − ε] before taking a log.\nEPSILON = 1e-7';

const losses: Record<string, PythonLoss> = {
  categoricalCrossentropy: {
    name: 'categorical_crossentropy',
    labels: 'classes',
    accuracy: 'classes',
    source: `def categorical_crossentropy(prediction, target):
    """−Σ y·log ŷ over the classes; class numbers are turned into one-hot rows first."""
    if target.dim() < prediction.dim():
        target = F.one_hot(target.long(), prediction.shape[-1]).to(prediction.dtype)
    log_p = prediction.clamp(EPSILON, 1 - EPSILON).log()
    return -(target * log_p).sum(dim=-1).mean()`,
  },
  sparseCategoricalCrossentropy: {
    name: 'sparse_categorical_crossentropy',
    labels: 'classes',
    accuracy: 'classes',
    source: `def sparse_categorical_crossentropy(prediction, target):
    """−log ŷ of the true class, from class numbers."""
    log_p = prediction.clamp(EPSILON, 1 - EPSILON).log()
    return F.nll_loss(log_p.reshape(-1, log_p.shape[-1]), target.reshape(-1).long())`,
  },
  binaryCrossentropy: {
    name: 'binary_crossentropy',
    labels: 'binary',
    accuracy: 'binary',
    source: `def binary_crossentropy(prediction, target):
    """−(y·log ŷ + (1 − y)·log(1 − ŷ)) per output value."""
    return F.binary_cross_entropy(prediction.clamp(EPSILON, 1 - EPSILON), target.to(prediction.dtype))`,
  },
  meanSquaredError: {
    name: 'mean_squared_error',
    labels: 'values',
    accuracy: null,
    source: `def mean_squared_error(prediction, target):
    return F.mse_loss(prediction, target.to(prediction.dtype))`,
  },
  meanAbsoluteError: {
    name: 'mean_absolute_error',
    labels: 'values',
    accuracy: null,
    source: `def mean_absolute_error(prediction, target):
    return F.l1_loss(prediction, target.to(prediction.dtype))`,
  },
  huberLoss: {
    name: 'huber',
    labels: 'values',
    accuracy: null,
    source: `def huber(prediction, target, delta=1.0):
    """Squared error below delta, absolute error above it."""
    return F.huber_loss(prediction, target.to(prediction.dtype), delta=delta)`,
  },
  hinge: {
    name: 'hinge',
    labels: 'signs',
    accuracy: null,
    source: `def hinge(prediction, target):
    """max(0, 1 − y·ŷ), for labels of −1 and 1 (as tfjs, which does not convert 0/1 labels)."""
    return torch.relu(1 - target.to(prediction.dtype) * prediction).mean()`,
  },
};

export function pythonLoss(loss: LossSpec): PythonLoss {
  const key = typeof loss.tfjs === 'string' ? loss.tfjs : loss.tfjs.fn;
  const found = losses[key];
  if (!found) throw new Error(`The PyTorch export does not know the loss ${key} yet.`);
  return found;
}

/** The call of a loss function with the node's extra arguments (Huber's delta). */
export function lossCall(loss: LossSpec): string {
  const fn = pythonLoss(loss).name;
  if (typeof loss.tfjs === 'string') return fn;
  const extra = Object.entries(loss.tfjs.extra);
  if (extra.length === 0 || extra.every(([k, v]) => k === 'delta' && v === 1)) return fn;
  return `lambda prediction, target: ${fn}(prediction, target, ${extra.map(([k, v]) => `${k}=${v}`).join(', ')})`;
}

/** The sources of the loss functions used, each once, after the ε constant when a log needs it. */
export function lossSources(used: readonly LossSpec[]): string[] {
  const unique = [...new Map(used.map((l) => [pythonLoss(l).name, pythonLoss(l)])).values()];
  const logs = unique.some((l) => l.source.includes('EPSILON'));
  return [...(logs ? [epsilonNote] : []), ...unique.map((l) => l.source)];
}

/** One sample's label shape for an output: class numbers drop the class axis. */
export function labelShape(kind: LabelKind, prediction: Shape): (number | null)[] {
  const perSample = prediction.slice(1);
  return kind === 'classes' ? perSample.slice(0, -1) : [...perSample];
}
