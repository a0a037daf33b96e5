/**
 * DepthwiseConv2dNativeBackpropInput (missing from the WebAssembly backend): a forward depthwise
 * convolution of the stride-spread, padded output gradient with the filter flipped in space, one
 * channel per (channel, multiplier) pair, then a sum over the multiplier.
 */
import type { DepthwiseConv2dNativeBackpropInputAttrs, TensorInfo } from '@tensorflow/tfjs';
import {
  convGeometry,
  fitToExtent,
  inputGradientExtent,
  inputGradientPadding,
  spreadByStride,
} from './conv-geometry.ts';
import type { FastKernel } from './kernel-calls.ts';

export const depthwiseConv2dNativeBackpropInput: FastKernel = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  because: 'missing',
  run(calls, inputs, attrs) {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    const [kH, kW, channels, multiplier] = filter.shape as [number, number, number, number];
    const g = convGeometry(calls.tf, {
      inputShape: a.inputShape,
      filterShape: filter.shape,
      strides: a.strides,
      dilations: a.dilations,
      pad: a.pad,
      dimRoundingMode: a.dimRoundingMode,
      depthwise: true,
    });
    const spread = spreadByStride(calls, dy, g.strideHeight, g.strideWidth);
    const fitted = fitToExtent(calls, spread, inputGradientPadding(g), inputGradientExtent(g));
    const flipped = calls.reshape(calls.reverse(filter, [0, 1]), [
      kH,
      kW,
      channels * multiplier,
      1,
    ]);
    const perPair = calls.run(
      'DepthwiseConv2dNative',
      { x: fitted.x, filter: flipped },
      {
        strides: [1, 1],
        dilations: [g.dilationHeight, g.dilationWidth],
        pad: fitted.pad,
      },
    );
    if (multiplier === 1) return perPair;
    const split = calls.reshape(perPair, [g.batch, g.inHeight, g.inWidth, channels, multiplier]);
    return calls.sum(split, [4]);
  },
};
