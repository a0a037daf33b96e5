/**
 * Kernels that run the native addon (addon.ts) where it is built and fall back to our WebAssembly
 * kernels, or the backend's own, where it is not or for cases it does not cover (other data
 * types, channels-first layouts, batch broadcasting the addon does not do). The addon reads and
 * writes the backend's memory directly, through the views `KernelCalls.loop` hands out.
 */
import type {
  BatchMatMulAttrs,
  Conv2DAttrs,
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropInputAttrs,
  MaxPoolGradAttrs,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';
import { convGeometry } from '../conv-geometry.ts';
import type { ConvGeometry, PadAttr } from '../conv-geometry.ts';
import type { FastKernel, KernelCalls } from '../kernel-calls.ts';
import type { NativeKernels } from './addon.ts';

type NativeRun = (
  calls: KernelCalls,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap,
  native: NativeKernels,
) => TensorInfo | null;

/**
 * `run` where the addon is loaded and covers the case (it returns null when it does not), else
 * `fallback` (one of our kernels) or, without one, the backend's own kernel.
 */
export function nativeFirst(
  kernelName: string,
  native: NativeKernels | null,
  run: NativeRun,
  fallback: FastKernel | null,
): FastKernel {
  return {
    kernelName,
    because: fallback?.because ?? 'faster',
    run(calls, inputs, attrs) {
      const result = native ? run(calls, inputs, attrs, native) : null;
      if (result) return result;
      return fallback ? fallback.run(calls, inputs, attrs) : calls.run(kernelName, inputs, attrs);
    },
  };
}

/** Every native kernel writes its whole output (zeroing first where it accumulates). */
const writesAll = { overwrites: true };

/** What the addon covers: float32 tensors with no empty axis (the addon refuses zero sizes). */
const float32 = (...tensors: TensorInfo[]) =>
  tensors.every((t) => t.dtype === 'float32' && t.shape.every((d) => d > 0));
const product = (values: readonly number[]) => values.reduce((a, b) => a * b, 1);

/** The addon's geometry array (native/src/conv.h, ConvGeometry). */
function geometryInts(g: ConvGeometry, outChannels: number): Int32Array {
  return Int32Array.from([
    g.batch,
    g.inHeight,
    g.inWidth,
    g.inChannels,
    g.filterHeight,
    g.filterWidth,
    outChannels,
    g.strideHeight,
    g.strideWidth,
    g.dilationHeight,
    g.dilationWidth,
    g.padTop,
    g.padLeft,
    g.outHeight,
    g.outWidth,
  ]);
}

interface ConvAttrs {
  strides: number | [number, number];
  pad: PadAttr;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: string;
}

function geometryOf(
  calls: KernelCalls,
  inputShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
  dilations: number | [number, number] = 1,
): ConvGeometry {
  return convGeometry(calls.tf, {
    inputShape,
    filterShape,
    strides: attrs.strides,
    dilations,
    pad: attrs.pad,
    ...(attrs.dimRoundingMode ? { dimRoundingMode: attrs.dimRoundingMode } : {}),
    depthwise: false,
  });
}

export const nativeConv2D: NativeRun = (calls, inputs, attrs, native) => {
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as Conv2DAttrs;
  if (!float32(x, filter) || a.dataFormat === 'NCHW') return null;
  const g = geometryOf(calls, x.shape, filter.shape, a, a.dilations);
  const outChannels = filter.shape[3] as number;
  return calls.loop(
    [x, filter],
    [g.batch, g.outHeight, g.outWidth, outChannels],
    ([xs, fs], y) => native.conv2d(geometryInts(g, outChannels), xs, fs, y),
    writesAll,
  );
};

export const nativeConv2DFilterGradient: NativeRun = (calls, inputs, attrs, native) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (!float32(x, dy) || a.dataFormat === 'NCHW') return null;
  const g = geometryOf(calls, x.shape, a.filterShape, a);
  const outChannels = a.filterShape[3];
  return calls.loop(
    [x, dy],
    a.filterShape,
    ([xs, dys], dw) => native.conv2dFilterGradient(geometryInts(g, outChannels), xs, dys, dw),
    writesAll,
  );
};

export const nativeConv2DInputGradient: NativeRun = (calls, inputs, attrs, native) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropInputAttrs;
  if (!float32(dy, filter) || a.dataFormat === 'NCHW') return null;
  const g = geometryOf(calls, a.inputShape, filter.shape, a);
  const outChannels = filter.shape[3] as number;
  return calls.loop(
    [dy, filter],
    a.inputShape,
    ([dys, fs], dx) => native.conv2dInputGradient(geometryInts(g, outChannels), dys, fs, dx),
    writesAll,
  );
};

/**
 * Matrix products with either operand transposed in place (Eigen reads it transposed), for
 * operands with the same batch shape or one single matrix; other broadcasts go to the fallback.
 */
export const nativeBatchMatMul: NativeRun = (calls, inputs, attrs, native) => {
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  if (!float32(a, b) || a.shape.length < 2 || b.shape.length < 2) return null;
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [aCols, aRows] : [aRows, aCols];
  const [kB, n] = transposeB ? [bCols, bRows] : [bRows, bCols];
  if (k !== kB) return null;
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  // Batch axes of different ranks broadcast into a longer output shape: left to the fallback.
  if (aBatch.length !== bBatch.length) return null;
  const [batchA, batchB] = [product(aBatch), product(bBatch)];
  const sameBatch = aBatch.every((d, i) => d === bBatch[i]);
  if (!sameBatch && batchA !== 1 && batchB !== 1) return null;
  const outBatch = sameBatch || batchB === 1 ? aBatch : bBatch;
  const shape = Int32Array.from([
    Math.max(batchA, batchB),
    batchA,
    batchB,
    m,
    k,
    n,
    transposeA ? 1 : 0,
    transposeB ? 1 : 0,
  ]);
  return calls.loop(
    [a, b],
    [...outBatch, m, n],
    ([as, bs], out) => native.batchMatMul(shape, as, bs, out),
    writesAll,
  );
};

export const nativeMaxPoolGrad: NativeRun = (calls, inputs, attrs, native) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const a = attrs as unknown as MaxPoolGradAttrs;
  if (!float32(dy, input) || input.shape.length !== 4) return null;
  const info = calls.tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    a.filterSize,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
  );
  const geometry = Int32Array.from([
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.strideHeight,
    info.strideWidth,
    info.effectiveFilterHeight,
    info.effectiveFilterWidth,
    info.padInfo.top,
    info.padInfo.left,
  ]);
  return calls.loop(
    [input, dy],
    input.shape,
    ([xs, dys], dx) => native.maxPoolGrad(geometry, xs, dys, dx),
    writesAll,
  );
};
