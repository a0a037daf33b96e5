import { activationParams, countWeights, weightParams } from '../common.ts';
import {
  activationSuffix,
  convolutionCalls,
  convolutionForward,
  dilation2dParam,
  filtersParam,
  imageInput,
  imagePaddingParam,
  kernelArea,
  kernelSize2dParam,
  kerasWindow2d,
  strides2dParam,
  strideText,
  torchBias,
  useBiasParam,
} from '../convolution.ts';
import { LayerShapeError } from '../../graph/errors.ts';
import { convOutputLength, only } from '../shape.ts';
import {
  convKernel,
  kernelInit,
  paddingArgument,
  pyCall,
  pySize,
  sizeUnless,
  weightAndBias,
  windowPadding,
} from '../pytorch.ts';
import { defineLayer } from '../spec.ts';

export const conv2d = defineLayer({
  type: 'Conv2D',
  label: 'Conv 2D',
  category: 'convolution',
  help: 'Slides learned filters over an image; each filter produces one output channel.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: true,
  examples: [
    { name: 'valid 5×5', inputs: [[28, 28, 1]], params: { filters: 6, kernelSize: [5, 5] } },
    {
      name: 'same, stride 2, ReLU',
      inputs: [[15, 17, 3]],
      params: {
        filters: 8,
        kernelSize: [3, 3],
        strides: [2, 2],
        padding: 'same',
        activation: 'relu',
      },
    },
    {
      name: 'dilated, no bias',
      inputs: [[20, 20, 2]],
      params: { filters: 4, kernelSize: [3, 3], dilation: [2, 2], useBias: false },
    },
    {
      name: 'rectangular kernel and stride',
      inputs: [[10, 12, 3]],
      params: { filters: 5, kernelSize: [1, 7], strides: [1, 3], l1: 0.001 },
    },
  ],
  params: {
    filters: filtersParam(),
    kernelSize: kernelSize2dParam('Height and width of each filter (f in the course).'),
    strides: strides2dParam(),
    padding: imagePaddingParam(),
    dilation: dilation2dParam(),
    useBias: useBiasParam(),
    ...activationParams,
    ...weightParams,
  },
  describe: (p) =>
    `${p.filters} × ${p.kernelSize.join('×')} conv, stride ${strideText(p.strides)}, ${p.padding}${activationSuffix(p.activation)}`,
  outputShape: (inputs, p) => {
    const x = imageInput(inputs, 'Conv 2D');
    if ((p.dilation[0] ?? 1) > 1 || (p.dilation[1] ?? 1) > 1) {
      if ((p.strides[0] ?? 1) > 1 || (p.strides[1] ?? 1) > 1) {
        throw new LayerShapeError(
          'E014',
          'Conv 2D cannot use dilation and strides above 1 together.',
        );
      }
    }
    const along = (axis: 0 | 1) =>
      convOutputLength(
        x[axis + 1] ?? null,
        p.kernelSize[axis] ?? 1,
        p.strides[axis] ?? 1,
        p.padding,
        p.dilation[axis],
        'Conv 2D',
      );
    const h = along(0);
    const w = along(1);
    return [null, h, w, p.filters];
  },
  countParams: (inputs, p) => {
    const channels = only(inputs)[3] ?? 0;
    const kernel = kernelArea(p.kernelSize) * channels * p.filters;
    return countWeights(kernel + (p.useBias ? p.filters : 0), p.trainable);
  },
  flops: (inputs, out, p) => {
    const channels = only(inputs)[3] ?? 0;
    const positions = (out[1] ?? 1) * (out[2] ?? 1);
    const macs = positions * p.filters * (p.kernelSize[0] ?? 1) * (p.kernelSize[1] ?? 1) * channels;
    return 2 * macs;
  },
  fromKeras: {
    classes: ['Conv2D', 'Convolution2D'],
    params: (k) => {
      k.expect('data_format', ['channels_last'], 'its images are height × width × channels.');
      k.expect('groups', [1], 'grouped convolutions are not in the catalog.');
      const useBias = k.bool('use_bias', true);
      return {
        filters: k.int('filters', 32),
        ...kerasWindow2d(k),
        dilation: k.ints('dilation_rate', 2, [1, 1]),
        useBias,
        ...k.activation(),
        ...k.weights(['kernel'], useBias),
      };
    },
  },
  tfjs: (p, name) =>
    convolutionCalls('layers.conv2d', p, name, {
      filters: p.filters,
      kernelSize: [...p.kernelSize],
      strides: [...p.strides],
      padding: p.padding,
      dilationRate: [...p.dilation],
    }),
  pytorch: (p, ctx) => {
    const x = only(ctx.inputs);
    const window = { kernel: p.kernelSize, strides: p.strides, dilation: p.dilation };
    const padding = windowPadding([x[1] ?? null, x[2] ?? null], { ...window, padding: p.padding });
    return {
      layout: 'channelsFirst',
      module: pyCall('nn.Conv2d', [String(x[3]), String(p.filters)], {
        kernel_size: pySize(p.kernelSize),
        stride: sizeUnless(p.strides, 1),
        padding: paddingArgument(padding),
        dilation: sizeUnless(p.dilation, 1),
        bias: torchBias(p.useBias),
      }),
      forward: convolutionForward(ctx.attr, p, padding, window),
      weights: weightAndBias(convKernel(2), p.useBias),
      init: kernelInit(p, ['weight'], p.useBias ? 'bias' : null),
      frozen: !p.trainable,
    };
  },
});
