/**
 * Layers the catalog needs that tfjs does not ship. Each is also emitted, as source, into exported
 * TypeScript (app/codegen/custom-layers-source.ts); the codegen tests build both and compare.
 */
import { normalizationLayerFactories } from './normalization-layers.ts';
import type { Layer, Tensor, Tf } from './tf.ts';

type Factory = (args: unknown) => Layer;

const cache = new WeakMap<Tf, Record<string, Factory>>();

export function customLayerFactories(tf: Tf): Record<string, Factory> {
  const known = cache.get(tf);
  if (known) return known;

  /** a − b, element-wise (Keras's Subtract). */
  class Subtract extends tf.layers.Layer {
    static className = 'NetwrightSubtract';
    override computeOutputShape(shapes: unknown) {
      return (shapes as unknown[])[0] as ReturnType<Layer['computeOutputShape']>;
    }
    override call(inputs: unknown) {
      const [a, b] = inputs as [Tensor, Tensor];
      return tf.sub(a, b);
    }
  }
  tf.serialization.registerClass(Subtract);

  /**
   * Zeros before the first time step of a sequence: Keras's Conv1D padding 'causal', which tfjs
   * accepts but cannot run, becomes this layer followed by a 'valid' Conv1D.
   */
  class CausalPadding1d extends tf.layers.Layer {
    static className = 'NetwrightCausalPadding1D';
    readonly padding: number;
    constructor(args: { padding: number; name?: string }) {
      super(args);
      this.padding = args.padding;
    }
    override computeOutputShape(shape: unknown) {
      const [batch, steps, channels] = shape as (number | null)[];
      return [batch ?? null, steps == null ? null : steps + this.padding, channels ?? null];
    }
    override call(inputs: unknown) {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as Tensor;
      return tf.pad(x, [
        [0, 0],
        [this.padding, 0],
        [0, 0],
      ]);
    }
    override getConfig() {
      return { ...super.getConfig(), padding: this.padding };
    }
  }
  tf.serialization.registerClass(CausalPadding1d);

  const factories: Record<string, Factory> = {
    ...normalizationLayerFactories(tf),
    subtract: (args) => new Subtract(args as ConstructorParameters<typeof Subtract>[0]),
    causalPadding1d: (args) =>
      new CausalPadding1d(args as ConstructorParameters<typeof CausalPadding1d>[0]),
  };
  cache.set(tf, factories);
  return factories;
}
