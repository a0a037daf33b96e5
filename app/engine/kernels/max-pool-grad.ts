/**
 * MaxPoolGrad. The backend's own kernel gives wrong gradients when a window's maximum is negative
 * or the batch holds more than one sample (its output is never zeroed), so this one is a direct
 * loop over the backend's memory.
 * Max pooling's gradient is pure data movement (one comparison and one add per tap), so a loop
 * beats composing it from the backend's kernels, whose strided slices and rank-6 transposes are
 * slow paths there (measured: 130 ms against 2 ms for one LeNet step).
 *
 * The rule is the plain-JS backend's: each window's gradient goes to its first maximum in
 * row-major order (a strict `>` scan from −∞, so NaNs never win, ties go to the earliest, and a
 * window of only NaN or −∞ passes nothing on); overlapping windows add up.
 *
 * Speed: on random data half of all "is this tap bigger?" branches are mispredicted, which cost
 * more than the arithmetic. So the loops first assume every input is finite and pick winners
 * without branches (comparisons turned into 0/1 index steps), checking finiteness along the way;
 * only when an input is NaN or ±∞ do they start over with the plain branching scan. All loops
 * walk the channel axis innermost, so every read is sequential in NHWC memory. Measured on LeNet's
 * pools (batch 64): 2.6 → 0.7 ms for 28×28×6 and 0.75 → 0.25 ms for 10×10×16.
 */
import type { MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs';
import type { FastKernel } from './kernel-calls.ts';

interface PoolGeometry {
  batch: number;
  height: number;
  width: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  filterHeight: number;
  filterWidth: number;
  top: number;
  left: number;
}

/** Routes each window's gradient into `dx` (zero on entry); false when it met NaN or ±∞. */
type FiniteRoute = (
  g: PoolGeometry,
  x: Float32Array,
  gradient: Float32Array,
  dx: Float32Array,
) => boolean;

export const maxPoolGrad: FastKernel = {
  kernelName: 'MaxPoolGrad',
  because: 'incorrect',
  run(calls, inputs, attrs) {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const a = attrs as unknown as MaxPoolGradAttrs;
    const [batch, height, width, channels] = input.shape as [number, number, number, number];
    const info = calls.tf.backend_util.computePool2DInfo(
      [batch, height, width, channels],
      a.filterSize,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
    );
    const g: PoolGeometry = {
      batch,
      height,
      width,
      channels,
      outHeight: info.outHeight,
      outWidth: info.outWidth,
      strideHeight: info.strideHeight,
      strideWidth: info.strideWidth,
      filterHeight: info.effectiveFilterHeight,
      filterWidth: info.effectiveFilterWidth,
      top: info.padInfo.top,
      left: info.padInfo.left,
    };
    const route: FiniteRoute = isDisjointTwoByTwo(g) ? routeDisjointTwoByTwo : routeFiniteWindows;
    return calls.loop([input, dy], input.shape, ([x, gradient], dx) => {
      if (route(g, x, gradient, dx)) return;
      dx.fill(0);
      routeAnyWindows(g, x, gradient, dx);
    });
  },
};

/**
 * The usual pooling layer (2×2, stride 2, no padding in front): windows tile the input without
 * overlap and every tap is in bounds.
 */
function isDisjointTwoByTwo(g: PoolGeometry): boolean {
  return (
    g.filterHeight === 2 &&
    g.filterWidth === 2 &&
    g.strideHeight === 2 &&
    g.strideWidth === 2 &&
    g.top === 0 &&
    g.left === 0 &&
    2 * g.outHeight <= g.height &&
    2 * g.outWidth <= g.width
  );
}

/** Two rounds of a knockout between the taps; a strict `>` keeps the earlier one on a tie. */
function routeDisjointTwoByTwo(
  g: PoolGeometry,
  x: Float32Array,
  gradient: Float32Array,
  dx: Float32Array,
): boolean {
  const { batch, height, channels, outHeight, outWidth } = g;
  const pixel = channels;
  const row = g.width * channels;
  // Stays 0 while every input is finite (x − x is NaN for NaN and ±∞).
  let check = 0;
  let at = 0;
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outHeight; o++) {
      const rowStart = (n * height + 2 * o) * row;
      for (let p = 0; p < outWidth; p++) {
        const corner = rowStart + 2 * p * pixel;
        for (let c = 0; c < channels; c++, at++) {
          const topLeft = corner + c;
          const bottomLeft = topLeft + row;
          const v0 = x[topLeft] as number;
          const v1 = x[topLeft + pixel] as number;
          const v2 = x[bottomLeft] as number;
          const v3 = x[bottomLeft + pixel] as number;
          check += v0 - v0 + (v1 - v1) + (v2 - v2) + (v3 - v3);
          const top = topLeft + pixel * Number(v1 > v0);
          const bottom = bottomLeft + pixel * Number(v3 > v2);
          const winner = top + (bottom - top) * Number((x[bottom] as number) > (x[top] as number));
          // Disjoint windows, so this adds to a zero: the add only turns a −0 gradient into +0,
          // as the plain-JS backend's sums do.
          dx[winner] = (dx[winner] as number) + (gradient[at] as number);
        }
      }
    }
  }
  return check === 0;
}

