/**
 * Our MaxPoolGrad on the WebAssembly backend takes a branch-free path for finite inputs (a special
 * one for disjoint 2×2 windows) and falls back to a plain scan when an input is NaN or ±∞. Both
 * must give what tfjs's plain-JS kernel gives (the oracle), on geometries on both sides of the
 * fast path's conditions and on data full of ties, negative maxima, signed zeros and non-finite
 * values; a few small windows are also checked against hand-worked answers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTensorflow } from '../../app/engine/backend.ts';
import { createRandom } from '../../app/engine/data/random.ts';
import type { Random } from '../../app/engine/data/random.ts';

type Backend = 'cpu' | 'wasm';
type Shape4 = [number, number, number, number];

interface PoolAttrs {
  filterSize: [number, number];
  strides: [number, number];
  pad: 'valid' | 'same' | number;
}

beforeAll(async () => {
  // Registers the WebAssembly backend with our kernels; the plain-JS one is always registered.
  await loadTensorflow('wasm');
});

/** MaxPoolGrad's input gradient on `backend`, for the given input and output gradient values. */
async function maxPoolGrad(
  backend: Backend,
  x: Float32Array,
  shape: Shape4,
  attrs: PoolAttrs,
  dyValues: (outShape: number[]) => Float32Array,
): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const input = tf.tensor4d(x, shape);
    const output = tf.maxPool(input, attrs.filterSize, attrs.strides, attrs.pad);
    const dy = tf.tensor(dyValues(output.shape), output.shape);
    const dx = tf.engine().runKernel<tf.Tensor>('MaxPoolGrad', { dy, input, output }, { ...attrs });
    return Float32Array.from(dx.dataSync());
  });
}

/** Quarter steps shifted below zero: many tied and negative window maxima. */
function tiedValues(random: Random, size: number): Float32Array {
  return Float32Array.from({ length: size }, () => Math.round((random.next() - 0.5) * 8) / 4 - 0.2);
}

/** Also signed zeros (equal under `>`, so ties) and, when asked, NaN and ±∞. */
function hostileValues(random: Random, size: number, nonFinite: boolean): Float32Array {
  const specials = nonFinite ? [0, -0, NaN, Infinity, -Infinity] : [0, -0];
  return tiedValues(random, size).map((v) =>
    random.next() < 0.3 ? (specials[random.int(specials.length)] as number) : v,
  );
}

/** Output gradients with some −0 entries, which a sum starting from +0 turns into +0. */
function gradientValues(seed: number): (outShape: number[]) => Float32Array {
  return (outShape) => {
    const random = createRandom(seed);
    const size = outShape.reduce((a, b) => a * b, 1);
    return Float32Array.from({ length: size }, () =>
      random.next() < 0.1 ? -0 : random.next() * 2 - 1,
    );
  };
}

function expectSameValues(actual: Float32Array, expected: Float32Array): void {
  // Object.is per entry: NaN equals NaN, and +0 differs from −0.
  const differing = [...expected.keys()].filter((i) => !Object.is(actual[i], expected[i]));
  expect(differing.slice(0, 5).map((i) => [i, actual[i], expected[i]])).toEqual([]);
}

/** Overlapping windows add up; float32 sums (ours) and float64 ones (plain JS) differ in the last bit. */
function expectCloseValues(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let maxError = 0;
  let magnitude = 0;
  for (let i = 0; i < expected.length; i++) {
    maxError = Math.max(maxError, Math.abs((actual[i] as number) - (expected[i] as number)));
    magnitude = Math.max(magnitude, Math.abs(expected[i] as number));
  }
  expect(maxError).toBeLessThan(1e-6 * magnitude);
}

interface PoolCase extends PoolAttrs {
  name: string;
  input: Shape4;
  /** Windows never share an input, so each entry is one gradient or zero: exact equality. */
  disjoint: boolean;
}

