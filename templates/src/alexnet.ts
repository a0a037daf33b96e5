/**
 * AlexNet as torchvision builds it (`torchvision.models.alexnet`): one tower, no LRN.
 */
import { conv, dense, pad, pool } from './layers.ts';
import type { Template } from './template.ts';
import { templateBuilder } from './template.ts';

export const alexnet: Template = {
  file: 'alexnet',
  summary: 'The 2012 ImageNet winner, single tower as torchvision builds it: 5 convs, 3 FC layers.',
  build() {
    const b = templateBuilder({
      title: 'AlexNet',
      description: [
        'AlexNet won ImageNet 2012 by a wide margin and started the deep-learning era in vision: a LeNet-like stack made much bigger (60 million parameters), trained on GPUs, with ReLU instead of tanh, overlapping 3×3 max pooling, and dropout in the fully connected layers.',
        'Use it to see how a classic big CNN spends its parameters: the three dense layers hold 58.6 of its 61.1 million, the five convolutions only 2.5 million. Later networks (VGG, ResNet, GoogLeNet) replaced those dense layers with pooling.',
        'This is the single-tower variant torchvision ships (Krizhevsky’s “one weird trick” version: 64, 192, 384, 256, 256 filters), not the paper’s two-GPU model with local response normalization, which the catalog cannot express. torchvision pads conv1 by 2 with stride 4; a ‘same’ convolution would pad differently and give 56×56 instead of 55×55, so an explicit zero padding of 2 feeds a ‘valid’ convolution. The other convolutions pad symmetrically, which ‘same’ does at stride 1. torchvision’s AdaptiveAvgPool2d((6, 6)) does nothing at 224×224 (the features are already 6×6) and is left out; its Flatten orders values channel-first, which changes no count, and the softmax it leaves to its loss sits on the last layer here.',
      ],
      paper:
        'A. Krizhevsky, I. Sutskever, G. E. Hinton. ImageNet classification with deep convolutional neural networks. NeurIPS 2012; A. Krizhevsky. One weird trick for parallelizing convolutional neural networks. arXiv:1404.5997, 2014.',
      implementation: 'torchvision.models.alexnet (torchvision 0.x), num_classes=1000',
      params: 61_100_840,
      tags: ['cnn', 'imagenet', 'classic'],
    });
    let x = b.add('input', 'Input', { kind: 'image', shape: [224, 224, 3] });
    b.group('features', 'Features', () => {
      x = b.add('features_0_pad', 'ZeroPadding2D', pad(2), x);
      x = b.add('features_0', 'Conv2D', conv(64, 11, { strides: 4, activation: 'relu' }), x);
      x = b.add('features_2', 'MaxPool2D', pool(3, 2), x);
      x = b.add('features_3', 'Conv2D', conv(192, 5, { padding: 'same', activation: 'relu' }), x);
      x = b.add('features_5', 'MaxPool2D', pool(3, 2), x);
      x = b.add('features_6', 'Conv2D', conv(384, 3, { padding: 'same', activation: 'relu' }), x);
      x = b.add('features_8', 'Conv2D', conv(256, 3, { padding: 'same', activation: 'relu' }), x);
      x = b.add('features_10', 'Conv2D', conv(256, 3, { padding: 'same', activation: 'relu' }), x);
      x = b.add('features_12', 'MaxPool2D', pool(3, 2), x);
    });
    b.group('classifier', 'Classifier', () => {
      x = b.add('flatten', 'Flatten', {}, x);
      x = b.add('classifier_0', 'Dropout', { rate: 0.5 }, x);
      x = b.add('classifier_1', 'Dense', dense(4096, 'relu'), x);
      x = b.add('classifier_3', 'Dropout', { rate: 0.5 }, x);
      x = b.add('classifier_4', 'Dense', dense(4096, 'relu'), x);
      x = b.add('classifier_6', 'Dense', dense(1000, 'softmax'), x);
    });
    b.add('loss', 'CategoricalCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};
