/**
 * A model's trainable weights laid end to end in one Float32Array: the layout the flat optimizers
 * (flat-optimizers.ts) step over and the one training threads exchange gradients and weights in.
 *
 * tfjs's optimizers run ~25 small kernels per weight tensor and step; on the WebAssembly and
 * plain-JS backends that bookkeeping was a fifth of a LeNet step. Here tfjs still computes the
 * gradients (`model.trainOnBatch`, so losses, regularizers, dropout and batch-norm updates stay
 * tfjs's own), but its optimizer only copies them out; the update is one loop in JavaScript and the
 * new weights go back into the model in one write per tensor.
 */
import type { NamedTensorMap, Optimizer } from '@tensorflow/tfjs';

/** tfjs-core's `{ name, tensor }` pair, which the tfjs package does not re-export. */
type NamedTensor = { name: string; tensor: Tensor };
import type { LayersModel, Tensor, Tf } from './tf.ts';

export interface FlatLayout {
  /** Floats in all trainable weights together. */
  size: number;
  /** Where each of `model.trainableWeights` starts, and its shape, in that order. */
  parts: { offset: number; length: number; shape: number[] }[];
}

export function flatLayout(model: LayersModel): FlatLayout {
  let offset = 0;
  const parts = model.trainableWeights.map((weight) => {
    const shape = [...weight.shape] as number[];
    const length = shape.reduce((a, b) => a * b, 1);
    const part = { offset, length, shape };
    offset += length;
    return part;
  });
  return { size: offset, parts };
}

/** Copies the model's trainable weights into `into` (laid out as `flatLayout` says). */
export function readWeights(model: LayersModel, layout: FlatLayout, into: Float32Array): void {
  model.trainableWeights.forEach((weight, i) => {
    const part = layout.parts[i] as FlatLayout['parts'][number];
    into.set(weight.read().dataSync(), part.offset);
  });
}

/**
 * Puts `from` into the model's trainable weights. The values are copied: the plain-JS backend
 * would otherwise keep a view of `from`, and the next in-place step would change a tensor that a
 * kept copy (the best epoch's weights) shares.
 */
export function writeWeights(
  tf: Tf,
  model: LayersModel,
  layout: FlatLayout,
  from: Float32Array,
): void {
  tf.tidy(() => {
    model.trainableWeights.forEach((weight, i) => {
      const part = layout.parts[i] as FlatLayout['parts'][number];
      weight.write(tf.tensor(from.slice(part.offset, part.offset + part.length), part.shape));
    });
  });
}

/**
 * An optimizer for `model.compile` that applies nothing: it copies each step's gradients into
 * `into` (in `model.trainableWeights` order, which is the order tfjs-layers hands them over) for
 * the caller to combine and apply. tfjs-layers accepts only instances of its own `tf.Optimizer`,
 * so the class is built from the `tf` in use.
 */
export function gradientCapture(tf: Tf, layout: FlatLayout, into: Float32Array): Optimizer {
  class GradientCapture extends tf.Optimizer {
    static readonly className = 'NetwrightGradientCapture';
    override applyGradients(gradients: NamedTensorMap | NamedTensor[]): void {
      const list: (Tensor | undefined)[] = Array.isArray(gradients)
        ? gradients.map((g) => g.tensor)
        : Object.values(gradients);
      if (list.length !== layout.parts.length) {
        throw new Error(
          `Expected gradients for ${layout.parts.length} weights, got ${list.length}: the model changed after training started`,
        );
      }
      list.forEach((gradient, i) => {
        const part = layout.parts[i] as FlatLayout['parts'][number];
        // A weight the loss does not reach has no gradient: it does not move.
        if (gradient) into.set(gradient.dataSync(), part.offset);
        else into.fill(0, part.offset, part.offset + part.length);
      });
    }
    override getConfig() {
      return {};
    }
  }
  return new GradientCapture();
}
