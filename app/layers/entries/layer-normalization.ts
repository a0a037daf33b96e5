import { bool } from '../params.ts';
import {
  affineOverrides,
  affineWeights,
  centerParam,
  epsilonParam,
  kerasAffine,
  learnedPerChannel,
  learnedSuffix,
  scaleParam,
  torchAffineArgs,
} from '../normalization.ts';
import { elementsPerSample, expectRank, only } from '../shape.ts';
import { countWeights } from '../common.ts';
import { first, py, pyCall } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const layerNormalization = defineLayer({
  type: 'LayerNormalization',
  label: 'Layer norm',
  category: 'normalization',
  help: 'Normalizes each sample’s features to mean 0 and variance 1 (no batch statistics), then scales by γ and shifts by β; the norm of transformers.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: true,
  examples: [
    { name: 'sequence features', inputs: [[6, 8]] },
    { name: 'vector, small ε', inputs: [[12]], params: { epsilon: 1e-6 } },
    { name: 'image, no β', inputs: [[4, 4, 3]], params: { center: false } },
    { name: 'no γ, frozen', inputs: [[5]], params: { scale: false, trainable: false } },
  ],
  params: {
    epsilon: epsilonParam,
    center: centerParam('Learn an offset β per feature.'),
    scale: scaleParam('Learn a scale γ per feature.'),
    trainable: bool({
      label: 'Trainable',
      default: true,
      help: 'Turn off to freeze γ and β, as in transfer learning.',
    }),
  },
  describe: (p) => `ε ${p.epsilon}${learnedSuffix(p)}`,
  outputShape: (inputs) => {
    const x = only(inputs);
    expectRank(x, [2, 3, 4, 5], 'Layer norm');
    return x;
  },
  countParams: (inputs, p) => {
    const features = only(inputs).at(-1) ?? 0;
    return countWeights(learnedPerChannel(p) * features, p.trainable);
  },
  // Unlike batch norm, the statistics are computed at inference too. Per element: the mean's sum
  // (1), the variance's subtract, square and sum (3), normalizing's subtract and scale (2), then
  // γ· (1) and +β (1) when learned.
  flops: (_inputs, out, p) => (6 + learnedPerChannel(p)) * elementsPerSample(out),
  fromKeras: {
    classes: ['LayerNormalization', 'NetwrightLayerNormalization'],
    params: (k) => {
      k.lastAxis('axis');
      k.expect('rms_scaling', [false], 'the catalog has no RMS normalization.');
      return kerasAffine(k);
    },
  },
  // Keras's LayerNormalization has center and scale (tfjs's could not train without them).
  keras: (p, name) => [
    tfCall('layers.layerNormalization', {
      name,
      axis: -1,
      epsilon: p.epsilon,
      ...affineOverrides(p),
    }),
  ],
  // tfjs's layerNormalization cannot train without γ or β (tensorflow/tfjs#2868), so those
  // settings use Netwright's own layer (app/engine/normalization-layers.ts).
  tfjs: (p, name) => {
    const frozen = p.trainable ? {} : { trainable: false };
    if (!p.center || !p.scale) {
      const { epsilon, center, scale } = p;
      return [tfCall('netwright.layerNorm', { name, epsilon, center, scale, ...frozen })];
    }
    return [tfCall('layers.layerNormalization', { name, axis: -1, epsilon: p.epsilon, ...frozen })];
  },
  // PyTorch 1.13's nn.LayerNorm learns both γ and β or neither; with one off, Netwright's
  // LayerNorm (in the exported file) keeps the other.
  pytorch: (p, ctx) => {
    const standard = p.center && p.scale;
    return {
      layout: 'channelsLast',
      module: pyCall(standard ? 'nn.LayerNorm' : 'LayerNorm', [String(ctx.output.at(-1))], {
        eps: py(p.epsilon),
        ...torchAffineArgs(p),
      }),
      forward: (xs) => `self.${ctx.attr}(${first(xs)})`,
      weights: affineWeights(p),
      frozen: !p.trainable,
      ...(standard ? {} : { helpers: ['LayerNorm'] as const }),
    };
  },
});
