/**
 * The per-channel Add and Sum we register on the WebAssembly backend (app/engine/kernels/
 * bias-add.ts, sum-leading-axes.ts). Oracles: the backend's own kernels, captured before ours
 * replace them, for every case ours hands on; the plain-JS backend for the cases ours computes
 * (Add bit for bit; Sum within a relative tolerance); and, for Sum, float64 sums computed here
 * from the input. Which path ran is observed, so a case meant for ours cannot pass by being handed
 * on, nor the reverse.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadTensorflow } from '../../app/engine/backend.ts';
import { createRandom } from '../../app/engine/data/random.ts';
import { KernelCalls } from '../../app/engine/kernels/kernel-calls.ts';
import { expectClose as closeArrays } from '../helpers/close.ts';

// Importing the WebAssembly backend registers its own kernels; loadTensorflow replaces these two.
const stockAdd = tf.getKernel('Add', 'wasm');
const stockSum = tf.getKernel('Sum', 'wasm');

type Dtype = 'float32' | 'int32';

interface Operand {
  shape: number[];
  dtype?: Dtype;
  /** Values in [0, 1) instead of [−0.5, 0.5): float32 sums then drift the most. */
  positive?: boolean;
  /** NaN, ±Infinity and signed zeros at fixed positions. */
  special?: boolean;
}

interface Values {
  values: Float32Array | Int32Array;
  shape: number[];
}

beforeAll(async () => {
  await loadTensorflow('wasm');
  // The captured kernels must be the backend's own, not ours.
  expect(stockAdd?.kernelFunc).not.toBe(tf.getKernel('Add', 'wasm')?.kernelFunc);
  expect(stockSum?.kernelFunc).not.toBe(tf.getKernel('Sum', 'wasm')?.kernelFunc);
});

afterEach(() => {
  vi.restoreAllMocks();
});

function makeValues(operand: Operand, seed: number): Values {
  const random = createRandom(seed);
  const size = operand.shape.reduce((a, b) => a * b, 1);
  if (operand.dtype === 'int32') {
    return {
      values: Int32Array.from({ length: size }, () => random.int(200) - 100),
      shape: [...operand.shape],
    };
  }
  const offset = operand.positive ? 0 : 0.5;
  const values = Float32Array.from({ length: size }, () => random.next() - offset);
  if (operand.special) {
    const specials = [NaN, Infinity, -Infinity, -0, 0];
    for (let i = 0; i < size; i += 7) values[i] = specials[(i / 7) % specials.length] as number;
  }
  return { values, shape: [...operand.shape] };
}

function toTensor(v: Values): tf.Tensor {
  return tf.tensor(v.values, v.shape, v.values instanceof Int32Array ? 'int32' : 'float32');
}

function copyOut(values: tf.backend_util.BackendValues): Float32Array | Int32Array {
  return values instanceof Int32Array ? values.slice() : Float32Array.from(values as Float32Array);
}

/**
 * Runs `name` on `backend` through the engine, and reports whether our replacement computed it
 * (anything but one call of the backend's own kernel of that name).
 */
async function runOn(
  backend: 'wasm' | 'cpu',
  name: string,
  inputs: Record<string, Values>,
  attrs: object,
): Promise<Values & { ours: boolean }> {
  await tf.setBackend(backend);
  const calls = vi.spyOn(KernelCalls.prototype, 'run');
  const loops = vi.spyOn(KernelCalls.prototype, 'loop');
  const tensors: tf.NamedTensorMap = {};
  for (const [key, v] of Object.entries(inputs)) tensors[key] = toTensor(v);
  const out = tf.engine().runKernel<tf.Tensor>(name, tensors, attrs as tf.NamedAttrMap);
  const result = { values: copyOut(out.dataSync()), shape: [...out.shape] };
  tf.dispose([out, ...Object.values(tensors)]);
  const called = calls.mock.calls.map(([kernel]) => kernel);
  const ours = loops.mock.calls.length > 0 || called.length !== 1 || called[0] !== name;
  calls.mockRestore();
  loops.mockRestore();
  return { ...result, ours };
}

/** The backend's own kernel on WebAssembly, called directly. */
async function runStock(
  config: tf.KernelConfig | undefined,
  inputs: Record<string, Values>,
  attrs: object,
): Promise<Values> {
  if (!config) throw new Error('the WebAssembly backend registered no such kernel');
  await tf.setBackend('wasm');
  const backend = tf.backend();
  const tensors: tf.NamedTensorMap = {};
  for (const [key, v] of Object.entries(inputs)) tensors[key] = toTensor(v);
  const out = config.kernelFunc({ inputs: tensors, backend, attrs: attrs as tf.NamedAttrMap });
  const info = (Array.isArray(out) ? out[0] : out) as tf.TensorInfo;
  const result = { values: copyOut(backend.readSync(info.dataId)), shape: [...info.shape] };
  backend.disposeData(info.dataId);
  tf.dispose(Object.values(tensors));
  return result;
}

