/**
 * DepthwiseConv2dNativeBackpropFilter (missing from the WebAssembly backend): one forward
 * depthwise convolution whose channels are (sample, channel) pairs, so each pair is correlated
 * with its own output gradient; a sum over the batch finishes it. XNNPACK has no fast path for a
 * filter as large as the image, so this runs about ten times slower than the forward pass; a
 * direct loop in JavaScript measured slower still (docs/training-speed.md).
 */
import type { DepthwiseConv2dNativeBackpropFilterAttrs, TensorInfo } from '@tensorflow/tfjs';
import { convGeometry, filterGradientExtent, fitToExtent } from './conv-geometry.ts';
import type { FastKernel } from './kernel-calls.ts';

export const depthwiseConv2dNativeBackpropFilter: FastKernel = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  because: 'missing',
  run(calls, inputs, attrs) {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    const [kH, kW, channels, multiplier] = a.filterShape;
    const g = convGeometry(calls.tf, {
      inputShape: x.shape,
      filterShape: a.filterShape,
      strides: a.strides,
      dilations: a.dilations,
      pad: a.pad,
      dimRoundingMode: a.dimRoundingMode,
      depthwise: true,
    });
    const n = g.batch;
    // [1, H, W, N·C]: every (sample, channel) pair is its own depthwise channel.
    const xT = calls.reshape(calls.transpose(x, [1, 2, 0, 3]), [
      1,
      g.inHeight,
      g.inWidth,
      n * channels,
    ]);
    // [outH, outW, N·C, M]: each pair's output gradient as its filter.
    const dy5 = calls.reshape(dy, [n, g.outHeight, g.outWidth, channels, multiplier]);
    const dyT = calls.reshape(calls.transpose(dy5, [1, 2, 0, 3, 4]), [
      g.outHeight,
      g.outWidth,
      n * channels,
      multiplier,
    ]);
    const fitted = fitToExtent(
      calls,
      xT,
      { top: g.padTop, left: g.padLeft },
      filterGradientExtent(g),
    );
    const byTap = calls.run(
      'DepthwiseConv2dNative',
      { x: fitted.x, filter: dyT },
      {
        strides: [g.dilationHeight, g.dilationWidth],
        dilations: [g.strideHeight, g.strideWidth],
        pad: fitted.pad,
      },
    );
    const perSample = calls.reshape(byTap, [kH, kW, n, channels * multiplier]);
    return calls.reshape(calls.sum(perSample, [2]), [kH, kW, channels, multiplier]);
  },
};
