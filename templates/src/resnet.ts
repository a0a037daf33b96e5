/**
 * Residual networks: ResNet-18 and ResNet-34 as torchvision builds them (basic blocks), and
 * ResNet-50 as Keras Applications builds it (bottleneck blocks). Node ids follow each reference's
 * layer names (dots become underscores), so its pretrained weights map one to one.
 *
 * Layout: the block's main path runs in lane 1, the shortcut (with its projection, when there is
 * one) in lane 0, so an identity shortcut is a straight edge down an empty lane to its Add.
 */
import type { TemplateBuilder } from './builder.ts';
import { batchNorm, conv, dense, pad, pool, relu } from './layers.ts';
import type { Template } from './template.ts';
import { templateBuilder } from './template.ts';

const paper =
  'K. He, X. Zhang, S. Ren, J. Sun. Deep residual learning for image recognition. CVPR 2016 (arXiv:1512.03385).';

const MAIN = 1;
const SHORTCUT = 0;

// PyTorch's BatchNorm2d: eps 1e-5, momentum 0.1 for the new batch, which is Keras's 0.9 for the old.
const torchBn = batchNorm(1e-5, { momentum: 0.9 });

/** PyTorch's `padding=p` is symmetric; 'same' is too at stride 1, but not at stride 2. */
function torchConv(
  b: TemplateBuilder,
  id: string,
  x: string,
  filters: number,
  kernel: number,
  strides: number,
  padding: number,
  lane?: number,
): string {
  const at = lane === undefined ? {} : { lane };
  if (padding === 0)
    return b.add(id, 'Conv2D', conv(filters, kernel, { strides, useBias: false }), x, at);
  if (strides === 1 && 2 * padding === kernel - 1) {
    return b.add(id, 'Conv2D', conv(filters, kernel, { padding: 'same', useBias: false }), x, at);
  }
  const padded = b.add(`${id}_pad`, 'ZeroPadding2D', pad(padding), x, at);
  return b.add(id, 'Conv2D', conv(filters, kernel, { strides, useBias: false }), padded);
}

/** torchvision's conv1 → bn1 → relu → maxpool: 224 → 112 → 56. */
function torchStem(b: TemplateBuilder, x: string): string {
  return b.group('stem', 'Stem: 7×7/2 conv, 3×3/2 max pool', () => {
    x = torchConv(b, 'conv1', x, 64, 7, 2, 3);
    x = b.add('bn1', 'BatchNormalization', torchBn, x);
    x = b.add('relu', 'Activation', relu, x);
    // PyTorch pads a max pool with −∞; after a ReLU every value is ≥ 0, so zeros pool the same.
    x = b.add('maxpool_pad', 'ZeroPadding2D', pad(1), x);
    return b.add('maxpool', 'MaxPool2D', pool(3, 2), x);
  });
}

/** torchvision's BasicBlock: two 3×3 convs, and a 1×1 projection when the shape changes. */
function basicBlock(
  b: TemplateBuilder,
  name: string,
  x: string,
  filters: number,
  strides: number,
  project: boolean,
): string {
  return b.group(name, `${name}: basic block${project ? ', projection shortcut' : ''}`, () => {
    let shortcut = x;
    if (project) {
      shortcut = torchConv(b, `${name}_downsample_0`, x, filters, 1, strides, 0, SHORTCUT);
      shortcut = b.add(`${name}_downsample_1`, 'BatchNormalization', torchBn, shortcut);
    }
    let y = torchConv(b, `${name}_conv1`, x, filters, 3, strides, 1, MAIN);
    y = b.add(`${name}_bn1`, 'BatchNormalization', torchBn, y);
    y = b.add(`${name}_relu1`, 'Activation', relu, y);
    y = torchConv(b, `${name}_conv2`, y, filters, 3, 1, 1);
    y = b.add(`${name}_bn2`, 'BatchNormalization', torchBn, y);
    const sum = b.add(`${name}_add`, 'Add', {}, [shortcut, y], { lane: SHORTCUT });
    return b.add(`${name}_relu2`, 'Activation', relu, sum);
  });
}

