/**
 * MobileNet v1 as Keras Applications builds it (`keras.applications.MobileNet`, α = 1.0,
 * depth multiplier 1, 224×224, include_top). Node ids are Keras's layer names.
 */
import type { TemplateBuilder } from './builder.ts';
import { batchNorm, conv, depthwise } from './layers.ts';
import type { Template } from './template.ts';
import { templateBuilder } from './template.ts';

const bn = batchNorm(0.001);
/** ReLU6, min(max(x, 0), 6), as Keras's MobileNet uses (kept for low-precision arithmetic). */
const relu6 = { activation: 'relu6' };

/** (pointwise filters, stride) for Keras's _depthwise_conv_block 1–13. */
const blocks: readonly [number, number][] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
];

/** 3×3 depthwise → BN → ReLU, then 1×1 pointwise → BN → ReLU. */
function separableBlock(
  b: TemplateBuilder,
  id: number,
  x: string,
  filters: number,
  strides: number,
): string {
  const label = `Block ${id}: depthwise 3×3${strides === 2 ? '/2' : ''} + pointwise → ${filters}`;
  return b.group(`block_${id}`, label, () => {
    // Keras pads only the bottom and right before a strided depthwise conv, as 'same' would.
    if (strides === 2) x = b.add(`conv_pad_${id}`, 'ZeroPadding2D', { padding: [0, 1, 0, 1] }, x);
    const padding = strides === 2 ? 'valid' : 'same';
    x = b.add(
      `conv_dw_${id}`,
      'DepthwiseConv2D',
      depthwise(3, { strides, padding, useBias: false }),
      x,
    );
    x = b.add(`conv_dw_${id}_bn`, 'BatchNormalization', bn, x);
    x = b.add(`conv_dw_${id}_relu`, 'Activation', relu6, x);
    x = b.add(`conv_pw_${id}`, 'Conv2D', conv(filters, 1, { padding: 'same', useBias: false }), x);
    x = b.add(`conv_pw_${id}_bn`, 'BatchNormalization', bn, x);
    return b.add(`conv_pw_${id}_relu`, 'Activation', relu6, x);
  });
}

export const mobilenet: Template = {
  file: 'mobilenet-v1',
  summary: 'MobileNet v1 (α = 1.0, 224×224): 13 depthwise separable blocks, 4.3 M parameters.',
  build() {
    const b = templateBuilder({
      title: 'MobileNet v1',
      description: [
        'MobileNet v1 replaces almost every convolution with a depthwise separable one: a 3×3 depthwise convolution filters each channel on its own, then a 1×1 pointwise convolution mixes the channels. That costs about 1/9 of the multiply-adds of a full 3×3 convolution for a small loss in accuracy, so a network of ImageNet quality (70.6% top-1) fits in 4.2 million parameters and runs on a phone.',
        'Use it where speed and size matter more than the last points of accuracy: on-device vision, or a light backbone for transfer learning. Each depthwise separable block is one group.',
        'Follows Keras Applications (α = 1.0, depth multiplier 1, 224×224, 1000 classes), with layer names to match: convolutions without bias, BatchNorm (ε = 0.001), zero padding at the bottom and right before each strided depthwise convolution, and a classifier that pools, reshapes to 1×1×1024, applies dropout (0.001), a 1×1 convolution to 1000 channels, reshapes to a vector and applies softmax. Activations are ReLU6 (a ReLU capped at 6, kept for low-precision arithmetic), as in Keras. The count is 4,253,864, including BatchNorm’s moving means and variances (21,888 non-trainable values).',
      ],
      paper:
        'A. G. Howard et al. MobileNets: efficient convolutional neural networks for mobile vision applications. arXiv:1704.04861, 2017.',
      implementation:
        'keras.applications.MobileNet(alpha=1.0, depth_multiplier=1, include_top=True, weights=None, classes=1000)',
      params: 4_253_864,
      tags: ['cnn', 'imagenet', 'mobile', 'depthwise-separable', 'transfer-learning'],
    });
    let x = b.add('input', 'Input', { kind: 'image', shape: [224, 224, 3] });
    b.group('stem', 'Stem: 3×3/2 conv', () => {
      x = b.add('conv1', 'Conv2D', conv(32, 3, { strides: 2, padding: 'same', useBias: false }), x);
      x = b.add('conv1_bn', 'BatchNormalization', bn, x);
      x = b.add('conv1_relu', 'Activation', relu6, x);
    });
    blocks.forEach(([filters, strides], i) => {
      x = separableBlock(b, i + 1, x, filters, strides);
    });
    b.group('head', 'Classifier: pool, 1×1 conv to 1000 classes', () => {
      x = b.add('global_average_pooling2d', 'GlobalAvgPool2D', {}, x);
      x = b.add('reshape_1', 'Reshape', { targetShape: [1, 1, 1024] }, x);
      x = b.add('dropout', 'Dropout', { rate: 0.001 }, x);
      x = b.add('conv_preds', 'Conv2D', conv(1000, 1, { padding: 'same' }), x);
      x = b.add('reshape_2', 'Reshape', { targetShape: [1000] }, x);
      x = b.add('predictions', 'Activation', { activation: 'softmax' }, x);
    });
    b.add('loss', 'CategoricalCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};
