/**
 * The flat optimizers against tfjs's own optimizers (the oracle), built by the app's stock mapping
 * `makeOptimizer` on the cpu backend: same weights, same gradients, same learning-rate change,
 * weights compared after every step.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFlatOptimizer } from '../../app/engine/flat-optimizers.ts';
import { makeOptimizer, setLearningRate } from '../../app/engine/optimizers.ts';
import { createRandom } from '../../app/engine/data/random.ts';
import type { Random } from '../../app/engine/data/random.ts';
import { optimizerSchema, optimizerTypes } from '../../app/graph/training.ts';
import type { OptimizerType, TrainingConfig } from '../../app/graph/training.ts';

type OptimizerConfig = TrainingConfig['optimizer'];

const shapes = [[3, 4], [4], [2, 2, 2]];
const size = shapes.reduce((n, shape) => n + shape.reduce((a, b) => a * b, 1), 0);
const steps = 6;
const rateChangeAfterStep = 3;
/** Relative to max(1, |w|): float32 rounding is ~1e-7, a wrong formula moves weights by ≥ 1e-4. */
const tolerance = 1e-5;

/**
 * Learning rates large enough that a wrong formula moves weights well past the tolerance
 * (the schema's default 0.001 would hide small mistakes).
 */
const cases: { name: string; config: OptimizerConfig }[] = optimizerTypes.flatMap((type) => [
  { name: `${type}, defaults`, config: optimizerSchema.parse({ type, learningRate: 0.1 }) },
  {
    name: `${type}, momentum 0.5, β1 0.8, β2 0.99, ε 1e-4`,
    config: optimizerSchema.parse({
      type,
      learningRate: 0.05,
      momentum: 0.5,
      beta1: 0.8,
      beta2: 0.99,
      epsilon: 1e-4,
    }),
  },
]);

/** Mostly ordinary gradients, with tiny (1e-6) and large (1e4) ones mixed in. */
function randomGradient(random: Random): number {
  const scale = [1e-6, 1, 1, 1, 1e4][random.int(5)] as number;
  return random.normal() * scale;
}

function maxScaledError(actual: Float32Array, expected: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as number;
    worst = Math.max(worst, Math.abs((actual[i] as number) - e) / Math.max(1, Math.abs(e)));
  }
  return worst;
}

let variableCount = 0;

/** Runs both optimizers side by side and returns the worst error seen at each step. */
function compareWithTfjs(config: OptimizerConfig, seed: number): number[] {
  const random = createRandom(seed);
  const variables = shapes.map((shape) => {
    const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal());
    variableCount += 1;
    return tf.variable(tf.tensor(values, shape), true, `flat_optimizer_w${variableCount}`);
  });
  const stock = makeOptimizer(tf, config);
  const flat = makeFlatOptimizer(config, size);
  const weights = new Float32Array(variables.flatMap((v) => Array.from(v.dataSync())));
  const gradients = new Float32Array(size);
  const errors: number[] = [];
  try {
    for (let step = 1; step <= steps; step++) {
      for (let i = 0; i < size; i++) gradients[i] = randomGradient(random);
      let offset = 0;
      const named: Record<string, tf.Tensor> = {};
      for (const v of variables) {
        named[v.name] = tf.tensor(gradients.slice(offset, offset + v.size), v.shape);
        offset += v.size;
      }
      stock.applyGradients(named);
      tf.dispose(Object.values(named));
      expect(flat.step(weights, gradients)).toBe(true);
      const expected = new Float32Array(variables.flatMap((v) => Array.from(v.dataSync())));
      errors.push(maxScaledError(weights, expected));
      if (step === rateChangeAfterStep) {
        const rate = config.learningRate * 0.3;
        setLearningRate(stock, rate);
        flat.learningRate = rate;
      }
    }
  } finally {
    stock.dispose();
    tf.dispose(variables);
  }
  return errors;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('flat optimizers take the same steps as tfjs', () => {
  it.each(cases)('$name', ({ config }) => {
    const errors = compareWithTfjs(config, 7);
    expect(errors).toHaveLength(steps);
    for (const [step, error] of errors.entries()) {
      expect(error, `step ${step + 1}`).toBeLessThan(tolerance);
    }
  });
});

it("Adam's bias correction uses tfjs's float32 β2ᵗ: 1 − 0.999 is 1.3e-5 off in float32", () => {
  // One step at α 1 from w 0 with |g| ≫ ε moves w by ≈ −sign(g); the float32 correction shifts
  // that by ≈ 6.5e-6, well above float32 rounding (6e-8) and below the parity tolerance above.
  const config = optimizerSchema.parse({ type: 'adam', learningRate: 1 });
  const gradients = new Float32Array([1, -2, 3]);
  variableCount += 1;
  const variable = tf.variable(tf.zeros([3]), true, `flat_optimizer_w${variableCount}`);
  const stock = makeOptimizer(tf, config);
  const gradient = tf.tensor(gradients);
  stock.applyGradients({ [variable.name]: gradient });
  const expected = new Float32Array(variable.dataSync());
  tf.dispose([variable, gradient]);
  stock.dispose();
  const weights = new Float32Array(3);
  makeFlatOptimizer(config, 3).step(weights, gradients);
  expect(maxScaledError(weights, expected)).toBeLessThan(1e-6);
});

describe('the finite flag', () => {
  const configOf = (type: OptimizerType) => optimizerSchema.parse({ type, learningRate: 0.1 });

  it.each(optimizerTypes)('%s: false after a NaN or infinite gradient', (type) => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const flat = makeFlatOptimizer(configOf(type), 3);
      const weights = new Float32Array([0.5, -0.5, 1]);
      expect(flat.step(weights, new Float32Array([0.1, 0.2, 0.3]))).toBe(true);
      expect(flat.step(weights, new Float32Array([0.1, bad, 0.3]))).toBe(false);
    }
  });

  // SGD and momentum steps are unbounded; the others' steps are at most a few α.
  it.each(['sgd', 'momentum'] as const)(
    '%s: false when a weight leaves float32 range (finite in float64)',
    (type) => {
      const flat = makeFlatOptimizer({ ...configOf(type), learningRate: 1 }, 2);
      const weights = new Float32Array([3e38, 0]);
      expect(flat.step(weights, new Float32Array([-2e38, 0]))).toBe(false);
      expect(weights[0]).toBe(Number.POSITIVE_INFINITY);
    },
  );
});

describe('wiring mistakes', () => {
  const config = optimizerSchema.parse({ type: 'adam' });

  it('a step with arrays of another length throws', () => {
    const flat = makeFlatOptimizer(config, 4);
    expect(() => flat.step(new Float32Array(4), new Float32Array(3))).toThrow(/4 weights/);
    expect(() => flat.step(new Float32Array(5), new Float32Array(5))).toThrow(/4 weights/);
  });

  it('a size that is not a whole number of weights throws', () => {
    expect(() => makeFlatOptimizer(config, 2.5)).toThrow(RangeError);
    expect(() => makeFlatOptimizer(config, -1)).toThrow(RangeError);
  });
});
