/**
 * Source text of Netwright's own tfjs layers (see app/engine/custom-layers.ts), pasted into an
 * exported module only when the model uses them. Keep the two in step: the codegen tests build
 * the in-app model and the exported one and compare them.
 */
export const customLayerSources: Record<string, string> = {
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
};
