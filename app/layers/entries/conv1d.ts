import { activationParams, countWeights, weightParams } from '../common.ts';
import {
  activationSuffix,
  convolutionCalls,
  convolutionForward,
  filtersParam,
  torchBias,
  useBiasParam,
} from '../convolution.ts';
import { int, oneOf } from '../params.ts';
import { LayerShapeError } from '../../graph/errors.ts';
import { convOutputLength, expectRank, only } from '../shape.ts';
import {
  convKernel,
  kernelInit,
  paddingArgument,
  pyCall,
  sizeUnless,
  weightAndBias,
  windowPadding,
} from '../pytorch.ts';
import type { WindowPadding } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const conv1d = defineLayer({
  type: 'Conv1D',
  label: 'Conv 1D',
  category: 'convolution',
  help: 'Slides learned filters along a sequence (time steps × channels); each filter makes one output channel.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: true,
  examples: [
    { name: 'valid', inputs: [[20, 3]], params: { filters: 4, kernelSize: 5 } },
    {
      name: 'same, stride 2, odd length',
      inputs: [[15, 2]],
      params: { filters: 6, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu' },
    },
    {
      name: 'causal, dilated, no bias',
      inputs: [[11, 3]],
      params: { filters: 5, kernelSize: 3, padding: 'causal', dilation: 2, useBias: false },
    },
    {
      name: 'causal, stride 3, leaky ReLU',
      inputs: [[10, 4]],
      params: { filters: 2, kernelSize: 2, strides: 3, padding: 'causal', activation: 'leakyRelu' },
    },
    {
      name: 'dilated valid, frozen',
      inputs: [[13, 2]],
      params: { filters: 3, kernelSize: 3, dilation: 3, trainable: false },
    },
  ],
  params: {
    filters: filtersParam(),
    kernelSize: int({
      label: 'Kernel size',
      default: 3,
      min: 1,
      max: 1024,
      help: 'How many time steps each filter spans (f in the course).',
    }),
    strides: int({
      label: 'Stride',
      default: 1,
      min: 1,
      max: 1024,
      help: 'Step between filter positions along the sequence (s in the course).',
    }),
    padding: oneOf({
      label: 'Padding',
      options: ['valid', 'same', 'causal'],
      default: 'valid',
      help: "'valid' adds no padding; 'same' pads both ends; 'causal' pads only the start, so an output never sees later steps.",
    }),
    dilation: int({
      label: 'Dilation',
      default: 1,
      min: 1,
      max: 1024,
      help: 'Spacing between filter taps (as in WaveNet). Needs a stride of 1.',
    }),
    useBias: useBiasParam(),
    ...activationParams,
    ...weightParams,
  },
  describe: (p) =>
    `${p.filters} × ${p.kernelSize} conv, stride ${p.strides}, ${p.padding}${p.dilation > 1 ? `, dilation ${p.dilation}` : ''}${activationSuffix(p.activation)}`,
  outputShape: (inputs, p) => {
    const x = only(inputs);
    expectRank(
      x,
      [3],
      'Conv 1D',
      x.length === 4 ? 'For images use Conv 2D.' : 'Its input is time steps × channels.',
    );
    if (p.dilation > 1 && p.strides > 1) {
      throw new LayerShapeError(
        'E014',
        `Conv 1D cannot use dilation ${p.dilation} and stride ${p.strides} together; set one of them to 1.`,
      );
    }
    // Causal padding adds (f − 1)·dilation zeros at the start only; the length then comes out as
    // with 'same': ceil(n / s).
    const padding = p.padding === 'causal' ? 'same' : p.padding;
    const steps = convOutputLength(
      x[1] ?? null,
      p.kernelSize,
      p.strides,
      padding,
      p.dilation,
      'Conv 1D',
    );
    return [null, steps, p.filters];
  },
  countParams: (inputs, p) => {
    const channels = only(inputs)[2] ?? 0;
    return countWeights(
      p.kernelSize * channels * p.filters + (p.useBias ? p.filters : 0),
      p.trainable,
    );
  },
  // Multiply-adds at every output step, padded zeros included (as papers count them), × 2.
  flops: (inputs, out, p) => 2 * (out[1] ?? 1) * p.filters * p.kernelSize * (only(inputs)[2] ?? 0),
  fromKeras: {
    classes: ['Conv1D', 'Convolution1D'],
    params: (k) => {
      k.expect('data_format', ['channels_last'], 'its sequences are time steps × channels.');
      k.expect('groups', [1], 'grouped convolutions are not in the catalog.');
      const useBias = k.bool('use_bias', true);
      return {
        filters: k.int('filters', 32),
        kernelSize: k.int('kernel_size', 3),
        strides: k.int('strides', 1),
        padding: k.oneOf('padding', ['valid', 'same', 'causal'], 'valid'),
        dilation: k.int('dilation_rate', 1),
        useBias,
        ...k.activation(),
        ...k.weights(['kernel'], useBias),
      };
    },
  },
  // Keras runs padding 'causal' itself, so it needs no padding layer.
  keras: (p, name) =>
    convolutionCalls('layers.conv1d', p, name, {
      filters: p.filters,
      kernelSize: p.kernelSize,
      strides: p.strides,
      padding: p.padding,
      dilationRate: p.dilation,
    }),
  tfjs: (p, name) => {
    // tfjs's conv1d accepts padding 'causal' but cannot run it, so the left padding is its own
    // layer and the convolution itself is 'valid'.
    const causal = p.padding === 'causal';
    const leftPad = causal ? (p.kernelSize - 1) * p.dilation : 0;
    const pad =
      leftPad > 0
        ? [tfCall('netwright.causalPadding1d', { name: `${name}_pad`, padding: leftPad })]
        : [];
    return [
      ...pad,
      ...convolutionCalls('layers.conv1d', p, name, {
        filters: p.filters,
        kernelSize: p.kernelSize,
        strides: p.strides,
        padding: causal ? 'valid' : p.padding,
        dilationRate: p.dilation,
      }),
    ];
  },
  // Causal padding is zeros before the first step only: F.pad's (left, right) on the time axis.
  pytorch: (p, ctx) => {
    const x = only(ctx.inputs);
    const window = { kernel: [p.kernelSize], strides: [p.strides], dilation: [p.dilation] };
    const padding: WindowPadding =
      p.padding === 'causal'
        ? { kind: 'explicit', pad: [(p.kernelSize - 1) * p.dilation, 0] }
        : windowPadding([x[1] ?? null], { ...window, padding: p.padding });
    return {
      layout: 'channelsFirst',
      module: pyCall('nn.Conv1d', [String(x[2]), String(p.filters)], {
        kernel_size: String(p.kernelSize),
        stride: sizeUnless([p.strides], 1),
        padding: paddingArgument(padding),
        dilation: sizeUnless([p.dilation], 1),
        bias: torchBias(p.useBias),
      }),
      forward: convolutionForward(ctx.attr, p, padding, window),
      weights: weightAndBias(convKernel(1), p.useBias),
      init: kernelInit(p, ['weight'], p.useBias ? 'bias' : null),
      frozen: !p.trainable,
    };
  },
});
