/**
 * Conv2DBackpropInput: the input gradient as a forward convolution of the (stride-spread, padded)
 * output gradient with the filter flipped in space and its channel axes swapped. The backend's own
 * kernel is a direct loop about ten times slower than its forward convolution, which runs on
 * XNNPACK; this kernel is also the forward pass of Conv2DTranspose.
 *
 * Where that convolution would mostly multiply zeros (strides above 1, 'valid' convolutions on
 * small images) or has few output channels, a matrix product and a scatter-add is faster
 * (conv-input-gradient-scatter.ts decides by an estimate from measured speeds).
 */
import type { Conv2DBackpropInputAttrs, TensorInfo } from '@tensorflow/tfjs';
import {
  convGeometry,
  fitToExtent,
  inputGradientExtent,
  inputGradientPadding,
  spreadByStride,
} from './conv-geometry.ts';
import { inputGradientByScatter, prefersScatter } from './conv-input-gradient-scatter.ts';
import type { FastKernel } from './kernel-calls.ts';

export const conv2DBackpropInput: FastKernel = {
  kernelName: 'Conv2DBackpropInput',
  because: 'faster',
  run(calls, inputs, attrs) {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as Conv2DBackpropInputAttrs;
    const g = convGeometry(calls.tf, {
      inputShape: a.inputShape,
      filterShape: filter.shape,
      strides: a.strides,
      dilations: 1,
      pad: a.pad,
      dimRoundingMode: a.dimRoundingMode,
      depthwise: false,
      dataFormat: a.dataFormat,
    });
    const [, , inChannels, outChannels] = filter.shape as [number, number, number, number];
    const float32 = dy.dtype === 'float32' && filter.dtype === 'float32';
    if (float32 && prefersScatter(g, { inChannels, outChannels })) {
      return inputGradientByScatter(calls, dy, filter, g);
    }
    const spread = spreadByStride(calls, dy, g.strideHeight, g.strideWidth);
    const fitted = fitToExtent(calls, spread, inputGradientPadding(g), inputGradientExtent(g));
    // [kH, kW, inC, outC] → [kH, kW, outC, inC], flipped in space.
    const flipped = calls.reverse(calls.transpose(filter, [0, 1, 3, 2]), [0, 1]);
    return calls.run(
      'Conv2D',
      { x: fitted.x, filter: flipped },
      {
        strides: [1, 1],
        dilations: [g.dilationHeight, g.dilationWidth],
        pad: fitted.pad,
        dataFormat: 'NHWC',
      },
    );
  },
};
