/**
 * Sum over every axis but the last, `[..., C] → [C]`: the gradient of a per-channel bias
 * (bias-add.ts). The backend's Sum first transposes the channels to the front whenever the summed
 * axes are not the innermost ones (about 0.5 ms for LeNet's [64, 28, 28, 6];
 * docs/training-speed.md), and a JavaScript loop is little better. Ours groups the rows into wide
 * ones (channel-rows.ts) and averages them with the backend's AvgPool, a window as tall as the
 * tensor that sums each column on its fast path (about 0.03 ms); a loop then scales the means
 * back to sums and folds the wide row into channels. The backend keeps one pooling operator per
 * wide-row geometry it has seen (a training run sees a few). Other Sums, and small or unfactorable
 * ones of this form, go to the backend's own unchanged; empty inputs give zeros, which the
 * backend's own leaves uninitialized.
 *
 * Accuracy: each column adds `rows / k` values in float32 (k ≥ 2 rows per wide row), its mean is
 * rounded once, and the rest is float64; the backend's own adds all `rows` values of a channel in
 * float32. On LeNet's shapes ours lands 10–100 times closer to the float64 sum (the plain-JS
 * backend's) than the backend's own (test/integration/kernels-bias.test.ts checks it is never
 * farther).
 */
import type { SumAttrs, TensorInfo } from '@tensorflow/tfjs';
import { wideRows } from './channel-rows.ts';
import type { FastKernel, KernelCalls } from './kernel-calls.ts';

function sumsAllButLast(calls: KernelCalls, x: TensorInfo, axis: SumAttrs['axis']): boolean {
  const rank = x.shape.length;
  if (x.dtype !== 'float32' || rank < 2) return false;
  const axes = new Set(calls.tf.util.parseAxisParam(axis, x.shape));
  return axes.size === rank - 1 && !axes.has(rank - 1);
}

export const sumLeadingAxes: FastKernel = {
  kernelName: 'Sum',
  because: 'faster',
  run(calls, inputs, attrs) {
    const { x } = inputs as { x: TensorInfo };
    const { axis, keepDims } = attrs as unknown as SumAttrs;
    if (!sumsAllButLast(calls, x, axis)) return calls.run('Sum', { x }, { axis, keepDims });
    const channels = x.shape.at(-1) as number;
    const outShape = keepDims ? [...x.shape.slice(1).map(() => 1), channels] : [channels];
    // The backend's own returns uninitialized memory for an empty input; the loop's output is
    // zero-filled, the right sum of nothing.
    if (x.shape.includes(0)) return calls.loop([], outShape, () => undefined);
    const rows = wideRows(x.shape);
    if (!rows) return calls.run('Sum', { x }, { axis, keepDims });
    const { count, width } = rows;
    const means = calls.run(
      'AvgPool',
      { x: calls.reshape(x, [1, count, 1, width]) },
      { filterSize: [count, 1], strides: [1, 1], pad: 'valid' },
    );
    return calls.loop([means], outShape, ([columnMeans], out) => {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let i = c; i < width; i += channels) sum += (columnMeans[i] as number) * count;
        out[c] = sum;
      }
    });
  },
};
