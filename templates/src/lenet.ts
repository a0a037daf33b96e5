/**
 * LeNet-5 as in the 1998 paper and as taught, and its modern ReLU / max-pooling form for MNIST.
 */
import { conv, dense, pool } from './layers.ts';
import { trainingConfigSchema } from '../../app/graph/training.ts';
import type { Template } from './template.ts';
import { templateBuilder } from './template.ts';

const paper =
  'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner. Gradient-based learning applied to document recognition. Proc. IEEE 86(11), 1998.';

export const lenet5: Template = {
  file: 'lenet5',
  summary: 'The 1998 digit recogniser: two tanh conv/avg-pool stages and three FC layers.',
  build() {
    const b = templateBuilder({
      title: 'LeNet-5',
      description: [
        'LeNet-5 reads a 32×32 grey image of a digit through two convolution + sub-sampling stages (6 then 16 filters of 5×5) and three fully connected layers (120, 84, 10). It is the network that showed gradient-trained convolutions beat hand-made features, and the pattern it set (conv → pool, repeat, then dense layers; channels grow as height and width shrink) is still how CNNs are taught.',
        'Use it to learn the parts of a CNN and to check the conv arithmetic by hand: 32 → 28 → 14 → 10 → 5.',
        'As taught rather than as printed: the sub-sampling layers are plain 2×2 average pooling (the paper gives each one a trainable coefficient and bias), C3 connects to all six maps (the paper uses a sparse table), the activations are tanh (the paper scales it: 1.7159·tanh(2x/3)), and the output is a 10-way softmax instead of the paper’s Euclidean RBF units. With those choices the count is the one usually quoted: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 parameters.',
      ],
      paper,
      implementation: 'As taught in the course (hand count; no external implementation).',
      params: 61_706,
      tags: ['cnn', 'classic', 'mnist', 'course'],
    });
    let x = b.add('input', 'Input', { kind: 'image', shape: [32, 32, 1] });
    b.group('features', 'Feature extractor', () => {
      x = b.add('c1', 'Conv2D', conv(6, 5, { activation: 'tanh' }), x, { name: 'C1' });
      x = b.add('s2', 'AvgPool2D', pool(2, 2), x, { name: 'S2' });
      x = b.add('c3', 'Conv2D', conv(16, 5, { activation: 'tanh' }), x, { name: 'C3' });
      x = b.add('s4', 'AvgPool2D', pool(2, 2), x, { name: 'S4' });
    });
    b.group('classifier', 'Classifier', () => {
      x = b.add('flatten', 'Flatten', {}, x);
      x = b.add('c5', 'Dense', dense(120, 'tanh'), x, { name: 'C5' });
      x = b.add('f6', 'Dense', dense(84, 'tanh'), x, { name: 'F6' });
      x = b.add('output', 'Dense', dense(10, 'softmax'), x);
    });
    b.add('loss', 'CategoricalCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};

export const lenetModern: Template = {
  file: 'lenet-modern',
  summary: 'LeNet with ReLU and max pooling on 28×28 MNIST: the usual first CNN today.',
  build() {
    const b = templateBuilder({
      title: 'LeNet (modern)',
      description: [
        'The LeNet layout with today’s defaults: ReLU instead of tanh, 2×2 max pooling instead of average sub-sampling, and a softmax output, on 28×28 MNIST digits. The first convolution pads ‘same’ so 28×28 input takes the place of the paper’s 32×32, and everything after it has the classic sizes (14 → 10 → 5).',
        'Use it as a first CNN to train. Its run configuration is set for MNIST: He initialization for the ReLU layers, inputs standardized on the training split, Adam at 0.002 decaying by 0.75 each epoch, batches of 64, and random shifts of up to 2 pixels; with these it reaches about 99.1–99.2% test accuracy in 10 epochs (LeCun et al. report 0.95% test error for LeNet-5). Labels are class numbers, hence sparse categorical cross-entropy.',
        'Hand count: 5·5·1·6 + 6 = 156; 5·5·6·16 + 16 = 2,416; 400·120 + 120 = 48,120; 120·84 + 84 = 10,164; 84·10 + 10 = 850; total 61,706 parameters, the same as LeNet-5.',
      ],
      paper,
      implementation: 'Hand count (the common Keras/PyTorch MNIST LeNet; no single reference).',
      params: 61_706,
      tags: ['cnn', 'mnist', 'course'],
    });
    let x = b.add('input', 'Input', { kind: 'image', shape: [28, 28, 1] });
    b.group('features', 'Feature extractor', () => {
      x = b.add(
        'conv1',
        'Conv2D',
        { ...conv(6, 5, { padding: 'same', activation: 'relu' }), ...he },
        x,
      );
      x = b.add('pool1', 'MaxPool2D', pool(2, 2), x);
      x = b.add('conv2', 'Conv2D', { ...conv(16, 5, { activation: 'relu' }), ...he }, x);
      x = b.add('pool2', 'MaxPool2D', pool(2, 2), x);
    });
    b.group('classifier', 'Classifier', () => {
      x = b.add('flatten', 'Flatten', {}, x);
      x = b.add('fc1', 'Dense', dense(120, 'relu', he), x);
      x = b.add('fc2', 'Dense', dense(84, 'relu', he), x);
      x = b.add('output', 'Dense', dense(10, 'softmax'), x);
    });
    b.add('loss', 'SparseCategoricalCrossentropyLoss', { weight: 1 }, x);
    return { ...b.build(), training: mnistRun };
  },
};

/** He initialization, the usual choice before a ReLU. */
const he = { kernelInitializer: 'heNormal' } as const;

/**
 * The run configuration the template ships with, measured to reach issue 5's target of ≥ 99.0%
 * MNIST test accuracy in 10 epochs (test/bench/mnist-accuracy.ts prints the figure).
 */
const mnistRun = trainingConfigSchema.parse({
  epochs: 10,
  batchSize: 64,
  optimizer: { type: 'adam', learningRate: 0.002 },
  schedule: { type: 'exponential', factor: 0.75 },
  dataset: { source: 'builtin', name: 'mnist' },
  split: { unit: 'count', dev: 5000, test: 0 },
  normalize: true,
  augmentation: { shift: 2 },
});
