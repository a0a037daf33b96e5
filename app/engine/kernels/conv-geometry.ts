/**
 * The index arithmetic that turns convolution gradients into forward convolutions. A convolution
 * with stride s and dilation d reads input row `o·s + k·d − padTop` for output row o and filter
 * tap k. Both gradients are sums over that same relation, so each is again a correlation:
 * - filter gradient: correlate the input with the output gradient used as a filter, with stride d
 *   and dilation s (the roles of stride and dilation swap);
 * - input gradient: correlate the output gradient, spread out by s (zeros between rows) and
 *   padded by (k−1)·d − padTop, with the filter flipped in space, dilation d.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../tf.ts';
import type { KernelCalls } from './kernel-calls.ts';

export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

export type PadAttr = 'valid' | 'same' | number | [[number, number], ...[number, number][]];

export function convGeometry(
  tf: Tf,
  options: {
    inputShape: readonly number[];
    filterShape: readonly number[];
    strides: number | readonly number[];
    dilations: number | readonly number[];
    pad: PadAttr;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    depthwise: boolean;
    dataFormat?: string;
  },
): ConvGeometry {
  if (options.dataFormat === 'NCHW') {
    // The WebAssembly backend's forward convolutions are channels-last only, so no NCHW
    // convolution can have run forward on it either.
    throw new Error('The WebAssembly backend supports channels-last (NHWC) convolutions only');
  }
  const info = tf.backend_util.computeConv2DInfo(
    options.inputShape as [number, number, number, number],
    options.filterShape as [number, number, number, number],
    options.strides as number | [number, number],
    options.dilations as number | [number, number],
    options.pad as 'valid',
    options.dimRoundingMode,
    options.depthwise,
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** An explicit NHWC padding in the form tfjs conv kernels take. */
export type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

/**
 * Makes the spatial axes of an NHWC tensor, padded by `top`/`left` in front, exactly
 * `extentHeight`/`extentWidth` long: the shortfall becomes padding at the end, an excess is
 * cropped (a 'valid' convolution can leave trailing rows that no output reads).
 */
export function fitToExtent(
  calls: KernelCalls,
  x: TensorInfo,
  before: { top: number; left: number },
  extent: { height: number; width: number },
): { x: TensorInfo; pad: ExplicitPad } {
  const [n, height, width, channels] = x.shape as [number, number, number, number];
  const bottom = extent.height - before.top - height;
  const right = extent.width - before.left - width;
  if (before.top < 0 || before.left < 0 || height + bottom <= 0 || width + right <= 0) {
    throw new Error(`Convolution gradient geometry out of range: ${JSON.stringify(extent)}`);
  }
  const fitted =
    bottom < 0 || right < 0
      ? calls.slice(
          x,
          [0, 0, 0, 0],
          [n, height + Math.min(bottom, 0), width + Math.min(right, 0), channels],
        )
      : x;
  return {
    x: fitted,
    pad: [
      [0, 0],
      [before.top, Math.max(bottom, 0)],
      [before.left, Math.max(right, 0)],
      [0, 0],
    ],
  };
}

/**
 * Puts stride−1 zeros after every row and column of an NHWC tensor (a strided convolution's
 * output gradient, placed where its outputs were read from). Trailing zeros are left for
 * {@link fitToExtent} to crop.
 */
export function spreadByStride(
  calls: KernelCalls,
  dy: TensorInfo,
  strideHeight: number,
  strideWidth: number,
): TensorInfo {
  if (strideHeight === 1 && strideWidth === 1) return dy;
  const [n, height, width, channels] = dy.shape as [number, number, number, number];
  const six = calls.reshape(dy, [n, height, 1, width, 1, channels]);
  const padded = calls.pad(six, [
    [0, 0],
    [0, 0],
    [0, strideHeight - 1],
    [0, 0],
    [0, strideWidth - 1],
    [0, 0],
  ]);
  return calls.reshape(padded, [n, height * strideHeight, width * strideWidth, channels]);
}

/** Padding in front of the spread output gradient for the input-gradient correlation. */
export function inputGradientPadding(g: ConvGeometry): { top: number; left: number } {
  return {
    top: (g.filterHeight - 1) * g.dilationHeight - g.padTop,
    left: (g.filterWidth - 1) * g.dilationWidth - g.padLeft,
  };
}

/** Padded length of the spread output gradient: one output row per input row. */
export function inputGradientExtent(g: ConvGeometry): { height: number; width: number } {
  return {
    height: g.inHeight + (g.filterHeight - 1) * g.dilationHeight,
    width: g.inWidth + (g.filterWidth - 1) * g.dilationWidth,
  };
}

/** Padded input length the filter-gradient correlation reads: one output row per filter tap. */
export function filterGradientExtent(g: ConvGeometry): { height: number; width: number } {
  return {
    height: (g.filterHeight - 1) * g.dilationHeight + (g.outHeight - 1) * g.strideHeight + 1,
    width: (g.filterWidth - 1) * g.dilationWidth + (g.outWidth - 1) * g.strideWidth + 1,
  };
}
