import {
  activationCalls,
  activationLabels,
  activationParams,
  countWeights,
  weightArgs,
  weightParams,
} from '../common.ts';
import { bool, int } from '../params.ts';
import { expectRank, only } from '../shape.ts';
import {
  first,
  kernelInit,
  pyCall,
  torchActivation,
  transposed,
  weightAndBias,
} from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const dense = defineLayer({
  type: 'Dense',
  label: 'Dense',
  category: 'core',
  help: 'Fully connected layer: every output unit sees every input feature (W·x + b).',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: true,
  examples: [
    { name: 'basic', inputs: [[20]], params: { units: 7 } },
    {
      name: 'no bias, frozen',
      inputs: [[20]],
      params: { units: 3, useBias: false, trainable: false },
    },
    {
      name: 'leaky ReLU, He init, L2',
      inputs: [[5]],
      params: {
        units: 4,
        activation: 'leakyRelu',
        alpha: 0.2,
        kernelInitializer: 'heNormal',
        l2: 0.01,
      },
    },
    {
      name: 'softmax, random normal',
      inputs: [[6]],
      params: {
        units: 3,
        activation: 'softmax',
        kernelInitializer: 'randomNormal',
        kernelStddev: 0.05,
      },
    },
  ],
  params: {
    units: int({
      label: 'Units',
      default: 64,
      min: 1,
      max: 1_000_000,
      help: 'Number of neurons (n[l] in the course’s notation).',
    }),
    useBias: bool({ label: 'Use bias', default: true, help: 'Add a learned bias b to each unit.' }),
    ...activationParams,
    ...weightParams,
  },
  describe: (p) => `${p.units} units, ${activationLabels[p.activation]}`,
  outputShape: (inputs, p) => {
    const x = only(inputs);
    if (x.length < 2) expectRank(x, [2], 'Dense');
    if (x.length > 2) {
      // Keras applies Dense to the last axis of higher-rank input; learners almost always meant
      // to flatten first, so this is an error here rather than a silent per-position layer.
      expectRank(x, [2], 'Dense', 'Add a Flatten (or a global pooling) layer before it.');
    }
    return [...x.slice(0, -1), p.units];
  },
  countParams: (inputs, p) => {
    const features = only(inputs).at(-1) ?? 0;
    return countWeights(features * p.units + (p.useBias ? p.units : 0), p.trainable);
  },
  flops: (inputs, _out, p) => 2 * (only(inputs).at(-1) ?? 0) * p.units,
  fromKeras: {
    classes: ['Dense'],
    params: (k) => {
      const useBias = k.bool('use_bias', true);
      return {
        units: k.int('units', 64),
        useBias,
        ...k.activation(),
        ...k.weights(['kernel'], useBias),
      };
    },
  },
  tfjs: (p, name) => {
    const act = activationCalls(p, name);
    return [
      tfCall('layers.dense', {
        name,
        units: p.units,
        useBias: p.useBias,
        ...act.args,
        ...weightArgs(p, 'kernel', p.useBias),
      }),
      ...act.after,
    ];
  },
  pytorch: (p, ctx) => ({
    layout: 'channelsLast',
    module: pyCall('nn.Linear', [String(only(ctx.inputs).at(-1)), String(p.units)], {
      bias: p.useBias ? undefined : 'False',
    }),
    forward: (x) => torchActivation(`self.${ctx.attr}(${first(x)})`, p.activation, p.alpha),
    weights: weightAndBias(transposed, p.useBias),
    init: kernelInit(p, ['weight'], p.useBias ? 'bias' : null),
    frozen: !p.trainable,
  }),
});
