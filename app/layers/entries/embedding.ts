import { countWeights, weightArgs, weightParams } from '../common.ts';
import { int } from '../params.ts';
import { expectRank, only } from '../shape.ts';
import { first, kernelInit } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const embedding = defineLayer({
  type: 'Embedding',
  label: 'Embedding',
  category: 'recurrent',
  help: 'Looks up a learned vector for each token id: the embedding matrix E of the course, one row per word.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: true,
  examples: [
    {
      name: 'small vocabulary',
      inputs: [[12]],
      inputKind: 'tokens',
      params: { inputDim: 50, outputDim: 8 },
    },
    {
      name: 'random normal, L2',
      inputs: [[5]],
      inputKind: 'tokens',
      params: {
        inputDim: 200,
        outputDim: 16,
        kernelInitializer: 'randomNormal',
        kernelStddev: 0.05,
        l2: 0.001,
      },
    },
    {
      name: 'frozen (pretrained)',
      inputs: [[7]],
      inputKind: 'tokens',
      params: { inputDim: 30, outputDim: 4, trainable: false },
    },
  ],
  params: {
    inputDim: int({
      label: 'Vocabulary size',
      default: 10_000,
      min: 1,
      max: 10_000_000,
      help: 'How many different token ids there are; ids run from 0 to this minus 1.',
    }),
    outputDim: int({
      label: 'Vector size',
      default: 64,
      min: 1,
      max: 100_000,
      help: 'Length of each word’s vector (300 for the course’s word embeddings).',
    }),
    kernelInitializer: {
      ...weightParams.kernelInitializer,
      label: 'Embeddings initializer',
      help: 'How the word vectors start before training.',
    },
    kernelStddev: weightParams.kernelStddev,
    l1: { ...weightParams.l1, help: 'L1 penalty on the word vectors.' },
    l2: { ...weightParams.l2, help: 'L2 penalty (weight decay) on the word vectors.' },
    trainable: {
      ...weightParams.trainable,
      help: 'Turn off to keep pretrained vectors (such as GloVe) fixed while the rest trains.',
    },
  },
  describe: (p) => `${p.inputDim.toLocaleString('en-US')} words → ${p.outputDim}-d vectors`,
  // Inference tracks shapes, not data types, so a float input cannot be told from token ids here;
  // what can be caught is the wrong rank, such as an image fed in: E013.
  outputShape: (inputs, p) => {
    const x = only(inputs);
    expectRank(x, [2], 'Embedding', 'Feed it token ids from an Input of kind tokens.');
    return [...x, p.outputDim];
  },
  countParams: (_inputs, p) => countWeights(p.inputDim * p.outputDim, p.trainable),
  // A table lookup: no arithmetic.
  flops: () => 0,
  fromKeras: {
    classes: ['Embedding'],
    params: (k) => {
      k.expect('mask_zero', [false], 'the catalog has no masking, so id 0 is an ordinary token.');
      const { kernelInitializer, kernelStddev, l1, l2, trainable } = k.weights(
        ['embeddings'],
        false,
      );
      return {
        inputDim: k.int('input_dim', 10_000),
        outputDim: k.int('output_dim', 64),
        kernelInitializer,
        kernelStddev,
        l1,
        l2,
        trainable,
      };
    },
  },
  tfjs: (p, name) => [
    tfCall('layers.embedding', {
      name,
      inputDim: p.inputDim,
      outputDim: p.outputDim,
      // No bias, so the bias initializer weightArgs asks for is never used.
      ...weightArgs({ ...p, biasInitializer: 'zeros' }, 'embeddings', false),
    }),
  ],
  // Token ids arrive as numbers; nn.Embedding indexes with integers.
  pytorch: (p, ctx) => ({
    layout: 'channelsLast',
    module: `nn.Embedding(${p.inputDim}, ${p.outputDim})`,
    forward: (x) => `self.${ctx.attr}(${first(x)}.long())`,
    weights: [{ tfjs: 'embeddings', torch: 'weight' }],
    init: kernelInit({ ...p, biasInitializer: 'zeros' }, ['weight'], null),
    frozen: !p.trainable,
  }),
});
