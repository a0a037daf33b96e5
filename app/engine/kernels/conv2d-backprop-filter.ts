/**
 * Conv2DBackpropFilter (missing from the WebAssembly backend): the filter gradient as one forward
 * convolution of transposed tensors. With the batch moved into the channel axis of the input and
 * the output gradient used as the filter, the convolution's sum over "input channels" is the
 * gradient's sum over the batch, and its output positions are the filter taps.
 */
import type { Conv2DBackpropFilterAttrs, TensorInfo } from '@tensorflow/tfjs';
import { convGeometry, filterGradientExtent, fitToExtent } from './conv-geometry.ts';
import type { FastKernel } from './kernel-calls.ts';

export const conv2DBackpropFilter: FastKernel = {
  kernelName: 'Conv2DBackpropFilter',
  because: 'missing',
  run(calls, inputs, attrs) {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as unknown as Conv2DBackpropFilterAttrs;
    const g = convGeometry(calls.tf, {
      inputShape: x.shape,
      filterShape: a.filterShape,
      strides: a.strides,
      dilations: 1,
      pad: a.pad,
      dimRoundingMode: a.dimRoundingMode,
      depthwise: false,
      dataFormat: a.dataFormat,
    });
    // [inC, H, W, N]: the batch becomes the channels the convolution sums over.
    const xT = calls.transpose(x, [3, 1, 2, 0]);
    // [outH, outW, N, outC]: the output gradient as a filter.
    const dyT = calls.transpose(dy, [1, 2, 0, 3]);
    const fitted = fitToExtent(
      calls,
      xT,
      { top: g.padTop, left: g.padLeft },
      filterGradientExtent(g),
    );
    const byTap = calls.run(
      'Conv2D',
      { x: fitted.x, filter: dyT },
      {
        strides: [g.dilationHeight, g.dilationWidth],
        dilations: [g.strideHeight, g.strideWidth],
        pad: fitted.pad,
        dataFormat: 'NHWC',
      },
    );
    // [inC, kH, kW, outC] → [kH, kW, inC, outC]
    return calls.transpose(byTap, [1, 2, 0, 3]);
  },
};
