/**
 * Source text of Netwright's own tfjs layers (see app/engine/custom-layers.ts), pasted into an
 * exported module only when the model uses them. Keep the two in step: the codegen tests build
 * the in-app model and the exported one and compare them.
 */
import { normalizationLayerSources } from './normalization-layers-source.ts';

export const customLayerSources: Record<string, string> = {
  ...normalizationLayerSources,
  subtract: `/** a − b, element-wise (Keras's Subtract; tfjs has no such layer). */
class Subtract extends tf.layers.Layer {
  static className = 'NetwrightSubtract';
  override computeOutputShape(shapes: tf.Shape[]): tf.Shape {
    return shapes[0] as tf.Shape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [a, b] = inputs as tf.Tensor[];
    return tf.sub(a as tf.Tensor, b as tf.Tensor);
  }
}
tf.serialization.registerClass(Subtract);`,
  causalPadding1d: `/** Zeros before the first time step: Keras's Conv1D padding 'causal', which tfjs cannot run. */
class CausalPadding1d extends tf.layers.Layer {
  static className = 'NetwrightCausalPadding1D';
  readonly padding: number;
  constructor(args: { padding: number; name?: string }) {
    super(args);
    this.padding = args.padding;
  }
  override computeOutputShape(shape: tf.Shape): tf.Shape {
    const [batch, steps, channels] = shape;
    return [batch ?? null, steps == null ? null : steps + this.padding, channels ?? null];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    return tf.pad(x, [[0, 0], [this.padding, 0], [0, 0]]);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: this.padding };
  }
}
tf.serialization.registerClass(CausalPadding1d);`,
};