/** Same shape and the same value everywhere: NaN equals NaN, −0 differs from 0. */
function expectIdentical(actual: Values, expected: Values, what: string): void {
  expect(actual.shape, what).toEqual(expected.shape);
  expect(actual.values.length, what).toBe(expected.values.length);
  for (let i = 0; i < expected.values.length; i++) {
    if (!Object.is(actual.values[i], expected.values[i])) {
      expect.fail(`${what}: element ${i} is ${actual.values[i]}, expected ${expected.values[i]}`);
    }
  }
}

interface AddCase {
  name: string;
  a: Operand;
  b: Operand;
}

const fastAdds: AddCase[] = [
  { name: 'LeNet conv 1', a: { shape: [64, 28, 28, 6] }, b: { shape: [6] } },
  { name: 'LeNet conv 2', a: { shape: [64, 10, 10, 16] }, b: { shape: [16] } },
  { name: 'odd sizes, 3 channels', a: { shape: [3, 97, 61, 3] }, b: { shape: [3] } },
  { name: 'one channel, rank 2', a: { shape: [16384, 1] }, b: { shape: [1] } },
  { name: 'wide channels, rank 2', a: { shape: [130, 257] }, b: { shape: [257] } },
  { name: 'rank 3', a: { shape: [32, 33, 17] }, b: { shape: [17] } },
  { name: 'vector first', a: { shape: [6] }, b: { shape: [64, 28, 28, 6] } },
  {
    name: 'NaN, infinities and signed zeros',
    a: { shape: [64, 16, 16, 3], special: true },
    b: { shape: [3], special: true },
  },
];

const handedOnAdds: AddCase[] = [
  { name: 'too small to gain', a: { shape: [64, 120] }, b: { shape: [120] } },
  { name: 'prime row count', a: { shape: [16411, 3] }, b: { shape: [3] } },
  { name: 'vector on a middle axis', a: { shape: [64, 28, 28, 6] }, b: { shape: [28, 1, 1] } },
  { name: 'one-value vector', a: { shape: [64, 28, 28, 6] }, b: { shape: [1] } },
  { name: 'vector wider than the last axis', a: { shape: [4096, 1] }, b: { shape: [6] } },
  { name: 'same shapes', a: { shape: [64, 28, 28, 6] }, b: { shape: [64, 28, 28, 6] } },
  { name: 'int32', a: { shape: [64, 300], dtype: 'int32' }, b: { shape: [300], dtype: 'int32' } },
  { name: 'two vectors', a: { shape: [20000] }, b: { shape: [20000] } },
  { name: 'empty batch', a: { shape: [0, 6] }, b: { shape: [6] } },
];

describe('Add of a per-channel vector', () => {
  for (const c of fastAdds) {
    it(`${c.name}: ${c.a.shape.join('×')} + ${c.b.shape.join('×')} equals plain JS bit for bit`, async () => {
      const inputs = { a: makeValues(c.a, 1), b: makeValues(c.b, 2) };
      const ours = await runOn('wasm', 'Add', inputs, {});
      expect(ours.ours, 'our kernel computed it').toBe(true);
      expectIdentical(ours, await runOn('cpu', 'Add', inputs, {}), 'against plain JS');
      expectIdentical(ours, await runStock(stockAdd, inputs, {}), "against the backend's own");
    });
  }
  for (const c of handedOnAdds) {
    it(`${c.name}: ${c.a.shape.join('×')} + ${c.b.shape.join('×')} goes to the backend's own`, async () => {
      const inputs = { a: makeValues(c.a, 3), b: makeValues(c.b, 4) };
      const ours = await runOn('wasm', 'Add', inputs, {});
      expect(ours.ours, 'handed on').toBe(false);
      expectIdentical(ours, await runStock(stockAdd, inputs, {}), "against the backend's own");
    });
  }
});

interface SumCase {
  name: string;
  x: Operand;
  axis: number | number[];
  keepDims?: boolean;
}

