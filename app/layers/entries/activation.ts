import { activationLabels, activationParams } from '../common.ts';
import { elementsPerSample, only } from '../shape.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const activation = defineLayer({
  type: 'Activation',
  label: 'Activation',
  category: 'activation',
  help: 'Applies a nonlinearity g(z) to every element, for when the layer before it is kept linear (as before a batch norm).',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: false,
  examples: [
    { name: 'ReLU on an image', inputs: [[6, 6, 2]] },
    { name: 'leaky ReLU', inputs: [[7]], params: { activation: 'leakyRelu', alpha: 0.2 } },
    { name: 'softmax', inputs: [[5]], params: { activation: 'softmax' } },
    { name: 'tanh on a sequence', inputs: [[4, 3]], params: { activation: 'tanh' } },
    { name: 'GELU', inputs: [[9]], params: { activation: 'gelu' } },
  ],
  params: {
    ...activationParams,
    activation: { ...activationParams.activation, default: 'relu' },
  },
  describe: (p) =>
    p.activation === 'leakyRelu' ? `leaky ReLU, slope ${p.alpha}` : activationLabels[p.activation],
  outputShape: (inputs) => only(inputs),
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  // One FLOP per element whatever the function: FLOP tables mostly leave activations out, and a
  // finer model (an exp costs more than a max) would claim a precision the number does not have.
  flops: (_inputs, out) => elementsPerSample(out),
  // tfjs has no 'leakyRelu' activation string, only a layer.
  tfjs: (p, name) => [
    p.activation === 'leakyRelu'
      ? tfCall('layers.leakyReLU', { name, alpha: p.alpha })
      : tfCall('layers.activation', { name, activation: p.activation }),
  ],
});
