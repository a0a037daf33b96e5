import { activationParams, countWeights, weightParams } from '../common.ts';
import {
  activationSuffix,
  convolutionCalls,
  convolutionForward,
  depthMultiplierParam,
  dilation2dParam,
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
import { LayerShapeError } from '../../graph/errors.ts';
import { only, windowOutputSize2d } from '../shape.ts';
import {
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
    kernelSize: kernelSize2dParam('Height and width of each channel’s filter (f in the course).'),
    strides: strides2dParam(),
    padding: imagePaddingParam(),
    depthMultiplier: depthMultiplierParam(
      'Filters per input channel: the output has n_C × this many channels.',
    ),
    dilation: dilation2dParam(
      'Spacing between filter taps. TensorFlow.js supports only 1 for this layer.',
    ),
    useBias: useBiasParam(
      'Add a learned bias per output channel. Turn off before batch normalization.',
    ),
    ...activationParams,
    ...weightParams,
  },
  describe: (p) =>
    `${p.kernelSize.join('×')} depthwise${p.depthMultiplier > 1 ? ` ×${p.depthMultiplier}` : ''}, stride ${strideText(p.strides)}, ${p.padding}${activationSuffix(p.activation)}`,
  outputShape: (inputs, p) => {
    const x = imageInput(inputs, 'Depthwise conv 2D');
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
    const kernel = kernelArea(p.kernelSize) * outChannels;
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
  fromKeras: {
    classes: ['DepthwiseConv2D'],
    params: (k) => {
      k.expect('data_format', ['channels_last'], 'its images are height × width × channels.');
      const useBias = k.bool('use_bias', true);
      return {
        ...kerasWindow2d(k),
        depthMultiplier: k.int('depth_multiplier', 1),
        dilation: k.ints('dilation_rate', 2, [1, 1]),
        useBias,
        ...k.activation(),
        ...k.weights(['depthwise'], useBias),
      };
    },
  },
  tfjs: (p, name) =>
    convolutionCalls(
      'layers.depthwiseConv2d',
      p,
      name,
      {
        kernelSize: [...p.kernelSize],
        strides: [...p.strides],
        padding: p.padding,
        depthMultiplier: p.depthMultiplier,
      },
      'depthwise',
    ),
  // A depthwise convolution is a grouped Conv2d with one group per input channel.
  pytorch: (p, ctx) => {
    const x = only(ctx.inputs);
    const channels = x[3] ?? 0;
    const window = { kernel: p.kernelSize, strides: p.strides };
    const padding = windowPadding([x[1] ?? null, x[2] ?? null], { ...window, padding: p.padding });
    return {
      layout: 'channelsFirst',
      module: pyCall('nn.Conv2d', [String(channels), String(channels * p.depthMultiplier)], {
        kernel_size: pySize(p.kernelSize),
        stride: sizeUnless(p.strides, 1),
        padding: paddingArgument(padding),
        groups: String(channels),
        bias: torchBias(p.useBias),
      }),
      forward: convolutionForward(ctx.attr, p, padding, window),
      weights: weightAndBias(
        depthwiseKernel(p.kernelSize, channels, p.depthMultiplier),
        p.useBias,
        {
          kernel: 'depthwise_kernel',
        },
      ),
      init: kernelInit(p, ['weight'], p.useBias ? 'bias' : null),
      frozen: !p.trainable,
    };
  },
});
