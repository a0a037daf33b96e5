/**
 * Parameter groups that many entries share: the activation option of Dense and Conv layers, and
 * the initializer / regularizer / trainable settings of every weighted layer. Each group comes with
 * the function that turns its values into tfjs arguments, so entries stay a few lines long.
 */
import { bool, float, oneOf } from './params.ts';
import type { ParamValues } from './params.ts';
import { tfCall } from './tfcall.ts';
import type { TfArgs, TfCall } from './tfcall.ts';

export const activationNames = [
  'linear',
  'relu',
  'relu6',
  'leakyRelu',
  'sigmoid',
  'tanh',
  'elu',
  'selu',
  'softmax',
  'swish',
  'gelu',
] as const;
export type ActivationName = (typeof activationNames)[number];

export const activationParams = {
  activation: oneOf({
    label: 'Activation',
    options: activationNames,
    default: 'linear',
    help: 'Applied to the output. ReLU for hidden layers, sigmoid or softmax for the last layer of a classifier.',
  }),
  alpha: float({
    label: 'Leaky slope',
    default: 0.01,
    min: 0,
    max: 1,
    help: 'Slope for negative inputs when the activation is leaky ReLU (0.01 as taught in the course).',
  }),
} as const;

export const activationLabels: Record<ActivationName, string> = {
  linear: 'linear',
  relu: 'ReLU',
  relu6: 'ReLU6',
  leakyRelu: 'leaky ReLU',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  elu: 'ELU',
  selu: 'SELU',
  softmax: 'softmax',
  swish: 'swish',
  gelu: 'GELU',
};

/**
 * The `activation` argument for a tfjs layer, plus any layer that must follow it: tfjs has no
 * leaky ReLU activation string, so that one becomes a separate leakyReLU layer.
 */
export function activationCalls(
  p: ParamValues<typeof activationParams>,
  name: string,
): { args: TfArgs; after: TfCall[] } {
  if (p.activation === 'leakyRelu') {
    return {
      args: { activation: 'linear' },
      after: [tfCall('layers.leakyReLU', { name: `${name}_act`, alpha: p.alpha })],
    };
  }
  return { args: { activation: p.activation }, after: [] };
}

export const initializerNames = [
  'glorotUniform',
  'glorotNormal',
  'heNormal',
  'heUniform',
  'leCunNormal',
  'zeros',
  'ones',
  'randomNormal',
] as const;
export type InitializerName = (typeof initializerNames)[number];

const initializerHelp =
  'How the weights start. He for ReLU layers, Glorot (Xavier) for tanh/sigmoid, random normal with a small standard deviation as in the course.';

export const weightParams = {
  kernelInitializer: oneOf({
    label: 'Kernel initializer',
    options: initializerNames,
    default: 'glorotUniform',
    help: initializerHelp,
  }),
  kernelStddev: float({
    label: 'Kernel std. dev.',
    default: 0.01,
    min: 0,
    max: 10,
    minExclusive: true,
    help: 'Standard deviation when the kernel initializer is random normal (the course uses 0.01).',
  }),
  biasInitializer: oneOf({
    label: 'Bias initializer',
    options: initializerNames,
    default: 'zeros',
    help: 'How the biases start; zeros is the usual choice.',
  }),
  l1: float({
    label: 'L1 strength',
    default: 0,
    min: 0,
    max: 10,
    help: 'L1 penalty on the kernel weights; pushes weights to exactly zero.',
  }),
  l2: float({
    label: 'L2 strength',
    default: 0,
    min: 0,
    max: 10,
    help: 'L2 penalty (weight decay) on the kernel weights: λ in the course’s regularized cost.',
  }),
  trainable: bool({
    label: 'Trainable',
    default: true,
    help: 'Turn off to freeze this layer’s weights, as in transfer learning.',
  }),
} as const;

export function initializerCall(name: InitializerName, stddev: number): TfCall {
  if (name === 'randomNormal') return tfCall('initializers.randomNormal', { mean: 0, stddev });
  // zeros() and ones() take no arguments; the others take an (optional-seed) config object.
  return name === 'zeros' || name === 'ones'
    ? tfCall(`initializers.${name}`, [])
    : tfCall(`initializers.${name}`);
}

/**
 * tfjs arguments for a weighted layer's initializers, regularizer and trainability. A layer with
 * several kernels (SeparableConv2D: `['depthwise', 'pointwise']`) gets the chosen kernel
 * initializer and regularizer on each of them, since the inspector offers one kernel setting.
 */
export function weightArgs(
  p: ParamValues<typeof weightParams>,
  kernelKey: string | readonly string[] = 'kernel',
  hasBias = true,
): TfArgs {
  const kernelKeys = typeof kernelKey === 'string' ? [kernelKey] : kernelKey;
  const args: Record<string, TfArgs[string]> = {};
  for (const key of kernelKeys) {
    args[`${key}Initializer`] = initializerCall(p.kernelInitializer, p.kernelStddev);
  }
  if (hasBias) args.biasInitializer = initializerCall(p.biasInitializer, p.kernelStddev);
  if (p.l1 > 0 || p.l2 > 0) {
    for (const key of kernelKeys) {
      args[`${key}Regularizer`] = tfCall('regularizers.l1l2', { l1: p.l1, l2: p.l2 });
    }
  }
  if (!p.trainable) args.trainable = false;
  return args;
}

/** A weighted layer's parameter count, put on the trainable or frozen side. */
export function countWeights(
  count: number,
  trainable: boolean,
): { trainable: number; nonTrainable: number } {
  return trainable ? { trainable: count, nonTrainable: 0 } : { trainable: 0, nonTrainable: count };
}
