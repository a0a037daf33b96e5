/**
 * The course's first networks: logistic regression, a shallow planar classifier, a deep L-layer
 * network, and a small CNN with a 1×1 bottleneck. They have no external implementation; each
 * description gives the hand count, which the template test redoes as arithmetic.
 */
import { conv, dense, pool } from './layers.ts';
import type { Template } from './template.ts';
import { templateBuilder } from './template.ts';

const course = 'Deep Learning Specialization (DeepLearning.AI), course exercises.';

export const logisticRegression: Template = {
  file: 'logistic-regression',
  summary: 'Logistic regression as a one-neuron network: cat vs non-cat on 64×64×3 images.',
  build() {
    const b = templateBuilder({
      title: 'Logistic regression (cat vs non-cat)',
      description: [
        'Logistic regression seen as the smallest neural network: each 64×64×3 image is unrolled into a vector of 12,288 values, one neuron computes ŷ = σ(wᵀx + b), and binary cross-entropy scores it against the 1 (cat) / 0 (non-cat) label.',
        'Use it as the first model to train: it shows forward propagation, the cost, and gradient descent with nothing else in the way, and it sets the baseline (about 70% test accuracy on the course’s cat images) that deeper networks beat.',
        'Hand count: 12,288 weights + 1 bias = 12,289 parameters.',
      ],
      paper: course,
      implementation: 'Hand count (course exercise; no external implementation).',
      params: 12_289,
      tags: ['course', 'logistic-regression', 'binary-classification'],
    });
    let x = b.add('input', 'Input', { kind: 'image', shape: [64, 64, 3] });
    x = b.add('flatten', 'Flatten', {}, x);
    x = b.add('neuron', 'Dense', dense(1, 'sigmoid', { kernelInitializer: 'zeros' }), x);
    b.add('loss', 'BinaryCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};

export const shallowPlanar: Template = {
  file: 'shallow-planar',
  summary: 'One tanh hidden layer of 4 units separating 2-D planar data (the “flower”).',
  build() {
    const b = templateBuilder({
      title: 'Shallow network for planar data',
      description: [
        'A network with one hidden layer: 2 inputs (a point’s coordinates), 4 tanh units, and a sigmoid output for the point’s colour. On the course’s “flower” data, which no straight line separates, this small hidden layer already bends the decision boundary around the petals (about 90% accuracy, where logistic regression gets about 47%).',
        'Use it to see what a hidden layer buys, and to try other hidden sizes (1 underfits, 50 overfits). Weights start small and random (standard deviation 0.01), as in the exercise.',
        'Hand count: 2·4 + 4 = 12 for the hidden layer, 4·1 + 1 = 5 for the output: 17 parameters.',
      ],
      paper: course,
      implementation: 'Hand count (course exercise; no external implementation).',
      params: 17,
      tags: ['course', 'shallow', 'binary-classification'],
    });
    const init = { kernelInitializer: 'randomNormal', kernelStddev: 0.01 };
    let x = b.add('input', 'Input', { kind: 'vector', shape: [2] });
    x = b.add('hidden', 'Dense', dense(4, 'tanh', init), x);
    x = b.add('output', 'Dense', dense(1, 'sigmoid', init), x);
    b.add('loss', 'BinaryCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};

export const deepFullyConnected: Template = {
  file: 'deep-fc',
  summary: 'Deep L-layer network [12288, 20, 7, 5, 1]: ReLU, He initialization, L2 and dropout.',
  build() {
    const b = templateBuilder({
      title: 'Deep L-layer network',
      description: [
        'The course’s deep fully connected network, layer sizes [12288, 20, 7, 5, 1]: a 64×64×3 image unrolled to 12,288 values, three ReLU hidden layers of 20, 7 and 5 units, and a sigmoid output for cat / non-cat.',
        'It gathers the practical lessons of the second course: He initialization for ReLU layers (so activations neither vanish nor explode), L2 regularization (λ = 0.01 on each kernel here) and dropout (keep_prob 0.8, a rate of 0.2, after the first two hidden layers) against overfitting. Use it to compare against logistic regression on the same data, and to switch each of these on and off and watch the dev-set accuracy.',
        'Hand count: 12,288·20 + 20 = 245,780; 20·7 + 7 = 147; 7·5 + 5 = 40; 5·1 + 1 = 6; total 245,973 parameters.',
      ],
      paper: course,
      implementation: 'Hand count (course exercise; no external implementation).',
      params: 245_973,
      tags: ['course', 'deep', 'regularization', 'binary-classification'],
    });
    const hidden = { kernelInitializer: 'heNormal', l2: 0.01 };
    let x = b.add('input', 'Input', { kind: 'image', shape: [64, 64, 3] });
    x = b.add('flatten', 'Flatten', {}, x);
    x = b.add('layer1', 'Dense', dense(20, 'relu', hidden), x);
    x = b.add('dropout1', 'Dropout', { rate: 0.2 }, x);
    x = b.add('layer2', 'Dense', dense(7, 'relu', hidden), x);
    x = b.add('dropout2', 'Dropout', { rate: 0.2 }, x);
    x = b.add('layer3', 'Dense', dense(5, 'relu', hidden), x);
    x = b.add(
      'output',
      'Dense',
      dense(1, 'sigmoid', { kernelInitializer: 'heNormal', l2: 0.01 }),
      x,
    );
    b.add('loss', 'BinaryCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};

export const bottleneckCnn: Template = {
  file: 'bottleneck-cnn',
  summary: 'A small CNN whose 1×1 convolution squeezes 64 channels to 16 before a 5×5 conv.',
  build() {
    const b = templateBuilder({
      title: 'Small CNN with a 1×1 bottleneck',
      description: [
        'A small image classifier (32×32×3, 10 classes) built around the course’s lesson on 1×1 convolutions: before the 5×5 convolution, a 1×1 convolution shrinks the 64 channels to 16. It is the trick inside every inception module and ResNet bottleneck block.',
        'The saving is easy to see in the parameter column: the 5×5 convolution to 64 channels needs 5·5·16·64 + 64 = 25,664 weights after the bottleneck, against 5·5·64·64 + 64 = 102,464 without it, and the multiply-adds fall by the same factor. Try deleting the bottleneck node and reconnecting to watch the numbers change.',
        'Hand count: conv1 3·3·3·64 + 64 = 1,792; bottleneck 1·1·64·16 + 16 = 1,040; conv2 25,664; output 8·8·64·10 + 10 = 40,970; total 69,466 parameters.',
      ],
      paper:
        'M. Lin, Q. Chen, S. Yan. Network in network. ICLR 2014 (arXiv:1312.4400); course exercise.',
      implementation: 'Hand count (course-style example; no external implementation).',
      params: 69_466,
      tags: ['course', 'cnn', 'bottleneck'],
    });
    let x = b.add('input', 'Input', { kind: 'image', shape: [32, 32, 3] });
    x = b.add('conv1', 'Conv2D', conv(64, 3, { padding: 'same', activation: 'relu' }), x);
    x = b.add('pool1', 'MaxPool2D', pool(2, 2), x);
    b.group('bottleneck_block', '1×1 bottleneck, then 5×5', () => {
      x = b.add('bottleneck', 'Conv2D', conv(16, 1, { activation: 'relu' }), x, {
        name: '1×1 bottleneck',
      });
      x = b.add('conv2', 'Conv2D', conv(64, 5, { padding: 'same', activation: 'relu' }), x);
    });
    x = b.add('pool2', 'MaxPool2D', pool(2, 2), x);
    x = b.add('flatten', 'Flatten', {}, x);
    x = b.add('output', 'Dense', dense(10, 'softmax'), x);
    b.add('loss', 'CategoricalCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};