function buildTorchResnet(b: TemplateBuilder, blocks: readonly number[]) {
  let x = b.add('input', 'Input', { kind: 'image', shape: [224, 224, 3] });
  x = torchStem(b, x);
  const widths = [64, 128, 256, 512];
  blocks.forEach((count, stage) => {
    const layer = `layer${stage + 1}`;
    const filters = widths[stage] as number;
    const size = 56 / 2 ** stage;
    b.group(layer, `${layer}: ${count} basic blocks, ${filters} channels, ${size}×${size}`, () => {
      for (let i = 0; i < count; i++) {
        const strides = stage > 0 && i === 0 ? 2 : 1;
        x = basicBlock(b, `${layer}_${i}`, x, filters, strides, strides !== 1);
      }
    });
  });
  b.group('head', 'Classifier', () => {
    x = b.add('avgpool', 'GlobalAvgPool2D', {}, x);
    x = b.add('fc', 'Dense', dense(1000, 'softmax'), x);
  });
  b.add('loss', 'CategoricalCrossentropyLoss', { weight: 1 }, x);
  return b.build();
}

const torchDeparture =
  'Matches torchvision exactly in structure and weights: convolutions without bias, each followed by BatchNorm (ε = 1e-5); where PyTorch pads a strided convolution symmetrically, which ‘same’ does not, an explicit zero padding feeds a ‘valid’ convolution. The final softmax, which torchvision leaves to its loss, sits on the fc layer here. torchvision’s count leaves out BatchNorm’s running mean and variance (buffers, not parameters in PyTorch), so the reference figure is compared with the trainable count; Netwright’s total is larger by those statistics.';

export const resnet18: Template = {
  file: 'resnet18',
  summary:
    'Eight basic residual blocks (2-2-2-2) as torchvision builds them; the go-to small ResNet.',
  build() {
    return buildTorchResnet(
      templateBuilder({
        title: 'ResNet-18',
        description: [
          'ResNet-18: a 7×7 stem, four stages of two basic blocks (two 3×3 convolutions each, with a shortcut that adds the block’s input to its output), global average pooling and one dense layer.',
          'Residual connections let a block learn only a correction to the identity, so adding layers can no longer make training worse; this is what made networks of a hundred layers and more trainable, and the Add shortcut is now in almost every deep architecture. Use ResNet-18 as a light backbone for transfer learning or as a baseline to compare against.',
          torchDeparture,
        ],
        paper,
        implementation: 'torchvision.models.resnet18(num_classes=1000)',
        params: 11_689_512,
        counts: 'trainable',
        tags: ['cnn', 'imagenet', 'residual', 'transfer-learning'],
      }),
      [2, 2, 2, 2],
    );
  },
};

export const resnet34: Template = {
  file: 'resnet34',
  summary: 'Sixteen basic residual blocks (3-4-6-3) as torchvision builds them.',
  build() {
    return buildTorchResnet(
      templateBuilder({
        title: 'ResNet-34',
        description: [
          'ResNet-34: the stage layout of ResNet-50 (3, 4, 6 and 3 blocks) with basic blocks of two 3×3 convolutions instead of bottlenecks. It is the network the paper compares with a plain 34-layer stack to show that, with shortcuts, the deeper network trains to a lower error instead of a higher one.',
          'Use it where ResNet-18 underfits and the memory of bottleneck blocks is not wanted.',
          torchDeparture,
        ],
        paper,
        implementation: 'torchvision.models.resnet34(num_classes=1000)',
        params: 21_797_672,
        counts: 'trainable',
        tags: ['cnn', 'imagenet', 'residual', 'transfer-learning'],
      }),
      [3, 4, 6, 3],
    );
  },
};

// Keras Applications' ResNet50: every convolution has a bias; BatchNorm ε is 1.001e-5.
const kerasBn = batchNorm(1.001e-5);

