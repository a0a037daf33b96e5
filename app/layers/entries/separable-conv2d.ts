import {
  activationCalls,
  activationLabels,
  activationParams,
  countWeights,
  weightArgs,
  weightParams,
} from '../common.ts';
import { bool, int, ints, oneOf } from '../params.ts';
import { expectRank, only, windowOutputSize2d } from '../shape.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const separableConv2d = defineLayer({
  type: 'SeparableConv2D',
  label: 'Separable conv 2D',
  category: 'convolution',
  help: 'A depthwise conv (each channel filtered alone) then a 1×1 conv that mixes channels: far fewer weights than a Conv 2D.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: true,
  examples: [
    { name: 'valid 3×3', inputs: [[10, 10, 3]], params: { filters: 8 } },
    {
      name: 'same, stride 2, odd size, multiplier 2',
      inputs: [[13, 11, 4]],
      params: {
        filters: 6,
        strides: [2, 2],
        padding: 'same',
        depthMultiplier: 2,
        activation: 'relu',
      },
    },
    {
      name: 'dilated, no bias, L1',
      inputs: [[16, 14, 2]],
      params: { filters: 5, dilation: [2, 3], useBias: false, l1: 0.001 },
    },
    {
      name: 'rectangular kernel, frozen, random normal',
      inputs: [[9, 12, 3]],
      params: {
        filters: 4,
        kernelSize: [1, 5],
        strides: [2, 1],
        trainable: false,
        kernelInitializer: 'randomNormal',
        kernelStddev: 0.05,
      },
    },
  ],
  params: {
    filters: int({
      label: 'Filters',
      default: 32,
      min: 1,
      max: 65_536,
      help: 'Number of 1×1 pointwise filters, which is the number of output channels.',
    }),
    kernelSize: ints({
      label: 'Kernel size',
      length: 2,
      default: [3, 3],
      min: 1,
      max: 1024,
      help: 'Height and width of each channel’s depthwise filter (f in the course).',
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
      help: 'Depthwise filters per input channel, before the 1×1 conv mixes them.',
    }),
    dilation: ints({
      label: 'Dilation',
      length: 2,
      default: [1, 1],
      min: 1,
      max: 1024,
      help: 'Spacing between filter taps (atrous convolution). Needs strides of 1.',
    }),
    useBias: bool({
      label: 'Use bias',
      default: true,
      help: 'Add a learned bias per filter. Turn off before batch normalization.',
    }),
    ...activationParams,
    ...weightParams,
  },
  describe: (p) =>
    `${p.filters} × ${p.kernelSize.join('×')} separable, stride ${p.strides[0] === p.strides[1] ? p.strides[0] : p.strides.join('×')}, ${p.padding}${p.activation === 'linear' ? '' : ', ' + activationLabels[p.activation]}`,
  outputShape: (inputs, p) => {
    const x = only(inputs);
    expectRank(
      x,
      [4],
      'Separable conv 2D',
      x.length === 2 ? 'Add a Reshape to height × width × channels first.' : '',
    );
    const [h, w] = windowOutputSize2d(
      x,
      { kernel: p.kernelSize, strides: p.strides, padding: p.padding, dilation: p.dilation },
      'Separable conv 2D',
    );
    return [null, h, w, p.filters];
  },
  countParams: (inputs, p) => {
    const depthwiseChannels = (only(inputs)[3] ?? 0) * p.depthMultiplier;
    const depthwise = (p.kernelSize[0] ?? 1) * (p.kernelSize[1] ?? 1) * depthwiseChannels;
    const pointwise = depthwiseChannels * p.filters;
    return countWeights(depthwise + pointwise + (p.useBias ? p.filters : 0), p.trainable);
  },
  // Depthwise step: n_H·n_W·(n_C·multiplier)·f·f multiply-adds; pointwise step:
  // n_H·n_W·(n_C·multiplier)·filters. Both run at the output resolution; × 2 for FLOPs.
  flops: (inputs, out, p) => {
    const positions = (out[1] ?? 1) * (out[2] ?? 1);
    const depthwiseChannels = (only(inputs)[3] ?? 0) * p.depthMultiplier;
    const window = (p.kernelSize[0] ?? 1) * (p.kernelSize[1] ?? 1);
    return 2 * positions * depthwiseChannels * (window + p.filters);
  },
  tfjs: (p, name) => {
    const act = activationCalls(p, name);
    return [
      tfCall('layers.separableConv2d', {
        name,
        filters: p.filters,
        kernelSize: [...p.kernelSize],
        strides: [...p.strides],
        padding: p.padding,
        depthMultiplier: p.depthMultiplier,
        dilationRate: [...p.dilation],
        useBias: p.useBias,
        ...act.args,
        ...weightArgs(p, ['depthwise', 'pointwise'], p.useBias),
      }),
      ...act.after,
    ];
  },
});
