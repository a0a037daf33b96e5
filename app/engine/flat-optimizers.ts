/**
 * The optimizers of app/engine/optimizers.ts as plain JavaScript loops over every trainable weight
 * laid end to end in one Float32Array. On the wasm and cpu backends tfjs spends a few hundred small
 * kernel calls per step on the update (Adam: about 250 for LeNet); one loop here does the same
 * arithmetic without them.
 *
 * Each update mirrors the tfjs-core 4.22 source (dist/optimizers/*_optimizer.js) for the arguments
 * `makeOptimizer` passes, formula for formula: where epsilon goes, the bias corrections, the
 * initial accumulator. Arithmetic runs in float64 and is rounded to float32 where it is stored, so
 * results agree with tfjs (which rounds after every op) to float32 rounding. One known difference:
 * tfjs squares a gradient in float32, so |g| above ~1.8e19 overflows to Infinity there and freezes
 * that weight; here the square stays finite.
 */
import type { OptimizerType, TrainingConfig } from '../graph/training.ts';

export interface FlatOptimizer {
  /** Read before every step; a learning-rate schedule sets it between epochs. */
  learningRate: number;
  /**
   * One update of every weight, in place: `weights` and `gradients` hold the model's trainable
   * weights end to end (same length as `size`). Returns false when any updated weight is NaN or
   * infinite (the caller stops the run), true otherwise. Must not allocate per call.
   */
  step(weights: Float32Array, gradients: Float32Array): boolean;
}

type OptimizerConfig = TrainingConfig['optimizer'];

/**
 * Updates `weights` in place and returns whether all of them are still finite. Every loop checks
 * the float32 value it stores (a finite float64 can round to Infinity) by summing `w - w`, which
 * is 0 for a finite w and NaN otherwise: no branch in the loop.
 */
type Update = (weights: Float32Array, gradients: Float32Array, learningRate: number) => boolean;

/** Builds an update with its state (moments, accumulators) allocated once, for `size` weights. */
type UpdateFactory = (config: OptimizerConfig, size: number) => Update;

/**
 * `KernelBackend.epsilon()` for a float32 backend (cpu and wasm both report 32 bits); Adagrad
 * takes it instead of the configured epsilon because `makeOptimizer` calls tf.train.adagrad(lr).
 */
const BACKEND_EPSILON = 1e-7;

/** tf.train.adagrad's default initial accumulator value (a float32 fill). */
const ADAGRAD_INITIAL_ACCUMULATOR = Math.fround(0.1);

/** w ← w − α·g. */
const sgd: UpdateFactory = () => (weights, gradients, learningRate) => {
  const n = weights.length;
  let poison = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.fround((weights[i] as number) - learningRate * (gradients[i] as number));
    weights[i] = w;
    poison += w - w;
  }
  return poison === 0;
};

/** a ← μ·a + g; w ← w − α·a (useNesterov false, as tf.train.momentum defaults). */
const momentum: UpdateFactory = (config, size) => {
  const accumulation = new Float32Array(size);
  const mu = config.momentum;
  return (weights, gradients, learningRate) => {
    const n = weights.length;
    let poison = 0;
    for (let i = 0; i < n; i++) {
      const a = mu * (accumulation[i] as number) + (gradients[i] as number);
      accumulation[i] = a;
      const w = Math.fround((weights[i] as number) - learningRate * a);
      weights[i] = w;
      poison += w - w;
    }
    return poison === 0;
  };
};

/**
 * Non-centered RMSprop, decay ρ = the config's `momentum` field, momentum 0 (makeOptimizer's
 * arguments): s ← ρ·s + (1−ρ)·g²; w ← w − α·g / √(s + ε), epsilon inside the root as tfjs has it.
 * With momentum 0 tfjs's moment accumulator only ever holds this step's update, so none is kept.
 */
const rmsprop: UpdateFactory = (config, size) => {
  const meanSquare = new Float32Array(size);
  const decay = config.momentum;
  const oneMinusDecay = 1 - decay;
  const epsilon = config.epsilon;
  return (weights, gradients, learningRate) => {
    const n = weights.length;
    let poison = 0;
    for (let i = 0; i < n; i++) {
      const g = gradients[i] as number;
      const s = decay * (meanSquare[i] as number) + oneMinusDecay * g * g;
      meanSquare[i] = s;
      const w = Math.fround((weights[i] as number) - (learningRate * g) / Math.sqrt(s + epsilon));
      weights[i] = w;
      poison += w - w;
    }
    return poison === 0;
  };
};

