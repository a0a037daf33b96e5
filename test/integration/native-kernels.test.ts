/**
 * The native kernels addon (native/), called directly, against tfjs's plain-JS backend as the
 * oracle: convolutions forward and both gradients over a table of geometries (both patch layouts,
 * several chunks, strides, dilations, padding kinds, one and two threads), matrix products with
 * every transpose and batch broadcast, and max pooling's gradient on data full of ties, NaN and
 * infinities. Arrays that do not fit the geometry are refused with an error, never read past.
 *
 * Where the addon is not built the suite is skipped with the reason, except on CI, where the
 * build must have worked (the install step provides Eigen and a compiler).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../app/engine/data/random.ts';
import { loadTensorflow } from '../../app/engine/backend.ts';
import { loadNativeKernels } from '../../app/engine/kernels/native/addon.ts';
import type { NativeKernels } from '../../app/engine/kernels/native/addon.ts';
import { expectClose as closeArrays } from '../helpers/close.ts';

const load = loadNativeKernels();
const native = load.kernels as NativeKernels;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => native?.setThreads(1));

it('the native kernels are built (required on CI)', (context) => {
  if (process.env.CI !== 'true' && !load.kernels) context.skip(`not built here: ${load.why}`);
  expect(load.why).toBeNull();
});

const random = createRandom(11);
const values = (size: number) => Float32Array.from({ length: size }, () => random.next() - 0.5);

function expectClose(actual: Float32Array, expected: ArrayLike<number>, what: string) {
  closeArrays(actual, expected, what, { relative: 1e-5, absolute: 1e-6 });
}

interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
  dilations?: [number, number];
}

const convCases: ConvCase[] = [
  // One input channel: column-major patches.
  { name: 'LeNet conv 1', x: [3, 28, 28, 1], filter: [5, 5, 1, 6], strides: [1, 1], pad: 'same' },
  { name: 'LeNet conv 2', x: [3, 14, 14, 6], filter: [5, 5, 6, 16], strides: [1, 1], pad: 'valid' },
  { name: 'stride 2, same', x: [2, 9, 11, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'same' },
  {
    name: 'stride 3, valid',
    x: [2, 10, 13, 2],
    filter: [3, 4, 2, 5],
    strides: [3, 3],
    pad: 'valid',
  },
  { name: 'strides 1×2', x: [1, 7, 8, 16], filter: [3, 3, 16, 8], strides: [1, 2], pad: 'same' },
  {
    name: 'explicit padding',
    x: [2, 6, 7, 3],
    filter: [3, 3, 3, 2],
    strides: [1, 1],
    pad: [
      [0, 0],
      [2, 0],
      [1, 3],
      [0, 0],
    ],
  },
  { name: '1×1 kernel', x: [2, 5, 5, 8], filter: [1, 1, 8, 4], strides: [1, 1], pad: 'valid' },
  {
    name: 'image-sized kernel',
    x: [3, 6, 6, 2],
    filter: [6, 6, 2, 3],
    strides: [1, 1],
    pad: 'valid',
  },
  // 64×64 with 5×5 over 3 channels: patches need several chunks.
  { name: 'several chunks', x: [2, 64, 64, 3], filter: [5, 5, 3, 4], strides: [1, 1], pad: 'same' },
  {
    name: 'dilation 2 (forward)',
    x: [2, 12, 12, 3],
    filter: [3, 3, 3, 4],
    strides: [1, 1],
    pad: 'same',
    dilations: [2, 2],
  },
];

function geometry(c: ConvCase): { ints: Int32Array; outShape: number[] } {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations ?? 1, c.pad);
  const ints = Int32Array.from([
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.filterHeight,
    info.filterWidth,
    info.outChannels,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
    info.outHeight,
    info.outWidth,
  ]);
  return { ints, outShape: [info.batchSize, info.outHeight, info.outWidth, info.outChannels] };
}

describe.skipIf(!load.kernels)('native convolutions against the plain-JS backend', () => {
  describe.each([1, 2])('%i thread(s)', (threads) => {
    beforeAll(() => native.setThreads(threads));

    it.each(convCases)('$name', (c) => {
      const { ints, outShape } = geometry(c);
      const x = values(c.x.reduce((a, b) => a * b, 1));
      const filter = values(c.filter.reduce((a, b) => a * b, 1));
      const dy = values(outShape.reduce((a, b) => a * b, 1));
      const [xt, ft, dyt] = [tf.tensor4d(x, c.x), tf.tensor4d(filter, c.filter), tf.tensor(dy)];
      const conv = (a: tf.Tensor4D, f: tf.Tensor4D) =>
        tf.conv2d(a, f, c.strides, c.pad, 'NHWC', c.dilations ?? 1);

      const y = new Float32Array(dy.length);
      native.conv2d(ints, x, filter, y);
      expectClose(y, conv(xt, ft).dataSync(), 'forward');

      if (!c.dilations) {
        // The oracle's gradients of Σ conv(x, f) · dy.
        const loss = (a: tf.Tensor, f: tf.Tensor) =>
          tf.sum(tf.mul(conv(a as tf.Tensor4D, f as tf.Tensor4D), dyt.reshape(outShape)));
        const [dx, df] = tf.grads(loss)([xt, ft]) as [tf.Tensor, tf.Tensor];
        const dw = new Float32Array(filter.length);
        native.conv2dFilterGradient(ints, x, dy, dw);
        expectClose(dw, df.dataSync(), 'filter gradient');
        const dxNative = new Float32Array(x.length).fill(NaN);
        native.conv2dInputGradient(ints, dy, filter, dxNative);
        expectClose(dxNative, dx.dataSync(), 'input gradient');
      }
    });

    it('max pooling gradient: ties, negative maxima, NaN and infinities, overlapping windows', () => {
      for (const [filterSize, strides, pad] of [
        [2, 2, 'valid'],
        [3, 2, 'same'],
        [3, 1, 'valid'],
        [2, 3, 'same'],
      ] as const) {
        const shape: [number, number, number, number] = [3, 7, 8, 5];
        // Few distinct values make ties common; some NaN and ±∞ among them.
        const x = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
          const r = random.next();
          if (r < 0.03) return NaN;
          if (r < 0.05) return Infinity;
          if (r < 0.07) return -Infinity;
          return Math.round(random.next() * 4) - 3;
        });
        const xt = tf.tensor4d(x, shape);
        const pooled = tf.maxPool(xt, filterSize, strides, pad);
        const dy = values(pooled.size);
        const expected = tf
          .grad((a: tf.Tensor) =>
            tf.sum(
              tf.mul(
                tf.maxPool(a as tf.Tensor4D, filterSize, strides, pad),
                tf.tensor(dy, pooled.shape),
              ),
            ),
          )(xt)
          .dataSync() as Float32Array;
        const info = tf.backend_util.computePool2DInfo(shape, filterSize, strides, 1, pad);
        const ints = Int32Array.from([
          ...shape,
          info.outHeight,
          info.outWidth,
          info.strideHeight,
          info.strideWidth,
          info.effectiveFilterHeight,
          info.effectiveFilterWidth,
          info.padInfo.top,
          info.padInfo.left,
        ]);
        const dx = new Float32Array(x.length).fill(NaN);
        native.maxPoolGrad(ints, x, dy, dx);
        expectClose(dx, expected, `pool ${filterSize}/${strides} ${pad}`);
      }
    });
  });
});

describe.skipIf(!load.kernels)('native matrix products against the plain-JS backend', () => {
  it.each([
    { a: [5, 7], b: [7, 3], ta: false, tb: false },
    { a: [7, 5], b: [7, 3], ta: true, tb: false },
    { a: [5, 7], b: [3, 7], ta: false, tb: true },
    { a: [7, 5], b: [3, 7], ta: true, tb: true },
    { a: [4, 5, 7], b: [4, 7, 3], ta: false, tb: false },
    { a: [1, 5, 7], b: [4, 7, 3], ta: false, tb: false },
    { a: [4, 7, 5], b: [1, 3, 7], ta: true, tb: true },
  ])('$a × $b, transposed $ta/$tb', ({ a, b, ta, tb }) => {
    const [av, bv] = [values(a.reduce((p, q) => p * q, 1)), values(b.reduce((p, q) => p * q, 1))];
    const expected = tf.matMul(tf.tensor(av, a), tf.tensor(bv, b), ta, tb);
    const batch = a.length === 3 ? Math.max(a[0] as number, b[0] as number) : 1;
    const [m, k] = ta ? [a.at(-1), a.at(-2)] : [a.at(-2), a.at(-1)];
    const n = tb ? b.at(-2) : b.at(-1);
    const out = new Float32Array(expected.size);
    const shape = [batch, a.length === 3 ? a[0] : 1, b.length === 3 ? b[0] : 1, m, k, n];
    native.batchMatMul(
      Int32Array.from([...shape, ta ? 1 : 0, tb ? 1 : 0] as number[]),
      av,
      bv,
      out,
    );
    expectClose(out, expected.dataSync(), 'product');
  });
});

describe.skipIf(!load.kernels)('arrays that do not fit are refused', () => {
  const c = convCases[1] as ConvCase;
  const { ints, outShape } = geometry(c);
  const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  const ok = () => ({
    x: new Float32Array(size(c.x)),
    f: new Float32Array(size(c.filter)),
    y: new Float32Array(size(outShape)),
  });

  it.each([
    [
      'an output one float short',
      () => native.conv2d(ints, ok().x, ok().f, new Float32Array(size(outShape) - 1)),
    ],
    [
      'an input one float long',
      () => native.conv2d(ints, new Float32Array(size(c.x) + 1), ok().f, ok().y),
    ],
    [
      'a Float64Array',
      () =>
        native.conv2dFilterGradient(
          ints,
          ok().x,
          new Float64Array(size(outShape)) as unknown as Float32Array,
          ok().f,
        ),
    ],
    [
      'a short geometry',
      () => native.conv2dInputGradient(ints.subarray(0, 14), ok().y, ok().f, ok().x),
    ],
    [
      'a zero stride',
      () =>
        native.conv2d(
          Int32Array.from(ints, (v, i) => (i === 7 ? 0 : v)),
          ok().x,
          ok().f,
          ok().y,
        ),
    ],
    [
      'a product whose operands do not fit',
      () =>
        native.batchMatMul(
          Int32Array.from([1, 1, 1, 4, 5, 6, 0, 0]),
          new Float32Array(20),
          new Float32Array(29),
          new Float32Array(24),
        ),
    ],
    ['too many threads', () => native.setThreads(65)],
    // Lengths that match the geometry, coordinates that overflow a 32-bit int.
    [
      'a stride that wraps window coordinates',
      () =>
        native.conv2d(
          Int32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 2 ** 30, 1, 1, 0, 0, 1, 4]),
          new Float32Array(1),
          new Float32Array(1),
          new Float32Array(4),
        ),
    ],
    [
      'a pad of −2³¹',
      () =>
        native.conv2d(
          Int32Array.from([1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, -(2 ** 31), -(2 ** 31), 2, 2]),
          new Float32Array(4),
          new Float32Array(1),
          new Float32Array(4),
        ),
    ],
    [
      'sizes whose product wraps to zero',
      () =>
        native.batchMatMul(
          Int32Array.from([2 ** 21, 2 ** 21, 2 ** 21, 2 ** 21, 2 ** 22, 2 ** 22, 0, 0]),
          new Float32Array(0),
          new Float32Array(0),
          new Float32Array(0),
        ),
    ],
  ])('%s', (_, call) => {
    expect(call).toThrow();
  });
});

describe.skipIf(!load.kernels)('the registered kernels on WebAssembly', () => {
  it.each([
    [
      [1, 1, 2, 3],
      [4, 3, 5],
    ],
    [
      [4, 2, 3],
      [1, 1, 3, 5],
    ],
    [
      [2, 1, 2, 3],
      [1, 3, 3, 5],
    ],
  ])(
    'matMul %j × %j has tfjs’s shape and values (batch broadcasts left to the fallback)',
    async (as, bs) => {
      const [a, b] = [values(as.reduce((p, q) => p * q, 1)), values(bs.reduce((p, q) => p * q, 1))];
      const expected = tf.matMul(tf.tensor(a, as), tf.tensor(b, bs));
      await loadTensorflow('wasm');
      try {
        const got = tf.matMul(tf.tensor(a, as), tf.tensor(b, bs));
        expect(got.shape).toEqual(expected.shape);
        expectClose(got.dataSync() as Float32Array, expected.dataSync(), 'product');
      } finally {
        await tf.setBackend('cpu');
      }
    },
  );
});