const fastSums: SumCase[] = [
  { name: 'LeNet conv 1', x: { shape: [64, 28, 28, 6] }, axis: [0, 1, 2] },
  {
    name: 'LeNet conv 1, positive',
    x: { shape: [64, 28, 28, 6], positive: true },
    axis: [0, 1, 2],
  },
  {
    name: 'LeNet conv 1, keepDims',
    x: { shape: [64, 28, 28, 6] },
    axis: [0, 1, 2],
    keepDims: true,
  },
  { name: 'LeNet conv 2', x: { shape: [64, 10, 10, 16], positive: true }, axis: [0, 1, 2] },
  { name: 'odd sizes, 3 channels', x: { shape: [3, 97, 61, 3] }, axis: [0, 1, 2] },
  { name: 'one channel', x: { shape: [16384, 1], positive: true }, axis: [0] },
  { name: 'wide channels, axis as a number', x: { shape: [130, 257] }, axis: 0 },
  { name: 'negative, unordered axes', x: { shape: [64, 28, 28, 6] }, axis: [-2, 0, 1] },
  { name: 'rank 3, keepDims', x: { shape: [32, 33, 17] }, axis: [1, 0], keepDims: true },
];

const emptySums: SumCase[] = [
  { name: 'empty batch', x: { shape: [0, 6] }, axis: [0] },
  { name: 'empty batch, keepDims', x: { shape: [0, 4, 6] }, axis: [0, 1], keepDims: true },
];

const handedOnSums: SumCase[] = [
  { name: 'too small to gain', x: { shape: [64, 120] }, axis: [0] },
  { name: 'prime row count', x: { shape: [16411, 3] }, axis: [0] },
  { name: 'the last axis', x: { shape: [64, 28, 28, 6] }, axis: [3] },
  { name: 'the last axis, keepDims', x: { shape: [64, 28, 28, 6] }, axis: -1, keepDims: true },
  { name: 'every axis', x: { shape: [64, 28, 28, 6] }, axis: [0, 1, 2, 3] },
  { name: 'some leading axes', x: { shape: [64, 28, 28, 6] }, axis: [0, 1] },
  { name: 'int32', x: { shape: [64, 300], dtype: 'int32' }, axis: [0] },
  { name: 'rank 1', x: { shape: [20000] }, axis: [0] },
];

/** Per channel: the float64 sum and the sum of magnitudes, the scale of any rounding error. */
function float64Sums(x: Values): { sums: Float64Array; magnitudes: Float64Array } {
  const channels = x.shape.at(-1) as number;
  const sums = new Float64Array(channels);
  const magnitudes = new Float64Array(channels);
  for (let i = 0; i < x.values.length; i++) {
    const value = x.values[i] as number;
    const c = i % channels;
    sums[c] = (sums[c] as number) + value;
    magnitudes[c] = (magnitudes[c] as number) + Math.abs(value);
  }
  return { sums, magnitudes };
}

/**
 * Ours drifts from float64 by at most 1e-7 of the magnitude on these tables (the backend's own,
 * which adds every value of a channel in float32, by up to 7e-6); a dropped or doubled row moves
 * a sum by far more than 1e-6 of it.
 */
const relativeTolerance = 1e-6;

/** The largest error of `actual` against `expected`, each channel's relative to its magnitude. */
function largestRelativeError(
  actual: Values,
  expected: ArrayLike<number>,
  magnitudes: Float64Array,
): number {
  let largest = 0;
  for (let c = 0; c < magnitudes.length; c++) {
    const error = Math.abs((actual.values[c] as number) - (expected[c] as number));
    largest = Math.max(largest, error / (magnitudes[c] as number));
  }
  return largest;
}

function describeSum(c: SumCase): string {
  const axis = Array.isArray(c.axis) ? `[${c.axis.join(', ')}]` : String(c.axis);
  return `${c.name}: ${c.x.shape.join('×')} over ${axis}${c.keepDims ? ', keepDims' : ''}`;
}

describe('Sum over every axis but the last', () => {
  for (const c of fastSums) {
    it(`${describeSum(c)} matches float64 sums and plain JS`, async () => {
      const x = makeValues(c.x, 5);
      const attrs = { axis: c.axis, keepDims: c.keepDims ?? false };
      const ours = await runOn('wasm', 'Sum', { x }, attrs);
      expect(ours.ours, 'our kernel computed it').toBe(true);
      const plain = await runOn('cpu', 'Sum', { x }, attrs);
      expect(ours.shape).toEqual(plain.shape);
      const { sums, magnitudes } = float64Sums(x);
      const error = largestRelativeError(ours, sums, magnitudes);
      expect(error, 'against float64').toBeLessThanOrEqual(relativeTolerance);
      const fromPlain = largestRelativeError(ours, plain.values, magnitudes);
      expect(fromPlain, 'against plain JS').toBeLessThanOrEqual(relativeTolerance);
      const stock = await runStock(stockSum, { x }, attrs);
      const stockError = largestRelativeError(stock, sums, magnitudes);
      expect(error, "no less accurate than the backend's own").toBeLessThanOrEqual(stockError);
    });
  }
  for (const c of emptySums) {
    it(`${describeSum(c)} is zeros, like plain JS`, async () => {
      const x = makeValues(c.x, 6);
      const attrs = { axis: c.axis, keepDims: c.keepDims ?? false };
      const ours = await runOn('wasm', 'Sum', { x }, attrs);
      expect(ours.ours, 'our kernel computed it').toBe(true);
      expectIdentical(ours, await runOn('cpu', 'Sum', { x }, attrs), 'against plain JS');
    });
  }
  for (const c of handedOnSums) {
    it(`${describeSum(c)} goes to the backend's own`, async () => {
      const x = makeValues(c.x, 7);
      const attrs = { axis: c.axis, keepDims: c.keepDims ?? false };
      const ours = await runOn('wasm', 'Sum', { x }, attrs);
      expect(ours.ours, 'handed on').toBe(false);
      expectIdentical(ours, await runStock(stockSum, { x }, attrs), "against the backend's own");
    });
  }
});

