/**
 * What max and average pooling have in common: a window slides over each channel of an image and
 * keeps one number per position, so they differ only in that number and in their tfjs factory.
 *
 * FLOPs: one operation per window element (a comparison for max, an addition for average) at each
 * output position, n_H·n_W·n_C·f_H·f_W; average pooling's one division per output is left out.
 * Global pooling is a window the size of the image: one operation per input value, n_H·n_W·n_C.
 */
import { ints, oneOf } from './params.ts';
import { expectRank, only, windowOutputSize2d } from './shape.ts';
import type { Shape } from './shape.ts';
import { defineLayer } from './spec.ts';
import type { LayerSpec } from './spec.ts';
import { tfCall } from './tfcall.ts';

const poolingParams = {
  poolSize: ints({
    label: 'Pool size',
    length: 2,
    default: [2, 2],
    min: 1,
    max: 1024,
    help: 'Height and width of the window (f in the course).',
  }),
  strides: ints({
    label: 'Strides',
    length: 2,
    default: [2, 2],
    min: 1,
    max: 1024,
    help: 'Step between windows (s in the course); equal to the pool size, windows do not overlap.',
  }),
  padding: oneOf({
    label: 'Padding',
    options: ['valid', 'same'],
    default: 'valid',
    help: "'valid' drops a border that does not fill a window; 'same' pads so the output is ceil(n / s).",
  }),
} as const;

export type PoolingParams = typeof poolingParams;

function imageInput(inputs: readonly Shape[], label: string): Shape {
  const x = only(inputs);
  expectRank(
    x,
    [4],
    label,
    x.length === 2
      ? 'Pooling works on images; add a Reshape to height × width × channels first.'
      : '',
  );
  return x;
}

export function pooling2d(options: {
  type: string;
  label: string;
  help: string;
  /** Word for the node face: `max` or `average`. */
  verb: string;
  /** tfjs factory under `tf.layers`. */
  factory: string;
}): LayerSpec<PoolingParams> {
  return defineLayer({
    type: options.type,
    label: options.label,
    category: 'pooling',
    help: options.help,
    role: 'layer',
    inputs: { min: 1, max: 1 },
    weighted: false,
    examples: [
      { name: '2×2, stride 2', inputs: [[8, 8, 3]] },
      { name: 'odd size, valid drops the border', inputs: [[7, 9, 2]] },
      {
        name: 'odd size, same, overlapping 3×3 stride 2',
        inputs: [[7, 10, 4]],
        params: { poolSize: [3, 3], strides: [2, 2], padding: 'same' },
      },
      {
        name: 'rectangular window, stride larger than window',
        inputs: [[11, 12, 1]],
        params: { poolSize: [3, 1], strides: [4, 3] },
      },
    ],
    params: poolingParams,
    describe: (p) =>
      `${options.verb} ${p.poolSize.join('×')}, stride ${p.strides[0] === p.strides[1] ? p.strides[0] : p.strides.join('×')}, ${p.padding}`,
    outputShape: (inputs, p) => {
      const x = imageInput(inputs, options.label);
      const [h, w] = windowOutputSize2d(
        x,
        { kernel: p.poolSize, strides: p.strides, padding: p.padding },
        options.label,
      );
      return [null, h, w, x[3] ?? null];
    },
    countParams: () => ({ trainable: 0, nonTrainable: 0 }),
    flops: (_inputs, out, p) =>
      (out[1] ?? 1) * (out[2] ?? 1) * (out[3] ?? 0) * (p.poolSize[0] ?? 1) * (p.poolSize[1] ?? 1),
    tfjs: (p, name) => [
      tfCall(options.factory, {
        name,
        poolSize: [...p.poolSize],
        strides: [...p.strides],
        padding: p.padding,
      }),
    ],
  });
}

export function globalPooling2d(options: {
  type: string;
  label: string;
  help: string;
  verb: string;
  factory: string;
}): LayerSpec<Record<string, never>> {
  return defineLayer({
    type: options.type,
    label: options.label,
    category: 'pooling',
    help: options.help,
    role: 'layer',
    inputs: { min: 1, max: 1 },
    weighted: false,
    examples: [
      { name: 'square', inputs: [[7, 7, 8]] },
      { name: 'odd rectangle, one channel', inputs: [[3, 5, 1]] },
    ],
    params: {},
    describe: () => `${options.verb} over n_H × n_W`,
    outputShape: (inputs) => [null, imageInput(inputs, options.label)[3] ?? null],
    countParams: () => ({ trainable: 0, nonTrainable: 0 }),
    flops: (inputs) => {
      const x = only(inputs);
      return (x[1] ?? 1) * (x[2] ?? 1) * (x[3] ?? 0);
    },
    tfjs: (_p, name) => [tfCall(options.factory, { name })],
  });
}
