import { activationLabels, activationParams } from '../common.ts';
import { elementsPerSample, only } from '../shape.ts';
import { featureDim, first, torchActivation } from '../pytorch.ts';
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
  // Keras's activation layers (ReLU, Softmax, …) are this node with the matching function.
  fromKeras: {
    classes: ['Activation', 'LeakyReLU', 'ReLU', 'Softmax', 'ELU'],
    params: (k): Record<string, string | number> => {
      switch (k.className) {
        case 'LeakyReLU':
          // Keras 3 calls the slope negative_slope; Keras 2 and tfjs call it alpha.
          return {
            activation: 'leakyRelu',
            alpha: k.number('negative_slope', k.number('alpha', 0.3)),
          };
        case 'ReLU': {
          k.expect('max_value', [null], 'the catalog has no capped ReLU (such as ReLU6).');
          k.expect('threshold', [0], 'the catalog’s ReLU starts at 0.');
          const slope = k.number('negative_slope', 0);
          return slope === 0 ? { activation: 'relu' } : { activation: 'leakyRelu', alpha: slope };
        }
        case 'Softmax':
          k.expect('axis', [-1, [-1]], 'the catalog’s softmax runs over the last axis.');
          return { activation: 'softmax' };
        case 'ELU':
          k.expect('alpha', [1], 'the catalog’s ELU has α = 1.');
          return { activation: 'elu' };
        default:
          return k.activation();
      }
    },
  },
  // tfjs has no 'leakyRelu' activation string, only a layer.
  tfjs: (p, name) => [
    p.activation === 'leakyRelu'
      ? tfCall('layers.leakyReLU', { name, alpha: p.alpha })
      : tfCall('layers.activation', { name, activation: p.activation }),
  ],
  pytorch: (p, ctx) => ({
    layout: 'any',
    forward: (x, layout) =>
      torchActivation(first(x), p.activation, p.alpha, featureDim(ctx.output.length, layout)),
  }),
});