const poolCases: PoolCase[] = [
  {
    name: 'LeNet first pool (2×2 fast path)',
    input: [3, 28, 28, 6],
    filterSize: [2, 2],
    strides: [2, 2],
    pad: 'valid',
    disjoint: true,
  },
  {
    name: 'LeNet second pool (2×2 fast path)',
    input: [3, 10, 10, 16],
    filterSize: [2, 2],
    strides: [2, 2],
    pad: 'valid',
    disjoint: true,
  },
  {
    name: '2×2 stride 2, valid, odd size: last row and column unread',
    input: [2, 7, 9, 3],
    filterSize: [2, 2],
    strides: [2, 2],
    pad: 'valid',
    disjoint: true,
  },
  {
    name: "2×2 stride 2, 'same', even size: no padding, fast path",
    input: [2, 6, 8, 1],
    filterSize: [2, 2],
    strides: [2, 2],
    pad: 'same',
    disjoint: true,
  },
  {
    name: "2×2 stride 2, 'same', odd size: windows past the edge",
    input: [2, 7, 9, 3],
    filterSize: [2, 2],
    strides: [2, 2],
    pad: 'same',
    disjoint: true,
  },
  {
    name: '2×2 stride 2, explicit padding 1 in front',
    input: [2, 6, 7, 2],
    filterSize: [2, 2],
    strides: [2, 2],
    pad: 1,
    disjoint: true,
  },
  {
    name: '3×3 stride 3, disjoint but not 2×2',
    input: [2, 9, 10, 4],
    filterSize: [3, 3],
    strides: [3, 3],
    pad: 'valid',
    disjoint: true,
  },
  {
    name: '2×1 stride 2×1, disjoint but not square',
    input: [2, 6, 5, 3],
    filterSize: [2, 1],
    strides: [2, 1],
    pad: 'valid',
    disjoint: true,
  },
  {
    name: '2×2 stride 1, overlapping',
    input: [2, 6, 7, 3],
    filterSize: [2, 2],
    strides: [1, 1],
    pad: 'valid',
    disjoint: false,
  },
  {
    name: "3×3 stride 2, 'same', overlapping",
    input: [2, 9, 8, 5],
    filterSize: [3, 3],
    strides: [2, 2],
    pad: 'same',
    disjoint: false,
  },
];

describe('MaxPoolGrad on WebAssembly against the plain-JS backend', () => {
  for (const [index, c] of poolCases.entries()) {
    for (const nonFinite of [false, true]) {
      const data = nonFinite ? 'NaN, ±∞, ±0, ties' : 'ties, ±0, negative maxima';
      it(`${c.name}; ${data}`, async () => {
        const size = c.input.reduce((a, b) => a * b, 1);
        const x = hostileValues(createRandom(100 + index), size, nonFinite);
        const dy = gradientValues(200 + index);
        const want = await maxPoolGrad('cpu', x, c.input, c, dy);
        const got = await maxPoolGrad('wasm', x, c.input, c, dy);
        if (c.disjoint) expectSameValues(got, want);
        else expectCloseValues(got, want);
      });
    }
  }
});

describe('MaxPoolGrad on hand-worked windows', () => {
  // One 2×2 window over a 2×2 input (row-major taps), output gradient 5.
  const windows: { name: string; x: number[]; dx: number[] }[] = [
    { name: 'the maximum takes it all', x: [1, 3, 2, 0], dx: [0, 5, 0, 0] },
    { name: 'a tie goes to the first', x: [1, 3, 3, 0], dx: [0, 5, 0, 0] },
    { name: 'a negative maximum still wins', x: [-4, -1, -2, -3], dx: [0, 5, 0, 0] },
    { name: '+0 and −0 tie, the first wins', x: [-0, 0, -1, -1], dx: [5, 0, 0, 0] },
    { name: 'NaN never wins', x: [NaN, -1, NaN, -2], dx: [0, 5, 0, 0] },
    {
      name: 'a window of NaN and −∞ passes nothing on',
      x: [NaN, -Infinity, -Infinity, NaN],
      dx: [0, 0, 0, 0],
    },
    { name: '+∞ wins', x: [1, Infinity, 2, Infinity], dx: [0, 5, 0, 0] },
  ];
  const attrs: PoolAttrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
  for (const backend of ['wasm', 'cpu'] as const) {
    for (const w of windows) {
      it(`${backend}: ${w.name}`, async () => {
        const got = await maxPoolGrad(backend, Float32Array.from(w.x), [1, 2, 2, 1], attrs, () =>
          Float32Array.of(5),
        );
        expect([...got]).toEqual(w.dx);
      });
    }
  }
});
