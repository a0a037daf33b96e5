/**
 * VGG-16 and VGG-19 as Keras Applications builds them (`keras.applications.VGG16/VGG19`,
 * include_top=True): blocks of 3×3 'same' convolutions, each closed by a 2×2 max pool.
 */
import type { TemplateBuilder } from './builder.ts';
import { conv, dense, pool } from './layers.ts';
import type { Template } from './template.ts';
import { templateBuilder } from './template.ts';

const paper =
  'K. Simonyan, A. Zisserman. Very deep convolutional networks for large-scale image recognition. ICLR 2015 (arXiv:1409.1556).';

/** Convolutions per block: VGG-16 is configuration D, VGG-19 configuration E. */
const configurations = {
  16: [2, 2, 3, 3, 3],
  19: [2, 2, 4, 4, 4],
} as const;
const blockFilters = [64, 128, 256, 512, 512] as const;

function buildVgg(b: TemplateBuilder, depth: 16 | 19) {
  let x = b.add('input', 'Input', { kind: 'image', shape: [224, 224, 3] });
  configurations[depth].forEach((convs, i) => {
    const block = `block${i + 1}`;
    const filters = blockFilters[i] as number;
    b.group(block, `Block ${i + 1}: ${convs} × conv ${filters}`, () => {
      for (let c = 1; c <= convs; c++) {
        x = b.add(
          `${block}_conv${c}`,
          'Conv2D',
          conv(filters, 3, { padding: 'same', activation: 'relu' }),
          x,
        );
      }
      x = b.add(`${block}_pool`, 'MaxPool2D', pool(2, 2), x);
    });
  });
  b.group('top', 'Classifier', () => {
    x = b.add('flatten', 'Flatten', {}, x);
    x = b.add('fc1', 'Dense', dense(4096, 'relu'), x);
    x = b.add('fc2', 'Dense', dense(4096, 'relu'), x);
    x = b.add('predictions', 'Dense', dense(1000, 'softmax'), x);
  });
  b.add('loss', 'CategoricalCrossentropyLoss', { weight: 1 }, x);
  return b.build();
}

const sharedStory =
  'VGG showed that depth matters and that it can be had simply: only 3×3 convolutions (two stacked see as far as one 5×5 with fewer weights and an extra nonlinearity), only 2×2 max pooling, channels doubling from 64 to 512 as the image halves. Its uniform design made it the standard feature extractor for transfer learning and style transfer (the course’s neural style transfer uses VGG-19).';

export const vgg16: Template = {
  file: 'vgg16',
  summary:
    'Sixteen weight layers of 3×3 convs and 2×2 pools; the classic transfer-learning backbone.',
  build() {
    return buildVgg(
      templateBuilder({
        title: 'VGG-16',
        description: [
          'VGG-16 (configuration D of the paper): 13 convolutions in five blocks and three fully connected layers, runner-up of ImageNet 2014.',
          sharedStory,
          'Use it for transfer learning on images, or to see where the parameters of a plain deep CNN go: 102.8 of its 138.4 million sit in the first dense layer (7·7·512 → 4096). Layer names follow Keras Applications, so its ImageNet weights map one to one.',
        ],
        paper,
        implementation: 'keras.applications.VGG16(include_top=True, weights=None, classes=1000)',
        params: 138_357_544,
        tags: ['cnn', 'imagenet', 'classic', 'transfer-learning'],
      }),
      16,
    );
  },
};

export const vgg19: Template = {
  file: 'vgg19',
  summary:
    'VGG with 19 weight layers (4 convs in the last three blocks); the style-transfer network.',
  build() {
    return buildVgg(
      templateBuilder({
        title: 'VGG-19',
        description: [
          'VGG-19 (configuration E of the paper): 16 convolutions in five blocks and three fully connected layers. It is VGG-16 with a fourth convolution in each of the last three blocks.',
          sharedStory,
          'Use it where a recipe asks for VGG-19 features (neural style transfer reads its block activations). Layer names follow Keras Applications, so its ImageNet weights map one to one.',
        ],
        paper,
        implementation: 'keras.applications.VGG19(include_top=True, weights=None, classes=1000)',
        params: 143_667_240,
        tags: ['cnn', 'imagenet', 'classic', 'transfer-learning', 'style-transfer'],
      }),
      19,
    );
  },
};
