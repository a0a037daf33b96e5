/**
 * BatchMatMul with transposes done first. The backend's kernel runs XNNPACK only for
 * untransposed operands and falls back to a slow loop otherwise, and every Dense layer's
 * gradients ask for a transposed operand (dW = xᵀ·dy, dx = dy·Wᵀ): an explicit transpose plus the
 * fast path is about five times quicker (docs/training-speed.md).
 */
import type { BatchMatMulAttrs, TensorInfo } from '@tensorflow/tfjs';
import type { FastKernel, KernelCalls } from './kernel-calls.ts';

function swapLastTwo(calls: KernelCalls, t: TensorInfo): TensorInfo {
  const rank = t.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return calls.transpose(t, perm);
}

export const batchMatMul: FastKernel = {
  kernelName: 'BatchMatMul',
  because: 'faster',
  run(calls, inputs, attrs) {
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
    return calls.run(
      'BatchMatMul',
      { a: transposeA ? swapLastTwo(calls, a) : a, b: transposeB ? swapLastTwo(calls, b) : b },
      { transposeA: false, transposeB: false },
    );
  },
};
