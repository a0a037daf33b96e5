/**
 * Add of a per-channel vector, `[..., C] + [C]` (or `[C] + [..., C]`): how tfjs-layers adds the
 * bias of every Dense and convolution layer. The backend's broadcasting Add pays per row of C
 * values (about 1 ms for LeNet's [64, 28, 28, 6] + [6]; docs/training-speed.md), and a JavaScript
 * loop is little better (about 2 ns a value). So the rows are grouped into wide ones
 * (channel-rows.ts) and the vector repeated to that width: the backend's own Add then takes its
 * fast path. Other Adds, and small or unfactorable ones of this form, go to the backend's own
 * unchanged.
 *
 * Each output element is still one float32 addition of the same two values, so results equal the
 * backend's own and the plain-JS backend's bit for bit, NaN and infinities included.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import { wideRows } from './channel-rows.ts';
import type { FastKernel } from './kernel-calls.ts';

/** The operands as (tensor, channel vector) when they match the pattern, else null. */
function asBiasAdd(a: TensorInfo, b: TensorInfo): { x: TensorInfo; bias: TensorInfo } | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  if (isChannelVector(b, a)) return { x: a, bias: b };
  if (isChannelVector(a, b)) return { x: b, bias: a };
  return null;
}

function isChannelVector(vector: TensorInfo, x: TensorInfo): boolean {
  return x.shape.length >= 2 && vector.shape.length === 1 && vector.shape[0] === x.shape.at(-1);
}

export const biasAdd: FastKernel = {
  kernelName: 'Add',
  because: 'faster',
  run(calls, inputs) {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const operands = asBiasAdd(a, b);
    const rows = operands && wideRows(operands.x.shape);
    if (!operands || !rows) return calls.run('Add', { a, b });
    const { x, bias } = operands;
    const channels = bias.shape[0] as number;
    const repeated = calls.loop([bias], [rows.width], ([vector], out) => {
      for (let i = 0; i < out.length; i++) out[i] = vector[i % channels] as number;
    });
    const sum = calls.run('Add', { a: calls.reshape(x, [rows.count, rows.width]), b: repeated });
    return calls.reshape(sum, x.shape);
  },
};