function read(t: tf.Tensor): Values {
  return { values: copyOut(t.dataSync()), shape: [...t.shape] };
}

/**
 * Gradients of a layer's weights and input for a fixed, non-uniform loss, on one backend, and the
 * kernels our replacements called on the way.
 */
async function layerGradients(
  backend: 'wasm' | 'cpu',
  makeLayer: () => tf.layers.Layer,
  input: Values,
  weights: Values[] | null,
): Promise<{ weights: Values[]; gradients: Values[]; called: string[] }> {
  await tf.setBackend(backend);
  const calls = vi.spyOn(KernelCalls.prototype, 'run');
  const layer = makeLayer();
  const x = tf.variable(toTensor(input));
  tf.dispose(layer.apply(x) as tf.Tensor); // builds the weights
  if (weights) {
    const given = weights.map(toTensor);
    layer.setWeights(given);
    tf.dispose(given);
  }
  const outShape = layer.computeOutputShape(input.shape) as number[];
  const mix = toTensor(makeValues({ shape: outShape }, 8));
  const variables = [x, ...layer.trainableWeights.map((w) => w.read() as tf.Variable)];
  const { value, grads } = tf.variableGrads(
    () => tf.sum<tf.Scalar>(tf.mul(layer.apply(x) as tf.Tensor, mix)),
    variables,
  );
  const result = {
    weights: layer.getWeights().map(read),
    gradients: variables.map((v) => read(grads[v.name] as tf.Tensor)),
  };
  tf.dispose([value, mix, x, ...Object.values(grads)]);
  layer.dispose();
  const called = calls.mock.calls.map(([kernel]) => kernel);
  calls.mockRestore();
  return { ...result, called };
}

function expectClose(actual: Values, expected: Values, what: string): void {
  expect(actual.shape, what).toEqual(expected.shape);
  closeArrays(actual.values, expected.values, what, { relative: 1e-5, absolute: 1e-7 });
}

interface LayerCase {
  name: string;
  makeLayer: () => tf.layers.Layer;
  input: number[];
  /** Whether the forward pass adds the bias with Add (tfjs fuses it otherwise). */
  addsBias: boolean;
}

const layerCases: LayerCase[] = [
  {
    name: 'Conv2D with ReLU (bias by Add)',
    makeLayer: () =>
      tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }),
    input: [8, 28, 28, 2],
    addsBias: true,
  },
  {
    name: 'linear Conv2D (bias fused into the convolution)',
    makeLayer: () => tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'linear' }),
    input: [16, 14, 14, 3],
    addsBias: false,
  },
  {
    name: 'Dense with ReLU',
    makeLayer: () => tf.layers.dense({ units: 64, activation: 'relu' }),
    input: [512, 20],
    addsBias: true,
  },
];

/** Our Add's fast path: the operand viewed as wide rows, added, and viewed back. */
function ranFastAdd(called: readonly string[]): boolean {
  return called.some(
    (k, i) => k === 'Add' && called[i - 1] === 'Reshape' && called[i + 1] === 'Reshape',
  );
}

describe('bias gradients through tfjs layers match plain JS', () => {
  for (const c of layerCases) {
    it(c.name, async () => {
      const input = makeValues({ shape: c.input }, 9);
      const plain = await layerGradients('cpu', c.makeLayer, input, null);
      const ours = await layerGradients('wasm', c.makeLayer, input, plain.weights);
      expect(ours.called, 'our Sum computed the bias gradient').toContain('AvgPool');
      expect(ranFastAdd(ours.called), 'our Add added the bias').toBe(c.addsBias);
      expect(ours.gradients.length).toBe(plain.gradients.length);
      ours.gradients.forEach((g, i) =>
        expectClose(g, plain.gradients[i] as Values, `gradient ${i}`),
      );
    });
  }
});