/** Keras's `block1`: 1×1 reduce (strided), 3×3, 1×1 expand ×4, plus shortcut. */
function bottleneck(
  b: TemplateBuilder,
  name: string,
  x: string,
  filters: number,
  strides: number,
  project: boolean,
): string {
  return b.group(name, `${name}: bottleneck${project ? ', projection shortcut' : ''}`, () => {
    let shortcut = x;
    if (project) {
      shortcut = b.add(`${name}_0_conv`, 'Conv2D', conv(4 * filters, 1, { strides }), x, {
        lane: SHORTCUT,
      });
      shortcut = b.add(`${name}_0_bn`, 'BatchNormalization', kerasBn, shortcut);
    }
    let y = b.add(`${name}_1_conv`, 'Conv2D', conv(filters, 1, { strides }), x, { lane: MAIN });
    y = b.add(`${name}_1_bn`, 'BatchNormalization', kerasBn, y);
    y = b.add(`${name}_1_relu`, 'Activation', relu, y);
    y = b.add(`${name}_2_conv`, 'Conv2D', conv(filters, 3, { padding: 'same' }), y);
    y = b.add(`${name}_2_bn`, 'BatchNormalization', kerasBn, y);
    y = b.add(`${name}_2_relu`, 'Activation', relu, y);
    y = b.add(`${name}_3_conv`, 'Conv2D', conv(4 * filters, 1), y);
    y = b.add(`${name}_3_bn`, 'BatchNormalization', kerasBn, y);
    const sum = b.add(`${name}_add`, 'Add', {}, [shortcut, y], { lane: SHORTCUT });
    return b.add(`${name}_out`, 'Activation', relu, sum);
  });
}

export const resnet50: Template = {
  file: 'resnet50',
  summary: 'Sixteen bottleneck residual blocks (3-4-6-3) as Keras Applications builds it.',
  build() {
    const b = templateBuilder({
      title: 'ResNet-50',
      description: [
        'ResNet-50: a 7×7 stem, four stages of bottleneck blocks (3, 4, 6 and 3), global average pooling and a 1000-way softmax. A bottleneck block squeezes the channels with a 1×1 convolution, does its 3×3 work on the thin tensor, and expands back with another 1×1, so a deep network stays affordable; the first block of each stage projects its shortcut with a strided 1×1 convolution to match the new shape, the others add their input unchanged.',
        'ResNet-50 won ImageNet 2015 with its deeper siblings and became the default backbone for detection, segmentation and transfer learning. Each residual block is one group holding one Add, inside a group per stage, so the network collapses to four stages on the canvas.',
        'Follows Keras Applications exactly: layer names, convolutions with biases, BatchNorm ε = 1.001e-5, and zero padding (3) before the ‘valid’ 7×7/2 stem convolution and (1) before the 3×3/2 max pool, which pads symmetrically where ‘same’ would not at stride 2. The stride of a projecting block sits on its first 1×1 convolution, as in the original release (torchvision’s v1.5 puts it on the 3×3). The reference count, 25,636,712, includes BatchNorm’s moving mean and variance (53,120 non-trainable values).',
      ],
      paper,
      implementation: 'keras.applications.ResNet50(include_top=True, weights=None, classes=1000)',
      params: 25_636_712,
      tags: ['cnn', 'imagenet', 'residual', 'bottleneck', 'transfer-learning'],
    });
    let x = b.add('input', 'Input', { kind: 'image', shape: [224, 224, 3] });
    b.group('stem', 'Stem: 7×7/2 conv, 3×3/2 max pool', () => {
      x = b.add('conv1_pad', 'ZeroPadding2D', pad(3), x);
      x = b.add('conv1_conv', 'Conv2D', conv(64, 7, { strides: 2 }), x);
      x = b.add('conv1_bn', 'BatchNormalization', kerasBn, x);
      x = b.add('conv1_relu', 'Activation', relu, x);
      x = b.add('pool1_pad', 'ZeroPadding2D', pad(1), x);
      x = b.add('pool1_pool', 'MaxPool2D', pool(3, 2), x);
    });
    const stages = [
      { name: 'conv2', filters: 64, blocks: 3, strides: 1 },
      { name: 'conv3', filters: 128, blocks: 4, strides: 2 },
      { name: 'conv4', filters: 256, blocks: 6, strides: 2 },
      { name: 'conv5', filters: 512, blocks: 3, strides: 2 },
    ];
    for (const [i, stage] of stages.entries()) {
      const size = 56 / 2 ** i;
      const label = `${stage.name}: ${stage.blocks} bottleneck blocks, ${4 * stage.filters} channels, ${size}×${size}`;
      b.group(stage.name, label, () => {
        for (let block = 1; block <= stage.blocks; block++) {
          const first = block === 1;
          x = bottleneck(
            b,
            `${stage.name}_block${block}`,
            x,
            stage.filters,
            first ? stage.strides : 1,
            first,
          );
        }
      });
    }
    b.group('head', 'Classifier', () => {
      x = b.add('avg_pool', 'GlobalAvgPool2D', {}, x);
      x = b.add('predictions', 'Dense', dense(1000, 'softmax'), x);
    });
    b.add('loss', 'CategoricalCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};
