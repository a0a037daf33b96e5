import { activationParams, countWeights, weightParams } from '../common.ts';
import {
  activationSuffix,
  convolutionCalls,
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
import { deconvOutputLength, only } from '../shape.ts';
import {
  convKernel,
  first,
  kernelInit,
  pyCall,
  pySize,
  sizeUnless,
  torchActivation,
  weightAndBias,
} from '../pytorch.ts';
import { defineLayer } from '../spec.ts';

export const conv2dTranspose = defineLayer({
  type: 'Conv2DTranspose',
  label: 'Conv 2D transpose',
  category: 'convolution',
  help: 'Learned upsampling (“deconvolution”): each input pixel paints an f×f patch, so stride s makes the image about s times larger, as in a U-Net decoder.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: true,
  examples: [
    {
      name: 'valid 3×3, stride 2',
      inputs: [[7, 7, 4]],
      params: { filters: 3, strides: [2, 2] },
    },
    {
      name: 'same, stride 2, odd size, ReLU',
      inputs: [[5, 9, 2]],
      params: {
        filters: 6,
        kernelSize: [4, 4],
        strides: [2, 2],
        padding: 'same',
        activation: 'relu',
      },
    },
    {
      name: 'kernel smaller than stride, no bias',
      inputs: [[4, 3, 3]],
      params: { filters: 2, kernelSize: [2, 1], strides: [3, 2], useBias: false },
    },
    {
      name: 'stride 1, frozen',
      inputs: [[6, 6, 1]],
      params: { filters: 5, kernelSize: [3, 5], trainable: false },
    },
  ],
  params: {
    filters: filtersParam(),
    kernelSize: kernelSize2dParam(
      'Height and width of the patch each input pixel paints (f in the course).',
    ),
    strides: strides2dParam(
      'Upsampling factor (2 doubles the size): the output is about s times the input’s height and width.',
    ),
    padding: imagePaddingParam(
      "'same' gives exactly n × s; 'valid' keeps the patches’ overhang, n × s + max(f − s, 0).",
    ),
    useBias: useBiasParam(),
    ...activationParams,
    ...weightParams,
  },
  describe: (p) =>
    `${p.filters} × ${p.kernelSize.join('×')} transpose conv, stride ${strideText(p.strides)}, ${p.padding}${activationSuffix(p.activation)}`,
  outputShape: (inputs, p) => {
    const x = imageInput(inputs, 'Conv 2D transpose');
    // tfjs's deconvLength, which for 'valid' with f < s differs from Keras's (n − 1)·s + f.
    const h = deconvOutputLength(x[1] ?? null, p.kernelSize[0] ?? 1, p.strides[0] ?? 1, p.padding);
    const w = deconvOutputLength(x[2] ?? null, p.kernelSize[1] ?? 1, p.strides[1] ?? 1, p.padding);
    return [null, h, w, p.filters];
  },
  countParams: (inputs, p) => {
    const channels = only(inputs)[3] ?? 0;
    const kernel = kernelArea(p.kernelSize) * p.filters * channels;
    return countWeights(kernel + (p.useBias ? p.filters : 0), p.trainable);
  },
  // Every input value is multiplied into an f×f×filters patch: n_H·n_W·n_C (of the input) ·
  // f·f·filters multiply-adds, × 2. Counted at the input, where no padded zeros are involved.
  flops: (inputs, _out, p) => {
    const x = only(inputs);
    const inputValues = (x[1] ?? 1) * (x[2] ?? 1) * (x[3] ?? 0);
    return 2 * inputValues * (p.kernelSize[0] ?? 1) * (p.kernelSize[1] ?? 1) * p.filters;
  },
  fromKeras: {
    classes: ['Conv2DTranspose', 'Convolution2DTranspose'],
    params: (k) => {
      k.expect('data_format', ['channels_last'], 'its images are height × width × channels.');
      k.expect('output_padding', [null], 'the catalog derives the output size from the stride.');
      k.expect(
        'dilation_rate',
        [1, [1, 1]],
        'TensorFlow.js has no dilated transposed convolution.',
      );
      const useBias = k.bool('use_bias', true);
      return {
        filters: k.int('filters', 32),
        ...kerasWindow2d(k),
        useBias,
        ...k.activation(),
        ...k.weights(['kernel'], useBias),
      };
    },
  },
  tfjs: (p, name) =>
    convolutionCalls('layers.conv2dTranspose', p, name, {
      filters: p.filters,
      kernelSize: [...p.kernelSize],
      strides: [...p.strides],
      padding: p.padding,
    }),
  // Per axis, against PyTorch's full transposed output of (n − 1)·s + k: a kernel smaller than
  // the stride leaves s − k zeros at the end in tfjs (output_padding); 'same' crops k − s, the
  // odd one at the end as TensorFlow pads, which `padding=` (symmetric) plus a slice expresses.
  pytorch: (p, ctx) => {
    const channels = only(ctx.inputs)[3] ?? 0;
    const axes = p.kernelSize.map((k, i) => {
      const s = p.strides[i] ?? 1;
      const crop = p.padding === 'same' ? Math.max(k - s, 0) : 0;
      return {
        extra: Math.max(s - k, 0),
        before: Math.floor(crop / 2),
        after: Math.ceil(crop / 2),
      };
    });
    const slice = axes.map((a) => (a.after > a.before ? ':-1' : ':'));
    return {
      layout: 'channelsFirst',
      module: pyCall('nn.ConvTranspose2d', [String(channels), String(p.filters)], {
        kernel_size: pySize(p.kernelSize),
        stride: sizeUnless(p.strides, 1),
        padding: sizeUnless(
          axes.map((a) => a.before),
          0,
        ),
        output_padding: sizeUnless(
          axes.map((a) => a.extra),
          0,
        ),
        bias: torchBias(p.useBias),
      }),
      forward: (xs) => {
        const cropped = slice.includes(':-1') ? `[:, :, ${slice.join(', ')}]` : '';
        return torchActivation(
          `self.${ctx.attr}(${first(xs)})${cropped}`,
          p.activation,
          p.alpha,
          1,
        );
      },
      // tfjs's kernel is [h, w, out, in]; PyTorch's [in, out, h, w]: the same axis move as Conv2d.
      weights: weightAndBias(convKernel(2), p.useBias),
      init: kernelInit(p, ['weight'], p.useBias ? 'bias' : null),
      frozen: !p.trainable,
    };
  },
});
