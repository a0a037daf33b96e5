/**
 * What max and average pooling have in common: a window slides over each channel of an image and
 * keeps one number per position, so they differ only in that number and in their tfjs factory.
 *
 * FLOPs: one operation per window element (a comparison for max, an addition for average) at each
 * output position, n_H·n_W·n_C·f_H·f_W; average pooling's one division per output is left out.
 * Global pooling is a window the size of the image: one operation per input value, n_H·n_W·n_C.
 */
import { ints, oneOf } from './params.ts';
import type { ParamValues } from './params.ts';
import { expectRank, only, windowOutputSize2d } from './shape.ts';
import type { Shape } from './shape.ts';
import { padInput, paddingArgument, py, pyCall, pySize, windowPadding } from './pytorch.ts';
import type { TorchLayer } from './pytorch.ts';
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
  /** Class names in Keras and tfjs model files. */
  kerasClasses: readonly string[];
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
    fromKeras: {
      classes: options.kerasClasses,
      params: (k) => {
        k.expect('data_format', ['channels_last'], 'its images are height × width × channels.');
        const poolSize = k.ints('pool_size', 2, [2, 2]);
        return {
          poolSize,
          // Keras's strides default to the pool size.
          strides: k.ints('strides', 2, poolSize),
          padding: k.oneOf('padding', ['valid', 'same'], 'valid'),
        };
      },
    },
    tfjs: (p, name) => [
      tfCall(options.factory, {
        name,
        poolSize: [...p.poolSize],
        strides: [...p.strides],
        padding: p.padding,
      }),
    ],
    pytorch: (p, ctx) => poolingTorch(options.verb === 'max', p, ctx.attr, only(ctx.inputs)),
  });
}

/**
 * A pooling window in PyTorch. 'same' max pooling pads with minus infinity, so the border never
 * wins; TensorFlow's 'same' average counts only real pixels (count_include_pad=False), and where
 * its padding is uneven avg_pool_same (in the exported file) divides by the real count itself.
 */
function poolingTorch(
  max: boolean,
  p: ParamValues<PoolingParams>,
  attr: string,
  x: Shape,
): TorchLayer {
  const window = { kernel: p.poolSize, strides: p.strides };
  const padding = windowPadding([x[1] ?? null, x[2] ?? null], { ...window, padding: p.padding });
  const stride = p.strides.join() === p.poolSize.join() ? undefined : pySize(p.strides);
  const paddingArg = paddingArgument(padding);
  if (!max && padding.kind !== 'symmetric') {
    return {
      layout: 'channelsFirst',
      forward: ([x0]) => pyCall('avg_pool_same', [x0 ?? '', py(p.poolSize), py(p.strides)]),
      helpers: ['avg_pool_same'],
    };
  }
  const module = pyCall(max ? 'nn.MaxPool2d' : 'nn.AvgPool2d', [pySize(p.poolSize)], {
    stride,
    padding: paddingArg,
    count_include_pad: !max && paddingArg !== undefined ? 'False' : undefined,
  });
  return {
    layout: 'channelsFirst',
    module,
    forward: ([x0]) => `self.${attr}(${padInput(x0 ?? '', padding, window, "float('-inf')")})`,
    ...(padding.kind === 'runtime' ? { helpers: ['pad_same'] as const } : {}),
  };
}

export function globalPooling2d(options: {
  type: string;
  label: string;
  help: string;
  verb: string;
  factory: string;
  kerasClasses: readonly string[];
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
    fromKeras: {
      classes: options.kerasClasses,
      params: (k) => {
        k.expect('data_format', ['channels_last'], 'its images are height × width × channels.');
        k.expect('keepdims', [false], 'the catalog’s global pooling gives a vector.');
        return {};
      },
    },
    tfjs: (_p, name) => [tfCall(options.factory, { name })],
    // Over height and width, wherever the layout keeps them.
    pytorch: () => ({
      layout: 'any',
      forward: ([x], layout) => {
        const dims = layout === 'channelsFirst' ? '(2, 3)' : '(1, 2)';
        return `${x ?? ''}.${options.verb === 'max' ? 'amax' : 'mean'}(dim=${dims})`;
      },
    }),
  });
}
