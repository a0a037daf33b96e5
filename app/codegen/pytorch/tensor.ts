/**
 * The few array moves that take a tfjs weight to PyTorch's layout (see WeightTransform in
 * app/layers/pytorch.ts), on plain row-major Float32Arrays so the exporter needs no tfjs ops.
 */
import type { WeightTransform } from '../../layers/pytorch.ts';

export interface HostTensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

export function applyTransforms(
  tensor: HostTensor,
  steps: readonly WeightTransform[] = [],
): HostTensor {
  return steps.reduce((t, step) => {
    switch (step.op) {
      case 'permute':
        return permute(t, step.perm);
      case 'reshape':
        return reshape(t, step.shape);
      case 'reorderBlocks':
        return reorderBlocks(t, step.axis, step.order);
    }
  }, tensor);
}

/** Row-major strides of a shape. */
function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) {
    strides[i] = (strides[i + 1] as number) * (shape[i + 1] as number);
  }
  return strides;
}

/** Output axis i is input axis perm[i], as numpy's transpose. */
export function permute(t: HostTensor, perm: readonly number[]): HostTensor {
  if (perm.length !== t.shape.length) {
    throw new Error(`Cannot permute a rank-${t.shape.length} weight by [${perm.join(', ')}]`);
  }
  const shape = perm.map((axis) => t.shape[axis] as number);
  const inStrides = stridesOf(t.shape);
  const stepOf = perm.map((axis) => inStrides[axis] as number);
  const out = new Float32Array(t.data.length);
  const index = new Array<number>(shape.length).fill(0);
  let source = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = t.data[source] as number;
    // Odometer over the output's index, moving the source offset along.
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const i = (index[axis] as number) + 1;
      if (i < (shape[axis] as number)) {
        index[axis] = i;
        source += stepOf[axis] as number;
        break;
      }
      index[axis] = 0;
      source -= (i - 1) * (stepOf[axis] as number);
    }
  }
  return { data: out, shape };
}

export function reshape(t: HostTensor, shape: readonly number[]): HostTensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== t.data.length) {
    throw new Error(`Cannot reshape ${t.data.length} values to [${shape.join(', ')}]`);
  }
  return { data: t.data, shape: [...shape] };
}

/** The axis cut into order.length equal blocks, block i of the result being block order[i]. */
export function reorderBlocks(t: HostTensor, axisIn: number, order: readonly number[]): HostTensor {
  const axis = axisIn < 0 ? t.shape.length + axisIn : axisIn;
  const length = t.shape[axis] as number;
  if (length % order.length !== 0) {
    throw new Error(`Cannot cut an axis of ${length} into ${order.length} blocks`);
  }
  const block = length / order.length;
  const inner = t.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = t.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const out = new Float32Array(t.data.length);
  for (let o = 0; o < outer; o++) {
    order.forEach((from, to) => {
      const src = (o * length + from * block) * inner;
      const dst = (o * length + to * block) * inner;
      out.set(t.data.subarray(src, src + block * inner), dst);
    });
  }
  return { data: out, shape: t.shape };
}
