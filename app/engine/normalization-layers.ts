/**
 * Batch and layer normalization for when γ (scale) or β (center) is turned off, as Inception v3's
 * batch norms are. tfjs's own layers build and predict then, but cannot train: they read the
 * missing weight, and core's batchNormalization gradient needs both (tensorflow/tfjs#2868). These
 * use plain ops, which all have gradients. Weight names, shapes, initial values and the moving
 * average update follow tfjs's layers, so parameter counts and saved weights match; with γ and β
 * both on, the catalog keeps tfjs's layers. Exported code carries the same classes
 * (app/codegen/normalization-layers-source.ts).
 */
import type { LayerVariable } from '@tensorflow/tfjs';
import type { Layer, Tensor, Tf } from './tf.ts';

interface NormalizationArgs {
  name?: string;
  epsilon: number;
  center: boolean;
  scale: boolean;
  trainable?: boolean;
}

export function normalizationLayerFactories(tf: Tf): Record<string, (args: unknown) => Layer> {
  /** Batch normalization over the last axis (channels). */
  class BatchNorm extends tf.layers.Layer {
    static className = 'NetwrightBatchNormalization';
    readonly epsilon: number;
    readonly momentum: number;
    readonly center: boolean;
    readonly scale: boolean;
    private gamma: LayerVariable | null = null;
    private beta: LayerVariable | null = null;
    private movingMean: LayerVariable | null = null;
    private movingVariance: LayerVariable | null = null;

    constructor(args: NormalizationArgs & { momentum: number }) {
      super(args);
      this.epsilon = args.epsilon;
      this.momentum = args.momentum;
      this.center = args.center;
      this.scale = args.scale;
    }
    override build(inputShape: unknown): void {
      const channels = (inputShape as number[]).at(-1) as number;
      const { ones, zeros } = tf.initializers;
      if (this.scale) this.gamma = this.addWeight('gamma', [channels], 'float32', ones());
      if (this.center) this.beta = this.addWeight('beta', [channels], 'float32', zeros());
      this.movingMean = this.addWeight(
        'moving_mean',
        [channels],
        'float32',
        zeros(),
        undefined,
        false,
      );
      this.movingVariance = this.addWeight(
        'moving_variance',
        [channels],
        'float32',
        ones(),
        undefined,
        false,
      );
      this.built = true;
    }
    override call(inputs: unknown, kwargs: Record<string, unknown>): Tensor {
      return tf.tidy(() => {
        const x = (Array.isArray(inputs) ? inputs[0] : inputs) as Tensor;
        const movingMean = this.movingMean as LayerVariable;
        const movingVariance = this.movingVariance as LayerVariable;
        if (kwargs.training !== true)
          return this.normalize(x, movingMean.read(), movingVariance.read());
        const { mean, variance } = tf.moments(x, [...Array(x.rank - 1).keys()]);
        // The running statistics used at test time: v ← v − (v − batch value) · (1 − momentum).
        for (const [moving, batch] of [
          [movingMean, mean],
          [movingVariance, variance],
        ] as const) {
          moving.write(
            tf.sub(moving.read(), tf.mul(tf.sub(moving.read(), batch), 1 - this.momentum)),
          );
        }
        return this.normalize(x, mean, variance);
      });
    }
    /** (x − mean) / √(variance + ε), then × γ and + β where they are learned. */
    private normalize(x: Tensor, mean: Tensor, variance: Tensor): Tensor {
      let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      if (this.gamma) y = tf.mul(y, this.gamma.read());
      if (this.beta) y = tf.add(y, this.beta.read());
      return y;
    }
    override getConfig() {
      const { epsilon, momentum, center, scale } = this;
      return { ...super.getConfig(), epsilon, momentum, center, scale };
    }
  }
  tf.serialization.registerClass(BatchNorm);

  /** Layer normalization over the last axis (features), per sample. */
  class LayerNorm extends tf.layers.Layer {
    static className = 'NetwrightLayerNormalization';
    readonly epsilon: number;
    readonly center: boolean;
    readonly scale: boolean;
    private gamma: LayerVariable | null = null;
    private beta: LayerVariable | null = null;

    constructor(args: NormalizationArgs) {
      super(args);
      this.epsilon = args.epsilon;
      this.center = args.center;
      this.scale = args.scale;
    }
    override build(inputShape: unknown): void {
      const features = (inputShape as number[]).at(-1) as number;
      const { ones, zeros } = tf.initializers;
      if (this.scale) this.gamma = this.addWeight('gamma', [features], 'float32', ones());
      if (this.center) this.beta = this.addWeight('beta', [features], 'float32', zeros());
      this.built = true;
    }
    override call(inputs: unknown): Tensor {
      return tf.tidy(() => {
        const x = (Array.isArray(inputs) ? inputs[0] : inputs) as Tensor;
        const { mean, variance } = tf.moments(x, -1, true);
        let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
        if (this.gamma) y = tf.mul(y, this.gamma.read());
        if (this.beta) y = tf.add(y, this.beta.read());
        return y;
      });
    }
    override getConfig() {
      const { epsilon, center, scale } = this;
      return { ...super.getConfig(), epsilon, center, scale };
    }
  }
  tf.serialization.registerClass(LayerNorm);

  return {
    batchNorm: (args) => new BatchNorm(args as ConstructorParameters<typeof BatchNorm>[0]),
    layerNorm: (args) => new LayerNorm(args as ConstructorParameters<typeof LayerNorm>[0]),
  };
}