/**
 * m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; w ← w − α·m̂ / (√v̂ + ε) with m̂ = m/(1−β1ᵗ),
 * v̂ = v/(1−β2ᵗ), epsilon outside the root. tfjs keeps β1ᵗ and β2ᵗ in float32 variables
 * (accBeta1, accBeta2) and 1 − β2ᵗ cancels most of their digits (β2 = 0.999: about 1e-5 relative),
 * so the powers are rounded to float32 here too, to take the same steps.
 */
const adam: UpdateFactory = (config, size) => {
  const firstMoment = new Float32Array(size);
  const secondMoment = new Float32Array(size);
  const { beta1, beta2, epsilon } = config;
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  let accBeta1 = Math.fround(beta1);
  let accBeta2 = Math.fround(beta2);
  return (weights, gradients, learningRate) => {
    const inverseCorrection1 = 1 / Math.fround(1 - accBeta1);
    const inverseCorrection2 = 1 / Math.fround(1 - accBeta2);
    const n = weights.length;
    let poison = 0;
    for (let i = 0; i < n; i++) {
      const g = gradients[i] as number;
      const m = beta1 * (firstMoment[i] as number) + oneMinusBeta1 * g;
      const v = beta2 * (secondMoment[i] as number) + oneMinusBeta2 * g * g;
      firstMoment[i] = m;
      secondMoment[i] = v;
      const update = (m * inverseCorrection1) / (Math.sqrt(v * inverseCorrection2) + epsilon);
      const w = Math.fround((weights[i] as number) - learningRate * update);
      weights[i] = w;
      poison += w - w;
    }
    accBeta1 = Math.fround(accBeta1 * beta1);
    accBeta2 = Math.fround(accBeta2 * beta2);
    return poison === 0;
  };
};

/** a ← a + g² from a = 0.1; w ← w − α·g / √(a + ε_backend). */
const adagrad: UpdateFactory = (_config, size) => {
  const accumulated = new Float32Array(size).fill(ADAGRAD_INITIAL_ACCUMULATOR);
  return (weights, gradients, learningRate) => {
    const n = weights.length;
    let poison = 0;
    for (let i = 0; i < n; i++) {
      const g = gradients[i] as number;
      const a = (accumulated[i] as number) + g * g;
      accumulated[i] = a;
      const w = Math.fround(
        (weights[i] as number) - (learningRate * g) / Math.sqrt(a + BACKEND_EPSILON),
      );
      weights[i] = w;
      poison += w - w;
    }
    return poison === 0;
  };
};

/**
 * m ← β1·m + (1−β1)·g; u ← max(β2·u, |g|); w ← w − α/(1−β1ᵗ) · m / (u + ε). tfjs divides α by
 * (1 + decay·t), but makeOptimizer leaves decay at its default 0, so α stands. Math.max, like
 * tfjs's maximum, lets a NaN through. β1ᵗ is rounded to float32 as tfjs's accBeta1 is.
 */
const adamax: UpdateFactory = (config, size) => {
  const firstMoment = new Float32Array(size);
  const weightedInfNorm = new Float32Array(size);
  const { beta1, beta2, epsilon } = config;
  const oneMinusBeta1 = 1 - beta1;
  let accBeta1 = Math.fround(beta1);
  return (weights, gradients, learningRate) => {
    const stepSize = learningRate / Math.fround(1 - accBeta1);
    const n = weights.length;
    let poison = 0;
    for (let i = 0; i < n; i++) {
      const g = gradients[i] as number;
      const m = beta1 * (firstMoment[i] as number) + oneMinusBeta1 * g;
      const u = Math.max(beta2 * (weightedInfNorm[i] as number), Math.abs(g));
      firstMoment[i] = m;
      weightedInfNorm[i] = u;
      const w = Math.fround((weights[i] as number) - (stepSize * m) / (u + epsilon));
      weights[i] = w;
      poison += w - w;
    }
    accBeta1 = Math.fround(accBeta1 * beta1);
    return poison === 0;
  };
};

const updates: Record<OptimizerType, UpdateFactory> = {
  sgd,
  momentum,
  rmsprop,
  adam,
  adagrad,
  adamax,
};

export function makeFlatOptimizer(config: OptimizerConfig, size: number): FlatOptimizer {
  if (!Number.isInteger(size) || size < 0) {
    throw new RangeError(`A flat optimizer needs a whole number of weights, got ${size}.`);
  }
  const update = updates[config.type](config, size);
  return {
    learningRate: config.learningRate,
    step(weights, gradients) {
      // A mismatch is a wiring bug in the caller; reading past the state would corrupt the run.
      if (weights.length !== size || gradients.length !== size) {
        throw new RangeError(
          `Flat optimizer built for ${size} weights got ${weights.length} weights and ${gradients.length} gradients.`,
        );
      }
      return update(weights, gradients, this.learningRate);
    },
  };
}