/**
 * Any geometry (overlapping windows, padding, windows past the input's edge). The scan over taps
 * in row-major order keeps a running winner per channel; with finite inputs the first in-bounds
 * tap always wins against −∞, so it starts there.
 */
function routeFiniteWindows(
  g: PoolGeometry,
  x: Float32Array,
  gradient: Float32Array,
  dx: Float32Array,
): boolean {
  const { batch, channels, outHeight, outWidth } = g;
  const taps = new Int32Array(g.filterHeight * g.filterWidth);
  const bestAt = new Int32Array(channels);
  let check = 0;
  let at = 0;
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outHeight; o++) {
      for (let p = 0; p < outWidth; p++) {
        const count = windowTaps(g, n, o, p, taps);
        if (count === 0) {
          at += channels;
          continue;
        }
        const first = taps[0] as number;
        for (let c = 0; c < channels; c++) {
          const value = x[first + c] as number;
          check += value - value;
          bestAt[c] = first + c;
        }
        for (let t = 1; t < count; t++) {
          const tap = taps[t] as number;
          for (let c = 0; c < channels; c++) {
            const value = x[tap + c] as number;
            check += value - value;
            const best = bestAt[c] as number;
            bestAt[c] = best + (tap + c - best) * Number(value > (x[best] as number));
          }
        }
        for (let c = 0; c < channels; c++, at++) {
          const index = bestAt[c] as number;
          dx[index] = (dx[index] as number) + (gradient[at] as number);
        }
      }
    }
  }
  return check === 0;
}

/** The plain scan, right for NaN and ±∞ too. */
function routeAnyWindows(
  g: PoolGeometry,
  x: Float32Array,
  gradient: Float32Array,
  dx: Float32Array,
): void {
  const { batch, channels, outHeight, outWidth } = g;
  const taps = new Int32Array(g.filterHeight * g.filterWidth);
  const best = new Float32Array(channels).fill(-Infinity);
  const bestAt = new Int32Array(channels).fill(-1);
  let at = 0;
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outHeight; o++) {
      for (let p = 0; p < outWidth; p++) {
        const count = windowTaps(g, n, o, p, taps);
        for (let t = 0; t < count; t++) {
          const tap = taps[t] as number;
          for (let c = 0; c < channels; c++) {
            const value = x[tap + c] as number;
            if (value > (best[c] as number)) {
              best[c] = value;
              bestAt[c] = tap + c;
            }
          }
        }
        for (let c = 0; c < channels; c++, at++) {
          const index = bestAt[c] as number;
          if (index >= 0) dx[index] = (dx[index] as number) + (gradient[at] as number);
          best[c] = -Infinity;
          bestAt[c] = -1;
        }
      }
    }
  }
}

/**
 * Writes the offsets of window (n, o, p)'s in-bounds taps for channel 0 into `taps`, in row-major
 * order, and returns how many there are.
 */
function windowTaps(g: PoolGeometry, n: number, o: number, p: number, taps: Int32Array): number {
  const { height, width, channels, filterHeight, filterWidth } = g;
  const rowStart = o * g.strideHeight - g.top;
  const colStart = p * g.strideWidth - g.left;
  const endRow = Math.min(filterHeight, height - rowStart);
  const firstCol = Math.max(0, -colStart);
  const endCol = Math.min(filterWidth, width - colStart);
  let count = 0;
  for (let i = Math.max(0, -rowStart); i < endRow; i++) {
    const rowOffset = (n * height + rowStart + i) * width + colStart;
    for (let j = firstCol; j < endCol; j++) taps[count++] = (rowOffset + j) * channels;
  }
  return count;
}
