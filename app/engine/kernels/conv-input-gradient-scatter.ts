/**
 * The input gradient of a convolution as a matrix product and a scatter-add ("col2im"), for the
 * geometries where the forward-convolution formulation (conv2d-backprop-input.ts) wastes most of
 * its work: there, every input pixel reads all kH·kW taps of the stride-spread, zero-padded output
 * gradient, so a stride s computes about s² times the useful multiply-adds, and a 'valid'
 * convolution on a small image reads mostly padding (LeNet's 5×5 on 10×10 → 14×14: half). Its
 * output channels are the layer's input channels, also few in small networks (6 in LeNet), a
 * shape on which XNNPACK's convolution is slow.
 *
 * Here each output position's gradient is multiplied by the filter once, `dy · Wᵀ` as one
 * BatchMatMul ([N·oH·oW, outC] × [outC, kH·kW·inC], XNNPACK's fully connected path, wide on its
 * output side), which computes exactly the useful products; the backend's ScatterNd then adds each
 * tap's row of inC values into the input pixel it came from. Taps that fall on padding go to one
 * spare row that is cut off. Each input-gradient entry is the same sum as before in another
 * order, so results differ by float32 rounding only.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { ConvGeometry } from './conv-geometry.ts';
import type { KernelCalls } from './kernel-calls.ts';

/**
 * Measured speeds on one thread (scratch benchmarks over LeNet's and small CNNs' shapes, see
 * docs/training-speed.md): the forward-convolution formulation runs at about 1.8·inC GMAC/s up to
 * 14; the matrix product at about 16 GMAC/s; the scatter costs about 2 ns a row plus 1 ns a value.
 */
const convolutionGmacsPerChannel = 1.8;
const convolutionGmacsMax = 14;
const matMulGmacs = 16;
const scatterNsPerRow = 2;
const scatterNsPerValue = 1;
/** The scatter path must win by this much in the estimate, so near-ties keep the older path. */
const requiredGain = 0.9;

/** Input and output channels of the convolution whose input gradient is wanted. */
export interface ConvChannels {
  inChannels: number;
  outChannels: number;
}

/** How many (output position, filter tap) pairs read an input pixel, not padding, per image. */
function tapsOnInput(g: ConvGeometry): number {
  const along = (
    outSize: number,
    taps: number,
    stride: number,
    dilation: number,
    pad: number,
    inSize: number,
  ) => {
    let count = 0;
    for (let o = 0; o < outSize; o++) {
      for (let k = 0; k < taps; k++) {
        const at = o * stride + k * dilation - pad;
        if (at >= 0 && at < inSize) count++;
      }
    }
    return count;
  };
  return (
    along(g.outHeight, g.filterHeight, g.strideHeight, g.dilationHeight, g.padTop, g.inHeight) *
    along(g.outWidth, g.filterWidth, g.strideWidth, g.dilationWidth, g.padLeft, g.inWidth)
  );
}

/** Whether the scatter path is estimated to be clearly faster than the forward-convolution one. */
export function prefersScatter(
  g: ConvGeometry,
  { inChannels, outChannels }: ConvChannels,
): boolean {
  const taps = g.filterHeight * g.filterWidth;
  const rows = g.batch * g.outHeight * g.outWidth * taps;
  if (rows === 0 || g.batch * g.inHeight * g.inWidth === 0) return false;
  const convolutionMacs = g.batch * g.inHeight * g.inWidth * taps * inChannels * outChannels;
  const usefulMacs = g.batch * tapsOnInput(g) * inChannels * outChannels;
  const convolutionGmacs = Math.min(convolutionGmacsMax, convolutionGmacsPerChannel * inChannels);
  // Both in nanoseconds.
  const convolution = convolutionMacs / convolutionGmacs;
  const scatter =
    usefulMacs / matMulGmacs + rows * scatterNsPerRow + rows * inChannels * scatterNsPerValue;
  return scatter < requiredGain * convolution;
}

/**
 * For output position m = (n, o, p) and tap (i, j), in that order: the input pixel (n, h, w) the
 * tap reads as a row index of the input gradient viewed as [N·H·W, inC], or N·H·W (the spare row)
 * where it reads padding.
 */
function scatterRows(g: ConvGeometry): Int32Array {
  const { batch, inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth } = g;
  const rows = new Int32Array(batch * outHeight * outWidth * filterHeight * filterWidth);
  const spare = batch * inHeight * inWidth;
  let at = 0;
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outHeight; o++) {
      for (let p = 0; p < outWidth; p++) {
        for (let i = 0; i < filterHeight; i++) {
          const h = o * g.strideHeight + i * g.dilationHeight - g.padTop;
          const inRow = h >= 0 && h < inHeight;
          for (let j = 0; j < filterWidth; j++) {
            const w = p * g.strideWidth + j * g.dilationWidth - g.padLeft;
            rows[at++] = inRow && w >= 0 && w < inWidth ? (n * inHeight + h) * inWidth + w : spare;
          }
        }
      }
    }
  }
  return rows;
}

/**
 * The row indices depend on the geometry alone, and a training run asks for the same few
 * geometries every step (building them costs about as much as the scatter itself), so the last
 * few are kept. Very large ones are rebuilt each time rather than held.
 */
const cachedGeometries = 8;
const largestCached = 1 << 22;
const rowCache = new Map<string, Int32Array>();

function cachedScatterRows(g: ConvGeometry): Int32Array {
  const key = JSON.stringify(g);
  const hit = rowCache.get(key);
  if (hit) {
    // Most recently used last.
    rowCache.delete(key);
    rowCache.set(key, hit);
    return hit;
  }
  const rows = scatterRows(g);
  if (rows.length > largestCached) return rows;
  rowCache.set(key, rows);
  const oldest = rowCache.keys().next();
  if (rowCache.size > cachedGeometries && !oldest.done) rowCache.delete(oldest.value);
  return rows;
}

/** dx `[N, H, W, inC]` from dy `[N, oH, oW, outC]` and the filter `[kH, kW, inC, outC]`. */
export function inputGradientByScatter(
  calls: KernelCalls,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
): TensorInfo {
  const [filterHeight, filterWidth, inChannels, outChannels] = filter.shape as [
    number,
    number,
    number,
    number,
  ];
  const tapValues = filterHeight * filterWidth * inChannels;
  const positions = g.batch * g.outHeight * g.outWidth;
  // [outC, kH·kW·inC]: the product's right operand, which the backend packs once per call.
  const filterT = calls.transpose(calls.reshape(filter, [tapValues, outChannels]), [1, 0]);
  const byTap = calls.run(
    'BatchMatMul',
    {
      a: calls.reshape(dy, [1, positions, outChannels]),
      b: calls.reshape(filterT, [1, outChannels, tapValues]),
    },
    { transposeA: false, transposeB: false },
  );
  const rows = cachedScatterRows(g);
  const pixels = g.batch * g.inHeight * g.inWidth;
  const summed = calls.run(
    'ScatterNd',
    {
      indices: calls.int32(rows, [rows.length, 1]),
      updates: calls.reshape(byTap, [rows.length, inChannels]),
    },
    { shape: [pixels + 1, inChannels] },
  );
  const dx = calls.slice(summed, [0, 0], [pixels, inChannels]);
  return calls.reshape(dx, [g.batch, g.inHeight, g.inWidth, inChannels]);
}
