import { LayerShapeError } from '../graph/errors.ts';

/**
 * A tensor shape with the batch dimension first and always `null`, as Keras and tfjs print it.
 * Other dimensions are null where unknown (a sequence of any length).
 */
export type Shape = readonly (number | null)[];

export function formatShape(shape: Shape): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
}

/** Elements per sample (batch dimension excluded); unknown dimensions count as 1. */
export function elementsPerSample(shape: Shape): number {
  let n = 1;
  for (let i = 1; i < shape.length; i++) n *= shape[i] ?? 1;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Throws E013 unless the shape (batch included) has one of the given ranks. */
export function expectRank(shape: Shape, ranks: number[], layer: string, hint = ''): void {
  if (ranks.includes(shape.length)) return;
  const want = ranks.map((r) => `${r - 1}-D`).join(' or ');
  throw new LayerShapeError(
    'E013',
    `${layer} needs ${want} input per sample but got ${formatShape(shape)}.${hint ? ' ' + hint : ''}`,
  );
}

/** The single input of a one-input layer (arity is checked before shape rules run). */
export function only(inputs: readonly Shape[]): Shape {
  const first = inputs[0];
  if (!first) throw new LayerShapeError('E011', 'The input is not connected.');
  return first;
}

/**
 * Output length of a convolution or pooling window along one axis, following tfjs/Keras
 * `convOutputLength`. Null in, null out. Throws E014 when the window does not fit.
 */
export function convOutputLength(
  input: number | null,
  kernel: number,
  stride: number,
  padding: 'valid' | 'same',
  dilation = 1,
  layer = 'This layer',
): number | null {
  if (input === null) return null;
  const effective = kernel + (kernel - 1) * (dilation - 1);
  if (padding === 'same') return Math.ceil(input / stride);
  if (effective > input) {
    throw new LayerShapeError(
      'E014',
      `${layer}'s window of ${effective} is larger than its input of ${input} with padding 'valid'; use a smaller kernel or padding 'same'.`,
    );
  }
  return Math.floor((input - effective) / stride) + 1;
}

/** Output length of a transposed convolution along one axis (tfjs `deconvLength`). */
export function deconvOutputLength(
  input: number | null,
  kernel: number,
  stride: number,
  padding: 'valid' | 'same',
): number | null {
  if (input === null) return null;
  return padding === 'same' ? input * stride : input * stride + Math.max(kernel - stride, 0);
}

/**
 * Output height and width of a 2-D window (convolution or pooling) over an image
 * `[null, n_H, n_W, n_C]`, with the checks every such layer shares: tfjs cannot run a dilated
 * window with a stride above 1, and a 'valid' window must fit (E014).
 */
export function windowOutputSize2d(
  x: Shape,
  window: {
    kernel: readonly number[];
    strides: readonly number[];
    padding: 'valid' | 'same';
    dilation?: readonly number[];
  },
  layer: string,
): [number | null, number | null] {
  const { kernel, strides, padding, dilation = [1, 1] } = window;
  const dilated = dilation.some((d) => d > 1);
  if (dilated && strides.some((s) => s > 1)) {
    throw new LayerShapeError(
      'E014',
      `${layer} cannot use dilation ${dilation.join('×')} and strides ${strides.join('×')} together; set one of them to 1.`,
    );
  }
  const along = (axis: 0 | 1) =>
    convOutputLength(
      x[axis + 1] ?? null,
      kernel[axis] ?? 1,
      strides[axis] ?? 1,
      padding,
      dilation[axis] ?? 1,
      layer,
    );
  return [along(0), along(1)];
}
