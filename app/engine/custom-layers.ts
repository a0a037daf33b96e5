/**
 * Layers the catalog needs that tfjs does not ship. Each is also emitted, as source, into exported
 * TypeScript (app/codegen/custom-layers-source.ts); the codegen tests build both and compare.
 */
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

  const factories: Record<string, Factory> = {
    subtract: (args) => new Subtract(args as ConstructorParameters<typeof Subtract>[0]),
  };
  cache.set(tf, factories);
  return factories;
}
