import {
  activationCalls,
  activationLabels,
  activationParams,
  countWeights,
  weightArgs,
  weightParams,
} from '../common.ts';
import { bool, int, ints, oneOf } from '../params.ts';
import { LayerShapeError } from '../../graph/errors.ts';
import { expectRank, only, windowOutputSize2d } from '../shape.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const depthwiseConv2d = defineLayer({
  type: 'DepthwiseConv2D',
  label: 'Depthwise conv 2D',
  category: 'convolution',
  help: 'Filters each input channel on its own (no mixing across channels), as in MobileNet.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: true,
  examples: [
    { name: 'valid 3×3', inputs: [[10, 10, 4]] },
    {
      name: 'same, stride 2, odd size, multiplier 2',
      inputs: [[15, 9, 3]],
      params: { strides: [2, 2], padding: 'same', depthMultiplier: 2, activation: 'relu' },
    },
    {
      name: 'rectangular kernel, no bias, He init, L2',
      inputs: [[12, 7, 2]],
      params: {
        kernelSize: [5, 1],
        strides: [1, 3],
        useBias: false,
        kernelInitializer: 'heNormal',
        l2: 0.01,
      },
    },
    {
      name: 'multiplier 3, frozen',
      inputs: [[6, 6, 1]],
      params: { kernelSize: [2, 2], depthMultiplier: 3, trainable: false },
    },
  ],
  params: {
    kernelSize: ints({
      label: 'Kernel size',
      length: 2,
      default: [3, 3],
      min: 1,
      max: 1024,
      help: 'Height and width of each channel’s filter (f in the course).',
    }),
    strides: ints({
      label: 'Strides',
      length: 2,
      default: [1, 1],
      min: 1,
      max: 1024,
      help: 'Step between filter positions (s in the course).',
    }),
    padding: oneOf({
      label: 'Padding',
      options: ['valid', 'same'],
      default: 'valid',
      help: "'valid' adds no padding (output shrinks); 'same' pads so that stride 1 keeps the size.",
    }),
    depthMultiplier: int({
      label: 'Depth multiplier',
      default: 1,
      min: 1,
      max: 1024,
      help: 'Filters per input channel: the output has n_C × this many channels.',
    }),
    dilation: ints({
      label: 'Dilation',
      length: 2,
      default: [1, 1],
      min: 1,
      max: 1024,
      help: 'Spacing between filter taps. TensorFlow.js supports only 1 for this layer.',
    }),
    useBias: bool({
      label: 'Use bias',
      default: true,
      help: 'Add a learned bias per output channel. Turn off before batch normalization.',
    }),
    ...activationParams,
    ...weightParams,
  },
  describe: (p) =>
    `${p.kernelSize.join('×')} depthwise${p.depthMultiplier > 1 ? ` ×${p.depthMultiplier}` : ''}, stride ${p.strides[0] === p.strides[1] ? p.strides[0] : p.strides.join('×')}, ${p.padding}${p.activation === 'linear' ? '' : ', ' + activationLabels[p.activation]}`,
  outputShape: (inputs, p) => {
    const x = only(inputs);
    expectRank(
      x,
      [4],
      'Depthwise conv 2D',
      x.length === 2 ? 'Add a Reshape to height × width × channels first.' : '',
    );
    // tfjs's DepthwiseConv2D ignores dilationRate (in its shape and in its maths), so a model
    // built with it would silently differ from what the inspector says.
    if (p.dilation.some((d) => d > 1)) {
      throw new LayerShapeError(
        'E014',
        `Depthwise conv 2D cannot use dilation ${p.dilation.join('×')}: TensorFlow.js supports only dilation 1 for it. A Separable conv 2D does support dilation.`,
      );
    }
    const [h, w] = windowOutputSize2d(
      x,
      { kernel: p.kernelSize, strides: p.strides, padding: p.padding },
      'Depthwise conv 2D',
    );
    const channels = x[3] ?? null;
    return [null, h, w, channels === null ? null : channels * p.depthMultiplier];
  },
  countParams: (inputs, p) => {
    const outChannels = (only(inputs)[3] ?? 0) * p.depthMultiplier;
    const kernel = (p.kernelSize[0] ?? 1) * (p.kernelSize[1] ?? 1) * outChannels;
    return countWeights(kernel + (p.useBias ? outChannels : 0), p.trainable);
  },
  // Each output value is one f×f window of one input channel: n_H·n_W·(n_C·multiplier)·f·f
  // multiply-adds, × 2.
  flops: (_inputs, out, p) =>
    2 *
    (out[1] ?? 1) *
    (out[2] ?? 1) *
    (out[3] ?? 0) *
    (p.kernelSize[0] ?? 1) *
    (p.kernelSize[1] ?? 1),
  tfjs: (p, name) => {
    const act = activationCalls(p, name);
    return [
      tfCall('layers.depthwiseConv2d', {
        name,
        kernelSize: [...p.kernelSize],
        strides: [...p.strides],
        padding: p.padding,
        depthMultiplier: p.depthMultiplier,
        useBias: p.useBias,
        ...act.args,
        ...weightArgs(p, 'depthwise', p.useBias),
      }),
      ...act.after,
    ];
  },
});
