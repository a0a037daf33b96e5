/**
 * Source text of the layers in app/engine/normalization-layers.ts, for exported modules whose batch
 * or layer norms turn γ or β off. Keep the two in step. Each class is self-contained (its own
 * `normalize`) so a module can paste in either or both.
 */
export const normalizationLayerSources: Record<string, string> = {
  batchNorm: `/**
 * Batch normalization over the last axis, for when γ or β is off: tfjs's own layer cannot train
 * then (tensorflow/tfjs#2868). Weights and updates follow tf.layers.batchNormalization.
 */
class BatchNorm extends tf.layers.Layer {
  static className = 'NetwrightBatchNormalization';
  readonly epsilon: number;
  readonly momentum: number;
  readonly center: boolean;
  readonly scale: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;
  private movingMean: tf.LayerVariable | null = null;
  private movingVariance: tf.LayerVariable | null = null;

  constructor(args: { name?: string; trainable?: boolean; epsilon: number; momentum: number; center: boolean; scale: boolean }) {
    super(args);
    this.epsilon = args.epsilon;
    this.momentum = args.momentum;
    this.center = args.center;
    this.scale = args.scale;
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = (inputShape as tf.Shape).at(-1) as number;
    if (this.scale) this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    if (this.center) this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', [channels], 'float32', tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', [channels], 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { [key: string]: unknown }): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      const movingMean = this.movingMean as tf.LayerVariable;
      const movingVariance = this.movingVariance as tf.LayerVariable;
      if (kwargs.training !== true) return this.normalize(x, movingMean.read(), movingVariance.read());
      const { mean, variance } = tf.moments(x, [...Array(x.rank - 1).keys()]);
      // The running statistics used at test time: v ← v − (v − batch value) · (1 − momentum).
      for (const [moving, batch] of [[movingMean, mean], [movingVariance, variance]] as const) {
        moving.write(tf.sub(moving.read(), tf.mul(tf.sub(moving.read(), batch), 1 - this.momentum)));
      }
      return this.normalize(x, mean, variance);
    });
  }
  /** (x − mean) / √(variance + ε), then × γ and + β where they are learned. */
  private normalize(x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor): tf.Tensor {
    let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
    if (this.gamma) y = tf.mul(y, this.gamma.read());
    if (this.beta) y = tf.add(y, this.beta.read());
    return y;
  }
  override getConfig(): tf.serialization.ConfigDict {
    const { epsilon, momentum, center, scale } = this;
    return { ...super.getConfig(), epsilon, momentum, center, scale };
  }
}
tf.serialization.registerClass(BatchNorm);`,
  layerNorm: `/**
 * Layer normalization over the last axis, for when γ or β is off: tfjs's own layer cannot train
 * then (tensorflow/tfjs#2868). Weights follow tf.layers.layerNormalization.
 */
class LayerNorm extends tf.layers.Layer {
  static className = 'NetwrightLayerNormalization';
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: { name?: string; trainable?: boolean; epsilon: number; center: boolean; scale: boolean }) {
    super(args);
    this.epsilon = args.epsilon;
    this.center = args.center;
    this.scale = args.scale;
  }
  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const features = (inputShape as tf.Shape).at(-1) as number;
    if (this.scale) this.gamma = this.addWeight('gamma', [features], 'float32', tf.initializers.ones());
    if (this.center) this.beta = this.addWeight('beta', [features], 'float32', tf.initializers.zeros());
    this.built = true;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
      const { mean, variance } = tf.moments(x, -1, true);
      let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      if (this.gamma) y = tf.mul(y, this.gamma.read());
      if (this.beta) y = tf.add(y, this.beta.read());
      return y;
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    const { epsilon, center, scale } = this;
    return { ...super.getConfig(), epsilon, center, scale };
  }
}
tf.serialization.registerClass(LayerNorm);`,
};
