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
import {
  convKernel,
  depthwiseKernel,
  first,
  kernelInit,
  padInput,
  paddingArgument,
  pyCall,
  pySize,
  sizeUnless,
  torchActivation,
  weightAndBias,
  windowPadding,
} from '../pytorch.ts';
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
  fromKeras: {
    classes: ['SeparableConv2D', 'SeparableConvolution2D'],
    params: (k) => {
      k.expect('data_format', ['channels_last'], 'its images are height × width × channels.');
      const useBias = k.bool('use_bias', true);
      return {
        filters: k.int('filters', 32),
        kernelSize: k.ints('kernel_size', 2, [3, 3]),
        strides: k.ints('strides', 2, [1, 1]),
        padding: k.oneOf('padding', ['valid', 'same'], 'valid'),
        depthMultiplier: k.int('depth_multiplier', 1),
        dilation: k.ints('dilation_rate', 2, [1, 1]),
        useBias,
        ...k.activation(),
        ...k.weights(['depthwise', 'pointwise'], useBias),
      };
    },
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
  // Netwright's SeparableConv2d (in the exported file): a depthwise then a 1×1 pointwise Conv2d.
  pytorch: (p, ctx) => {
    const x = only(ctx.inputs);
    const channels = x[3] ?? 0;
    const window = { kernel: p.kernelSize, strides: p.strides, dilation: p.dilation };
    const padding = windowPadding([x[1] ?? null, x[2] ?? null], { ...window, padding: p.padding });
    const pointwise = weightAndBias(convKernel(2), p.useBias, {
      kernel: 'pointwise_kernel',
      torch: 'pointwise.weight',
    });
    return {
      layout: 'channelsFirst',
      module: pyCall('SeparableConv2d', [String(channels), String(p.filters)], {
        kernel_size: pySize(p.kernelSize),
        stride: sizeUnless(p.strides, 1),
        padding: paddingArgument(padding),
        dilation: sizeUnless(p.dilation, 1),
        depth_multiplier: p.depthMultiplier === 1 ? undefined : String(p.depthMultiplier),
        bias: p.useBias ? undefined : 'False',
      }),
      forward: (xs) => {
        const conv = `self.${ctx.attr}(${padInput(first(xs), padding, window)})`;
        return torchActivation(conv, p.activation, p.alpha, 1);
      },
      weights: [
        {
          tfjs: 'depthwise_kernel',
          torch: 'depthwise.weight',
          transform: depthwiseKernel(p.kernelSize, channels, p.depthMultiplier),
        },
        ...pointwise,
      ],
      init: kernelInit(
        p,
        ['depthwise.weight', 'pointwise.weight'],
        p.useBias ? 'pointwise.bias' : null,
      ),
      frozen: !p.trainable,
      helpers: ['SeparableConv2d'],
    };
  },
});
