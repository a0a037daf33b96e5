/**
 * Every activation option, on a Dense layer and as an Activation layer, computes the function the
 * course (and its paper) defines. The oracle is the formula, evaluated here in float64; the model
 * is built by the compiler with a kernel set by hand, so z = x·W + b is known exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import type { Tensor } from '../../app/engine/tf.ts';
import type { ParamValue } from '../../app/graph/document.ts';
import { activationNames } from '../../app/layers/common.ts';
import type { ActivationName } from '../../app/layers/common.ts';
import { chain } from '../helpers/docs.ts';
import { tf, useCpuBackend } from '../helpers/tfjs-oracle.ts';

beforeAll(useCpuBackend);

const ALPHA = 0.2;

/**
 * erf by its Maclaurin series; for |x| ≤ 4 the terms' rounding stays far below 1e-9. Beyond 4,
 * |1 − |erf(x)|| < 1.6e-8, so ±1 is exact to the test's tolerance (and the series would overflow).
 */
function erf(x: number): number {
  if (Math.abs(x) > 4) return Math.sign(x);
  let term = x;
  let sum = x;
  for (let n = 1; n < 120; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

// SELU's constants, from Klambauer et al. 2017, "Self-Normalizing Neural Networks".
const SELU_LAMBDA = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

/** Each activation applied to one row of pre-activations. */
const formulas: Record<ActivationName, (z: number[]) => number[]> = {
  linear: (z) => z,
  relu: (z) => z.map((v) => Math.max(0, v)),
  relu6: (z) => z.map((v) => Math.min(6, Math.max(0, v))),
  leakyRelu: (z) => z.map((v) => (v > 0 ? v : ALPHA * v)),
  sigmoid: (z) => z.map(sigmoid),
  tanh: (z) => z.map(Math.tanh),
  elu: (z) => z.map((v) => (v > 0 ? v : Math.exp(v) - 1)),
  selu: (z) => z.map((v) => SELU_LAMBDA * (v > 0 ? v : SELU_ALPHA * (Math.exp(v) - 1))),
  softmax: (z) => {
    const e = z.map(Math.exp);
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / total);
  },
  swish: (z) => z.map((v) => v * sigmoid(v)),
  // The exact GELU, x·Φ(x) (Hendrycks & Gimpel 2016), not the tanh approximation.
  gelu: (z) => z.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))),
};

const kernel = [
  [0.5, -1, 0.25, 1.5],
  [-0.75, 0.5, 1, 0],
  [0.2, 0.4, -0.6, -1],
];
const bias = [0.1, -0.2, 0, 0.3];
const inputs = [
  [1, -2, 0.5],
  [-1, 0.3, 2],
  [0, 0, 0],
  [2.5, 1, -1.5],
  // Large enough that z exceeds 6 (7.3 in the first unit), so ReLU6's cap is exercised.
  [8, -4, 1],
];

/** x·W + b, the pre-activation a Dense layer computes. */
const preActivation = (x: number[]) =>
  bias.map((b, j) => x.reduce((sum, xi, i) => sum + xi * (kernel[i]?.[j] ?? NaN), b));

function expectRowsClose(actual: number[][], expected: number[][]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, r) =>
    row.forEach((v, c) => expect(v).toBeCloseTo(expected[r]?.[c] ?? NaN, 5)),
  );
}

function paramsFor(activation: ActivationName): Record<string, ParamValue> {
  return activation === 'leakyRelu' ? { activation, alpha: ALPHA } : { activation };
}

describe('activation options', () => {
  it('cover every activation the catalog offers', () => {
    expect(Object.keys(formulas).sort()).toEqual([...activationNames].sort());
  });

  // The pre-activations span both signs and up to |z| ≈ 5, where the functions differ most.
  it('see pre-activations of both signs', () => {
    const all = inputs.flatMap(preActivation);
    expect(Math.min(...all)).toBeLessThan(-2);
    expect(Math.max(...all)).toBeGreaterThan(2);
  });

  describe.each([...activationNames])('%s', (activation) => {
    it('on Dense: model.predict equals the formula applied to x·W + b', () => {
      const document = chain(
        ['x', 'Input', { kind: 'vector', shape: [3] }],
        ['dense', 'Dense', { units: 4, ...paramsFor(activation) }],
        ['loss', 'MeanSquaredErrorLoss'],
      );
      const { model } = compileToLayersModel(tf, document);
      model.getLayer('dense').setWeights([tf.tensor2d(kernel), tf.tensor1d(bias)]);
      const predicted = (model.predict(tf.tensor2d(inputs)) as Tensor).arraySync() as number[][];
      expectRowsClose(predicted, inputs.map(preActivation).map(formulas[activation]));
    });

    it('as an Activation layer: model.predict equals the formula', () => {
      const document = chain(
        ['x', 'Input', { kind: 'vector', shape: [4] }],
        ['act', 'Activation', paramsFor(activation)],
        ['loss', 'MeanSquaredErrorLoss'],
      );
      const { model } = compileToLayersModel(tf, document);
      const z = inputs.map(preActivation);
      const predicted = (model.predict(tf.tensor2d(z)) as Tensor).arraySync() as number[][];
      expectRowsClose(predicted, z.map(formulas[activation]));
    });
  });
});
