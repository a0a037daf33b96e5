/**
 * GoogLeNet (Inception v1) as torchvision builds it (`torchvision.models.googlenet`), without the
 * auxiliary classifiers. Node ids follow torchvision's module names (dots become underscores).
 */
import type { TemplateBuilder } from './builder.ts';
import { batchNorm, conv, dense, pad, pool, relu } from './layers.ts';
import type { Template } from './template.ts';
import { templateBuilder } from './template.ts';

// BasicConv2d's BatchNorm2d(eps=0.001); PyTorch's momentum 0.1 is Keras's 0.9.
const bn = batchNorm(0.001, { momentum: 0.9 });
const CENTER = 1.5;

/**
 * torchvision's BasicConv2d: conv without bias → BatchNorm → ReLU. Its stride-1 convolutions pad
 * (k − 1) / 2 on every side, which is 'same'.
 */
function basicConv(
  b: TemplateBuilder,
  name: string,
  x: string,
  filters: number,
  kernel: number,
  options: { strides?: number; padding?: 'valid' | 'same'; lane?: number } = {},
): string {
  const padding = options.padding ?? (kernel === 1 ? 'valid' : 'same');
  const at = options.lane === undefined ? {} : { lane: options.lane };
  let y = b.add(
    `${name}_conv`,
    'Conv2D',
    conv(filters, kernel, { strides: options.strides ?? 1, padding, useBias: false }),
    x,
    at,
  );
  y = b.add(`${name}_bn`, 'BatchNormalization', bn, y);
  return b.add(`${name}_relu`, 'Activation', relu, y);
}

/**
 * Four branches joined along channels: 1×1; 1×1 → 3×3; 1×1 → "5×5" (torchvision uses a 3×3
 * here, a known slip it keeps for its pretrained weights); 3×3 max pool → 1×1.
 */
function inception(
  b: TemplateBuilder,
  name: string,
  x: string,
  c: {
    ch1x1: number;
    ch3x3red: number;
    ch3x3: number;
    ch5x5red: number;
    ch5x5: number;
    poolProj: number;
  },
): string {
  const out = c.ch1x1 + c.ch3x3 + c.ch5x5 + c.poolProj;
  return b.group(name, `${name}: inception module → ${out} channels`, () => {
    const lane = (i: number) => CENTER - 1.5 + i;
    const b1 = basicConv(b, `${name}_branch1`, x, c.ch1x1, 1, { lane: lane(0) });
    let b2 = basicConv(b, `${name}_branch2_0`, x, c.ch3x3red, 1, { lane: lane(1) });
    b2 = basicConv(b, `${name}_branch2_1`, b2, c.ch3x3, 3);
    let b3 = basicConv(b, `${name}_branch3_0`, x, c.ch5x5red, 1, { lane: lane(2) });
    b3 = basicConv(b, `${name}_branch3_1`, b3, c.ch5x5, 3);
    let b4 = b.add(`${name}_branch4_0`, 'MaxPool2D', pool(3, 1, 'same'), x, { lane: lane(3) });
    b4 = basicConv(b, `${name}_branch4_1`, b4, c.poolProj, 1);
    return b.add(`${name}_concat`, 'Concatenate', { axis: -1 }, [b1, b2, b3, b4]);
  });
}

type Module = [string, number, number, number, number, number, number];

// torchvision's Inception(in, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj), in left out.
const modules3: Module[] = [
  ['inception3a', 64, 96, 128, 16, 32, 32],
  ['inception3b', 128, 128, 192, 32, 96, 64],
];
const modules4: Module[] = [
  ['inception4a', 192, 96, 208, 16, 48, 64],
  ['inception4b', 160, 112, 224, 24, 64, 64],
  ['inception4c', 128, 128, 256, 24, 64, 64],
  ['inception4d', 112, 144, 288, 32, 64, 64],
  ['inception4e', 256, 160, 320, 32, 128, 128],
];
const modules5: Module[] = [
  ['inception5a', 256, 160, 320, 32, 128, 128],
  ['inception5b', 384, 192, 384, 48, 128, 128],
];

function addModules(b: TemplateBuilder, x: string, modules: Module[]): string {
  for (const [name, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, poolProj] of modules) {
    x = inception(b, name, x, { ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, poolProj });
  }
  return x;
}

export const googlenet: Template = {
  file: 'googlenet',
  summary: 'Inception v1: nine inception modules of parallel 1×1, 3×3, 5×5 and pool branches.',
  build() {
    const b = templateBuilder({
      title: 'GoogLeNet (Inception v1)',
      description: [
        'GoogLeNet won ImageNet 2014 with nine inception modules: each runs 1×1, 3×3 and 5×5 convolutions and a 3×3 max pool side by side on the same input and concatenates their channels, letting the network pick the right receptive field. The 1×1 “bottleneck” convolutions in front of the larger filters cut the cost by about ten times, which is why a 22-layer network needs only 6.6 million parameters, a tenth of AlexNet.',
        'Use it to study the inception module and the 1×1 bottleneck (the course’s 28×28×192 example is module 3a’s input); each module is one group ending in one Concatenate.',
        'Follows torchvision (no auxiliary classifiers, as when `aux_logits=False`): BasicConv2d is a convolution without bias, BatchNorm (ε = 0.001, which the 2014 paper predates) and ReLU, and the third branch uses a 3×3 convolution where the paper has 5×5, as torchvision does. torchvision’s stem convolution pads 3 at stride 2, so an explicit zero padding feeds a ‘valid’ convolution. Its max pools use ceil_mode=True; ‘same’ padding gives exactly the same windows (an extra row and column at the bottom and right only when needed, never counted in the max), so the pools here are ‘same’: 112 → 56 → 28 → 14 → 7. The softmax torchvision leaves to its loss is on the fc layer. The reference figure leaves out BatchNorm’s running statistics (buffers in PyTorch) and is compared with the trainable count.',
      ],
      paper: 'C. Szegedy et al. Going deeper with convolutions. CVPR 2015 (arXiv:1409.4842).',
      implementation:
        'torchvision.models.googlenet(num_classes=1000, aux_logits=False, init_weights=True)',
      params: 6_624_904,
      counts: 'trainable',
      tags: ['cnn', 'imagenet', 'inception', 'bottleneck'],
    });
    let x = b.add('input', 'Input', { kind: 'image', shape: [224, 224, 3] }, [], { lane: CENTER });
    b.group('stem', 'Stem: 7×7/2 conv, pools, 1×1 and 3×3 convs', () => {
      x = b.add('conv1_pad', 'ZeroPadding2D', pad(3), x);
      x = basicConv(b, 'conv1', x, 64, 7, { strides: 2, padding: 'valid' });
      x = b.add('maxpool1', 'MaxPool2D', pool(3, 2, 'same'), x);
      x = basicConv(b, 'conv2', x, 64, 1);
      x = basicConv(b, 'conv3', x, 192, 3);
      x = b.add('maxpool2', 'MaxPool2D', pool(3, 2, 'same'), x);
    });
    x = addModules(b, x, modules3);
    x = b.add('maxpool3', 'MaxPool2D', pool(3, 2, 'same'), x);
    x = addModules(b, x, modules4);
    x = b.add('maxpool4', 'MaxPool2D', pool(2, 2, 'same'), x);
    x = addModules(b, x, modules5);
    b.group('head', 'Classifier', () => {
      x = b.add('avgpool', 'GlobalAvgPool2D', {}, x);
      x = b.add('dropout', 'Dropout', { rate: 0.2 }, x);
      x = b.add('fc', 'Dense', dense(1000, 'softmax'), x);
    });
    b.add('loss', 'CategoricalCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};
