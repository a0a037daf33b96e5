/**
 * Gradients for dilated convolutions, which tfjs refuses on every backend ("dilation rates greater
 * than 1 are not yet supported in gradients") although Conv1D, SeparableConv2D and Conv2D layers
 * offer dilation. They are the same correlations as in conv-geometry.ts, written with tfjs ops so
 * that they run on any backend. tfjs convolutions take dilation > 1 only with stride 1, so the
 * output gradient never needs spreading here.
 *
 * Not covered: a Conv2D *layer* with a linear activation runs tfjs's fused conv2d, whose gradient
 * is a closure that asserts dilation 1, out of reach of the gradient registry.
 */
import type {
  Conv2DAttrs,
  DepthwiseConv2dNativeAttrs,
  GradConfig,
  GradFunc,
  NamedAttrMap,
  Tensor,
  Tensor4D,
} from '@tensorflow/tfjs';
import type { Tf } from '../tf.ts';
import {
  convGeometry,
  filterGradientExtent,
  inputGradientExtent,
  inputGradientPadding,
} from './conv-geometry.ts';
import type { ConvGeometry } from './conv-geometry.ts';

// INVARIANT: exactly the gradient functions registered below, so registering twice is a no-op.
const ours = new WeakSet<GradFunc>();

function isDilated(dilations: unknown): boolean {
  if (dilations === undefined || dilations === null) return false;
  return (Array.isArray(dilations) ? dilations : [dilations]).some((d) => d !== 1);
}

/** Pads or crops the spatial axes of an NHWC tensor to `extent`, `before` in front. */
function fit(
  tf: Tf,
  x: Tensor4D,
  before: { top: number; left: number },
  extent: { height: number; width: number },
): Tensor4D {
  const [n, height, width, channels] = x.shape;
  const bottom = extent.height - before.top - height;
  const right = extent.width - before.left - width;
  const cropped =
    bottom < 0 || right < 0
      ? tf.slice(
          x,
          [0, 0, 0, 0],
          [n, height + Math.min(bottom, 0), width + Math.min(right, 0), channels],
        )
      : x;
  return tf.pad(cropped, [
    [0, 0],
    [before.top, Math.max(bottom, 0)],
    [before.left, Math.max(right, 0)],
    [0, 0],
  ]);
}

function conv2DGrads(tf: Tf, dy: Tensor4D, x: Tensor4D, filter: Tensor4D, g: ConvGeometry) {
  const dilations: [number, number] = [g.dilationHeight, g.dilationWidth];
  return {
    x: () => {
      const fitted = fit(tf, dy, inputGradientPadding(g), inputGradientExtent(g));
      const flipped = tf.reverse(tf.transpose(filter, [0, 1, 3, 2]), [0, 1]);
      return tf.conv2d(fitted, flipped, 1, 'valid', 'NHWC', dilations);
    },
    filter: () => {
      const xT = tf.transpose(x, [3, 1, 2, 0]);
      const dyT = tf.transpose(dy, [1, 2, 0, 3]);
      const fitted = fit(tf, xT, { top: g.padTop, left: g.padLeft }, filterGradientExtent(g));
      return tf.transpose(tf.conv2d(fitted, dyT, dilations, 'valid', 'NHWC', 1), [1, 2, 0, 3]);
    },
  };
}

function depthwiseGrads(tf: Tf, dy: Tensor4D, x: Tensor4D, filter: Tensor4D, g: ConvGeometry) {
  const [kH, kW, channels, multiplier] = filter.shape;
  const dilations: [number, number] = [g.dilationHeight, g.dilationWidth];
  return {
    x: () => {
      const fitted = fit(tf, dy, inputGradientPadding(g), inputGradientExtent(g));
      const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [kH, kW, channels * multiplier, 1]);
      const perPair = tf.depthwiseConv2d(
        fitted,
        flipped as Tensor4D,
        1,
        'valid',
        'NHWC',
        dilations,
      );
      if (multiplier === 1) return perPair;
      return tf.sum(tf.reshape(perPair, [g.batch, g.inHeight, g.inWidth, channels, multiplier]), 4);
    },
    filter: () => {
      const n = g.batch;
      const xT = tf.reshape(tf.transpose(x, [1, 2, 0, 3]), [
        1,
        g.inHeight,
        g.inWidth,
        n * channels,
      ]);
      const dy5 = tf.reshape(dy, [n, g.outHeight, g.outWidth, channels, multiplier]);
      const dyT = tf.reshape(tf.transpose(dy5, [1, 2, 0, 3, 4]), [
        g.outHeight,
        g.outWidth,
        n * channels,
        multiplier,
      ]);
      const fitted = fit(
        tf,
        xT as Tensor4D,
        { top: g.padTop, left: g.padLeft },
        filterGradientExtent(g),
      );
      const byTap = tf.depthwiseConv2d(fitted, dyT as Tensor4D, dilations, 'valid', 'NHWC', 1);
      const perSample = tf.reshape(byTap, [kH, kW, n, channels * multiplier]);
      return tf.reshape(tf.sum(perSample, 2), [kH, kW, channels, multiplier]);
    },
  };
}

type DilatedGrads = (
  tf: Tf,
  dy: Tensor4D,
  x: Tensor4D,
  filter: Tensor4D,
  g: ConvGeometry,
) => Record<'x' | 'filter', () => Tensor>;

function withDilation(
  tf: Tf,
  kernelName: 'Conv2D' | 'DepthwiseConv2dNative',
  dilatedGrads: DilatedGrads,
): void {
  const original = tf.getGradient(kernelName);
  if (!original || ours.has(original.gradFunc)) return;
  const gradFunc: GradFunc = (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const a = attrs as unknown as Conv2DAttrs & DepthwiseConv2dNativeAttrs;
    if (!isDilated(a.dilations) || a.dataFormat === 'NCHW') {
      return original.gradFunc(dy, saved, attrs);
    }
    const [x, filter] = saved as [Tensor4D, Tensor4D];
    const g = convGeometry(tf, {
      inputShape: x.shape,
      filterShape: filter.shape,
      strides: a.strides,
      dilations: a.dilations,
      pad: a.pad,
      dimRoundingMode: a.dimRoundingMode,
      depthwise: kernelName === 'DepthwiseConv2dNative',
    });
    return dilatedGrads(tf, dy as Tensor4D, x, filter, g);
  };
  ours.add(gradFunc);
  const config: GradConfig = { ...original, gradFunc };
  tf.registerGradient(config);
}

/** Makes dilated Conv2D (through tf.conv2d) and depthwise convolutions trainable, on every backend. */
export function registerDilatedConvGradients(tf: Tf): void {
  withDilation(tf, 'Conv2D', conv2DGrads);
  withDilation(tf, 'DepthwiseConv2dNative', depthwiseGrads);
}
