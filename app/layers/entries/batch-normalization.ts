import { bool, float } from '../params.ts';
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
import { first, py, pyCall } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const batchNormalization = defineLayer({
  type: 'BatchNormalization',
  label: 'Batch norm',
  category: 'normalization',
  help: 'Normalizes each channel to mean 0 and variance 1 over the mini-batch, then scales by γ and shifts by β.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: true,
  examples: [
    { name: 'image channels', inputs: [[8, 8, 16]] },
    { name: 'vector', inputs: [[10]], params: { momentum: 0.9, epsilon: 1e-5 } },
    { name: 'no scale (Inception v3)', inputs: [[5, 5, 4]], params: { scale: false } },
    { name: 'no centre, frozen', inputs: [[6, 3]], params: { center: false, trainable: false } },
    { name: 'neither γ nor β', inputs: [[4]], params: { center: false, scale: false } },
  ],
  params: {
    momentum: float({
      label: 'Momentum',
      default: 0.99,
      min: 0,
      max: 1,
      maxExclusive: true,
      help: 'How slowly the running mean and variance used at test time follow the batches (an exponentially weighted average, β in the course).',
    }),
    epsilon: epsilonParam,
    center: centerParam(
      'Learn an offset β per channel; a bias before this layer is then redundant.',
    ),
    scale: scaleParam(
      'Learn a scale γ per channel. Turn off when a linear or ReLU layer follows, which can do the scaling itself.',
    ),
    trainable: bool({
      label: 'Trainable',
      default: true,
      help: 'Turn off to freeze γ and β (the running mean and variance are never trained by gradients).',
    }),
  },
  describe: (p) => `momentum ${p.momentum}, ε ${p.epsilon}${learnedSuffix(p)}`,
  outputShape: (inputs) => {
    const x = only(inputs);
    expectRank(x, [2, 3, 4, 5], 'Batch norm');
    return x;
  },
  // γ and β (when on) follow `trainable`; tfjs keeps the moving mean and variance as weights that
  // are never trainable, and countParams() includes them.
  countParams: (inputs, p) => {
    const channels = only(inputs).at(-1) ?? 0;
    const learned = learnedPerChannel(p) * channels;
    return p.trainable
      ? { trainable: learned, nonTrainable: 2 * channels }
      : { trainable: 0, nonTrainable: learned + 2 * channels };
  },
  // At inference the normalization folds into one scale and shift per channel: a multiply-add,
  // 2 FLOPs per element, whether or not γ and β are learned.
  flops: (_inputs, out) => 2 * elementsPerSample(out),
  fromKeras: {
    classes: ['BatchNormalization', 'NetwrightBatchNormalization'],
    params: (k) => {
      k.lastAxis('axis');
      k.expect('renorm', [false], 'the catalog has no batch renormalization.');
      k.expect('virtual_batch_size', [null], 'the catalog has no ghost batch normalization.');
      return {
        momentum: k.number('momentum', 0.99),
        ...kerasAffine(k),
      };
    },
  },
  // Keras's BatchNormalization has center and scale (tfjs's could not train without them).
  keras: (p, name) => [
    tfCall('layers.batchNormalization', {
      name,
      axis: -1,
      momentum: p.momentum,
      epsilon: p.epsilon,
      ...affineOverrides(p),
    }),
  ],
  // tfjs's batchNormalization cannot train without γ or β (tensorflow/tfjs#2868), so those
  // settings use Netwright's own layer (app/engine/normalization-layers.ts).
  tfjs: (p, name) => {
    const frozen = p.trainable ? {} : { trainable: false };
    if (!p.center || !p.scale) {
      const { momentum, epsilon, center, scale } = p;
      return [tfCall('netwright.batchNorm', { name, momentum, epsilon, center, scale, ...frozen })];
    }
    return [
      tfCall('layers.batchNormalization', {
        name,
        axis: -1,
        momentum: p.momentum,
        epsilon: p.epsilon,
        ...frozen,
      }),
    ];
  },
  // Channels first, where PyTorch's batch norms keep channels. PyTorch's momentum weighs the new
  // batch, Keras's the running value: 1 − 0.99 = 0.01. With γ or β off, Netwright's BatchNorm
  // (in the exported file) keeps the other.
  pytorch: (p, ctx) => {
    const x = only(ctx.inputs);
    const standard = p.center && p.scale;
    const rank = x.length;
    const fn = standard ? `nn.BatchNorm${rank <= 3 ? 1 : rank - 2}d` : 'BatchNorm';
    return {
      layout: 'channelsFirst',
      module: pyCall(fn, [String(x.at(-1))], {
        eps: py(p.epsilon),
        momentum: py(Number((1 - p.momentum).toPrecision(12))),
        ...torchAffineArgs(p),
      }),
      forward: (xs) => `self.${ctx.attr}(${first(xs)})`,
      weights: [
        ...affineWeights(p),
        { tfjs: 'moving_mean', torch: 'running_mean' },
        { tfjs: 'moving_variance', torch: 'running_var' },
      ],
      frozen: !p.trainable,
      ...(standard ? {} : { helpers: ['BatchNorm'] as const }),
    };
  },
});
