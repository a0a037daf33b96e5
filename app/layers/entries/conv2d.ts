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
import { convOutputLength, expectRank, only } from '../shape.ts';
import {
  convKernel,
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
    filters: int({
      label: 'Filters',
      default: 32,
      min: 1,
      max: 65_536,
      help: 'Number of filters, which is the number of output channels.',
    }),
    kernelSize: ints({
      label: 'Kernel size',
      length: 2,
      default: [3, 3],
      min: 1,
      max: 1024,
      help: 'Height and width of each filter (f in the course).',
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
    `${p.filters} × ${p.kernelSize.join('×')} conv, stride ${p.strides[0] === p.strides[1] ? p.strides[0] : p.strides.join('×')}, ${p.padding}${p.activation === 'linear' ? '' : ', ' + activationLabels[p.activation]}`,
  outputShape: (inputs, p) => {
    const x = only(inputs);
    expectRank(
      x,
      [4],
      'Conv 2D',
      x.length === 2 ? 'Add a Reshape to height × width × channels first.' : '',
    );
    if ((p.dilation[0] ?? 1) > 1 || (p.dilation[1] ?? 1) > 1) {
      if ((p.strides[0] ?? 1) > 1 || (p.strides[1] ?? 1) > 1) {
        throw new LayerShapeError(
          'E014',
          'Conv 2D cannot use dilation and strides above 1 together.',
        );
      }
    }
    const h = convOutputLength(
      x[1] ?? null,
      p.kernelSize[0] ?? 1,
      p.strides[0] ?? 1,
      p.padding,
      p.dilation[0],
      'Conv 2D',
    );
    const w = convOutputLength(
      x[2] ?? null,
      p.kernelSize[1] ?? 1,
      p.strides[1] ?? 1,
      p.padding,
      p.dilation[1],
      'Conv 2D',
    );
    return [null, h, w, p.filters];
  },
  countParams: (inputs, p) => {
    const channels = only(inputs)[3] ?? 0;
    const kernel = (p.kernelSize[0] ?? 1) * (p.kernelSize[1] ?? 1) * channels * p.filters;
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
        kernelSize: k.ints('kernel_size', 2, [3, 3]),
        strides: k.ints('strides', 2, [1, 1]),
        padding: k.oneOf('padding', ['valid', 'same'], 'valid'),
        dilation: k.ints('dilation_rate', 2, [1, 1]),
        useBias,
        ...k.activation(),
        ...k.weights(['kernel'], useBias),
      };
    },
  },
  tfjs: (p, name) => {
    const act = activationCalls(p, name);
    return [
      tfCall('layers.conv2d', {
        name,
        filters: p.filters,
        kernelSize: [...p.kernelSize],
        strides: [...p.strides],
        padding: p.padding,
        dilationRate: [...p.dilation],
        useBias: p.useBias,
        ...act.args,
        ...weightArgs(p, 'kernel', p.useBias),
      }),
      ...act.after,
    ];
  },
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
        bias: p.useBias ? undefined : 'False',
      }),
      forward: (xs) => {
        const conv = `self.${ctx.attr}(${padInput(first(xs), padding, window)})`;
        return torchActivation(conv, p.activation, p.alpha, 1);
      },
      weights: weightAndBias(convKernel(2), p.useBias),
      init: kernelInit(p, ['weight'], p.useBias ? 'bias' : null),
      frozen: !p.trainable,
    };
  },
});
