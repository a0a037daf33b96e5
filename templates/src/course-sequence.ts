/**
 * The course's sequence models: an LSTM and a GRU classifier over token ids, and skip-gram
 * word2vec. Hand counts in the descriptions; the template test redoes them as arithmetic.
 */
import { dense } from './layers.ts';
import type { Template } from './template.ts';
import { templateBuilder } from './template.ts';

const course = 'Deep Learning Specialization (DeepLearning.AI), course 5: sequence models.';
const lstmPaper =
  'S. Hochreiter, J. Schmidhuber. Long short-term memory. Neural Computation 9(8), 1997.';
const gruPaper =
  'K. Cho et al. Learning phrase representations using RNN encoder-decoder for statistical machine translation. EMNLP 2014 (arXiv:1406.1078).';

export const lstmClassifier: Template = {
  file: 'lstm-classifier',
  summary: 'Sentence → emoji: Embedding, one LSTM layer, softmax over 5 classes.',
  build() {
    const b = templateBuilder({
      title: 'LSTM sequence classifier',
      description: [
        'A sentence classifier in the style of the course’s Emojify: each sentence arrives as 10 word ids, an Embedding turns them into 50-dimensional vectors, an LSTM of 64 units reads the sequence and keeps its last hidden state, and a softmax picks one of 5 emoji. Labels are class numbers, hence sparse categorical cross-entropy.',
        'Use it to see how an LSTM carries context across a sentence (“not feeling happy” is not happy). To stack a second LSTM, turn on return sequences in the first so the second gets every step. The course freezes a pretrained 400,001-word GloVe embedding and uses two layers of 128 units; here the vocabulary is 10,000 words, the embedding trains, and one smaller layer keeps the model quick to build — set the embedding’s trainable off when you load pretrained vectors.',
        'Hand count: embedding 10,000·50 = 500,000; an LSTM has 4 gates of (units·inputs + units·units + units), so 4·(64·50 + 64·64 + 64) = 29,440; output 64·5 + 5 = 325; total 529,765 parameters.',
      ],
      paper: `${lstmPaper} ${course}`,
      implementation: 'Hand count (course-style example; no external implementation).',
      params: 529_765,
      tags: ['course', 'rnn', 'lstm', 'nlp', 'classification'],
    });
    let x = b.add('input', 'Input', { kind: 'tokens', shape: [10] });
    x = b.add('embedding', 'Embedding', { inputDim: 10_000, outputDim: 50 }, x);
    x = b.add('lstm', 'LSTM', { units: 64, returnSequences: false }, x);
    x = b.add('output', 'Dense', dense(5, 'softmax'), x);
    b.add('loss', 'SparseCategoricalCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};

export const gruClassifier: Template = {
  file: 'gru-classifier',
  summary: 'Review → 1–5 stars: Embedding, one GRU layer, softmax over 5 classes.',
  build() {
    const b = templateBuilder({
      title: 'GRU sequence classifier',
      description: [
        'A review classifier: 100 word ids in, an Embedding of 32 dimensions, one GRU layer of 64 units that reads the review and keeps its last state, and a softmax over 1 to 5 stars. Labels are class numbers, hence sparse categorical cross-entropy.',
        'The GRU is the course’s lighter alternative to the LSTM: an update gate and a reset gate and no separate memory cell, so three weight blocks instead of four. Use it as a fast first recurrent model, and compare with the LSTM template.',
        'Hand count: embedding 10,000·32 = 320,000; GRU 3·(64·32 + 64·64 + 64) = 18,624 (TensorFlow.js’s GRU is the original form with one bias per gate; a Keras 2 GRU, reset_after=True, would have 64·3 more biases); output 64·5 + 5 = 325; total 338,949 parameters.',
      ],
      paper: `${gruPaper} ${course}`,
      implementation: 'Hand count (course-style example; no external implementation).',
      params: 338_949,
      tags: ['course', 'rnn', 'gru', 'nlp', 'classification'],
    });
    let x = b.add('input', 'Input', { kind: 'tokens', shape: [100] });
    x = b.add('embedding', 'Embedding', { inputDim: 10_000, outputDim: 32 }, x);
    x = b.add('gru', 'GRU', { units: 64, returnSequences: false }, x);
    x = b.add('output', 'Dense', dense(5, 'softmax'), x);
    b.add('loss', 'SparseCategoricalCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};

export const word2vec: Template = {
  file: 'word2vec-skipgram',
  summary:
    'Skip-gram word2vec: a word’s embedding predicts its context word (softmax over 10,000).',
  build() {
    const b = templateBuilder({
      title: 'Word2vec (skip-gram)',
      description: [
        'Skip-gram word2vec as the course presents it: the input is one word id (the context c), the Embedding looks up its 300-dimensional vector e_c, and a softmax over the whole 10,000-word vocabulary predicts a target word t that appears near it. Training on (context, target) pairs sampled from a corpus makes words that occur in similar contexts get similar vectors; the embedding matrix is the product, and the softmax layer is thrown away afterwards.',
        'Use it to learn how word embeddings come about. The full softmax over the vocabulary is what makes this slow on real vocabularies; negative sampling (binary classifiers on a few sampled words) is the course’s fix.',
        'Hand count: embedding 10,000·300 = 3,000,000; softmax 300·10,000 + 10,000 = 3,010,000; total 6,010,000 parameters.',
      ],
      paper: `T. Mikolov, K. Chen, G. Corrado, J. Dean. Efficient estimation of word representations in vector space. arXiv:1301.3781, 2013. ${course}`,
      implementation: 'Hand count (course-style example; no external implementation).',
      params: 6_010_000,
      tags: ['course', 'embedding', 'nlp', 'word2vec'],
    });
    let x = b.add('context_word', 'Input', { kind: 'tokens', shape: [1] });
    x = b.add('embedding', 'Embedding', { inputDim: 10_000, outputDim: 300 }, x);
    x = b.add('flatten', 'Flatten', {}, x);
    x = b.add('target_softmax', 'Dense', dense(10_000, 'softmax'), x);
    b.add('loss', 'SparseCategoricalCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};
