import { activationParams, countWeights, weightParams } from '../common.ts';
import {
  activationSuffix,
  convolutionCalls,
  convolutionForward,
  depthMultiplierParam,
  dilation2dParam,
  filtersParam,
  imageInput,
  imagePaddingParam,
  kerasWindow2d,
  kernelArea,
  kernelSize2dParam,
  strides2dParam,
  strideText,
  torchBias,
  useBiasParam,
} from '../convolution.ts';
import { only, windowOutputSize2d } from '../shape.ts';
import {
  convKernel,
  depthwiseKernel,
  kernelInit,
  paddingArgument,
  pyCall,
  pySize,
  sizeUnless,
  weightAndBias,
  windowPadding,
} from '../pytorch.ts';
import { defineLayer } from '../spec.ts';

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
    filters: filtersParam(
      'Number of 1×1 pointwise filters, which is the number of output channels.',
    ),
    kernelSize: kernelSize2dParam(
      'Height and width of each channel’s depthwise filter (f in the course).',
    ),
    strides: strides2dParam(),
    padding: imagePaddingParam(),
    depthMultiplier: depthMultiplierParam(
      'Depthwise filters per input channel, before the 1×1 conv mixes them.',
    ),
    dilation: dilation2dParam(),
    useBias: useBiasParam(),
    ...activationParams,
    ...weightParams,
  },
  describe: (p) =>
    `${p.filters} × ${p.kernelSize.join('×')} separable, stride ${strideText(p.strides)}, ${p.padding}${activationSuffix(p.activation)}`,
  outputShape: (inputs, p) => {
    const x = imageInput(inputs, 'Separable conv 2D');
    const [h, w] = windowOutputSize2d(
      x,
      { kernel: p.kernelSize, strides: p.strides, padding: p.padding, dilation: p.dilation },
      'Separable conv 2D',
    );
    return [null, h, w, p.filters];
  },
  countParams: (inputs, p) => {
    const depthwiseChannels = (only(inputs)[3] ?? 0) * p.depthMultiplier;
    const depthwise = kernelArea(p.kernelSize) * depthwiseChannels;
    const pointwise = depthwiseChannels * p.filters;
    return countWeights(depthwise + pointwise + (p.useBias ? p.filters : 0), p.trainable);
  },
  // Depthwise step: n_H·n_W·(n_C·multiplier)·f·f multiply-adds; pointwise step:
  // n_H·n_W·(n_C·multiplier)·filters. Both run at the output resolution; × 2 for FLOPs.
  flops: (inputs, out, p) => {
    const positions = (out[1] ?? 1) * (out[2] ?? 1);
    const depthwiseChannels = (only(inputs)[3] ?? 0) * p.depthMultiplier;
    const window = kernelArea(p.kernelSize);
    return 2 * positions * depthwiseChannels * (window + p.filters);
  },
  fromKeras: {
    classes: ['SeparableConv2D', 'SeparableConvolution2D'],
    params: (k) => {
      k.expect('data_format', ['channels_last'], 'its images are height × width × channels.');
      const useBias = k.bool('use_bias', true);
      return {
        filters: k.int('filters', 32),
        ...kerasWindow2d(k),
        depthMultiplier: k.int('depth_multiplier', 1),
        dilation: k.ints('dilation_rate', 2, [1, 1]),
        useBias,
        ...k.activation(),
        ...k.weights(['depthwise', 'pointwise'], useBias),
      };
    },
  },
  tfjs: (p, name) =>
    convolutionCalls(
      'layers.separableConv2d',
      p,
      name,
      {
        filters: p.filters,
        kernelSize: [...p.kernelSize],
        strides: [...p.strides],
        padding: p.padding,
        depthMultiplier: p.depthMultiplier,
        dilationRate: [...p.dilation],
      },
      ['depthwise', 'pointwise'],
    ),
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
        bias: torchBias(p.useBias),
      }),
      forward: convolutionForward(ctx.attr, p, padding, window),
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
