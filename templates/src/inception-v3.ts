/**
 * Inception v3 as Keras Applications builds it (`keras.applications.InceptionV3`, include_top).
 * Module names (mixed0 … mixed10) are Keras's; the layers inside get readable ids in place of
 * Keras's numbered conv2d_N, named after the branch variables of its source.
 */
import type { TemplateBuilder } from './builder.ts';
import { batchNorm, conv, dense, pool, relu } from './layers.ts';
import type { Template } from './template.ts';
import { templateBuilder } from './template.ts';

// conv2d_bn's BatchNormalization(scale=False): the ReLU after it makes γ redundant.
const bn = batchNorm(0.001, { scale: false });
const CENTER = 1.5;

/** Keras's conv2d_bn: convolution without bias → BatchNorm without scale → ReLU. */
function convBn(
  b: TemplateBuilder,
  name: string,
  x: string,
  filters: number,
  kernel: [number, number],
  options: { strides?: number; padding?: 'valid' | 'same'; lane?: number } = {},
): string {
  const at = options.lane === undefined ? {} : { lane: options.lane };
  const params = conv(filters, kernel, {
    strides: options.strides ?? 1,
    padding: options.padding ?? 'same',
    useBias: false,
  });
  let y = b.add(`${name}_conv`, 'Conv2D', params, x, at);
  y = b.add(`${name}_bn`, 'BatchNormalization', bn, y);
  return b.add(name, 'Activation', relu, y);
}

const k1: [number, number] = [1, 1];
const k3: [number, number] = [3, 3];
const k5: [number, number] = [5, 5];
const k1x7: [number, number] = [1, 7];
const k7x1: [number, number] = [7, 1];
const k1x3: [number, number] = [1, 3];
const k3x1: [number, number] = [3, 1];
const avgSame = pool(3, 1, 'same');

/** mixed0–2, 35×35: 1×1 | 1×1 → 5×5 | 1×1 → 3×3 → 3×3 | avg pool → 1×1. */
function moduleA(b: TemplateBuilder, name: string, x: string, poolFilters: number): string {
  return b.group(`${name}_module`, `${name}: 35×35 inception (5×5 and double 3×3)`, () => {
    const at = (i: number) => ({ lane: CENTER - 1.5 + i });
    const b1 = convBn(b, `${name}_branch1x1`, x, 64, k1, at(0));
    let b5 = convBn(b, `${name}_branch5x5_1`, x, 48, k1, at(1));
    b5 = convBn(b, `${name}_branch5x5_2`, b5, 64, k5);
    let b3 = convBn(b, `${name}_branch3x3dbl_1`, x, 64, k1, at(2));
    b3 = convBn(b, `${name}_branch3x3dbl_2`, b3, 96, k3);
    b3 = convBn(b, `${name}_branch3x3dbl_3`, b3, 96, k3);
    let bp = b.add(`${name}_branch_pool_avg`, 'AvgPool2D', avgSame, x, at(3));
    bp = convBn(b, `${name}_branch_pool`, bp, poolFilters, k1);
    return b.add(name, 'Concatenate', { axis: -1 }, [b1, b5, b3, bp], { lane: CENTER });
  });
}

/** mixed3, 35 → 17: 3×3/2 | 1×1 → 3×3 → 3×3/2 | max pool /2. */
function reductionA(b: TemplateBuilder, x: string): string {
  const name = 'mixed3';
  return b.group(`${name}_module`, `${name}: grid reduction 35×35 → 17×17`, () => {
    const at = (i: number) => ({ lane: CENTER - 1 + i });
    const b3 = convBn(b, `${name}_branch3x3`, x, 384, k3, {
      strides: 2,
      padding: 'valid',
      ...at(0),
    });
    let bd = convBn(b, `${name}_branch3x3dbl_1`, x, 64, k1, at(1));
    bd = convBn(b, `${name}_branch3x3dbl_2`, bd, 96, k3);
    bd = convBn(b, `${name}_branch3x3dbl_3`, bd, 96, k3, { strides: 2, padding: 'valid' });
    const bp = b.add(`${name}_branch_pool`, 'MaxPool2D', pool(3, 2), x, at(2));
    return b.add(name, 'Concatenate', { axis: -1 }, [b3, bd, bp], { lane: CENTER });
  });
}

/** mixed4–7, 17×17: 1×1 | 1×1 → 1×7 → 7×1 | 1×1 → (7×1 → 1×7) × 2 | avg pool → 1×1. */
function moduleB(b: TemplateBuilder, name: string, x: string, width: number): string {
  return b.group(
    `${name}_module`,
    `${name}: 17×17 inception (factorized 7×7, width ${width})`,
    () => {
      const at = (i: number) => ({ lane: CENTER - 1.5 + i });
      const b1 = convBn(b, `${name}_branch1x1`, x, 192, k1, at(0));
      let b7 = convBn(b, `${name}_branch7x7_1`, x, width, k1, at(1));
      b7 = convBn(b, `${name}_branch7x7_2`, b7, width, k1x7);
      b7 = convBn(b, `${name}_branch7x7_3`, b7, 192, k7x1);
      let bd = convBn(b, `${name}_branch7x7dbl_1`, x, width, k1, at(2));
      bd = convBn(b, `${name}_branch7x7dbl_2`, bd, width, k7x1);
      bd = convBn(b, `${name}_branch7x7dbl_3`, bd, width, k1x7);
      bd = convBn(b, `${name}_branch7x7dbl_4`, bd, width, k7x1);
      bd = convBn(b, `${name}_branch7x7dbl_5`, bd, 192, k1x7);
      let bp = b.add(`${name}_branch_pool_avg`, 'AvgPool2D', avgSame, x, at(3));
      bp = convBn(b, `${name}_branch_pool`, bp, 192, k1);
      return b.add(name, 'Concatenate', { axis: -1 }, [b1, b7, bd, bp], { lane: CENTER });
    },
  );
}

/** mixed8, 17 → 8: 1×1 → 3×3/2 | 1×1 → 1×7 → 7×1 → 3×3/2 | max pool /2. */
function reductionB(b: TemplateBuilder, x: string): string {
  const name = 'mixed8';
  return b.group(`${name}_module`, `${name}: grid reduction 17×17 → 8×8`, () => {
    const at = (i: number) => ({ lane: CENTER - 1 + i });
    let b3 = convBn(b, `${name}_branch3x3_1`, x, 192, k1, at(0));
    b3 = convBn(b, `${name}_branch3x3_2`, b3, 320, k3, { strides: 2, padding: 'valid' });
    let b7 = convBn(b, `${name}_branch7x7x3_1`, x, 192, k1, at(1));
    b7 = convBn(b, `${name}_branch7x7x3_2`, b7, 192, k1x7);
    b7 = convBn(b, `${name}_branch7x7x3_3`, b7, 192, k7x1);
    b7 = convBn(b, `${name}_branch7x7x3_4`, b7, 192, k3, { strides: 2, padding: 'valid' });
    const bp = b.add(`${name}_branch_pool`, 'MaxPool2D', pool(3, 2), x, at(2));
    return b.add(name, 'Concatenate', { axis: -1 }, [b3, b7, bp], { lane: CENTER });
  });
}

/**
 * mixed9–10, 8×8: 1×1 | 1×1 → (1×3 ‖ 3×1) | 1×1 → 3×3 → (1×3 ‖ 3×1) | avg pool → 1×1. The split
 * branches are joined by their own Concatenate (Keras's mixed9_0, mixed9_1 and two unnamed ones).
 */
function moduleC(b: TemplateBuilder, name: string, index: number, x: string): string {
  return b.group(`${name}_module`, `${name}: 8×8 inception (expanded 1×3 / 3×1 splits)`, () => {
    const at = (i: number) => ({ lane: CENTER - 2.5 + i });
    const b1 = convBn(b, `${name}_branch1x1`, x, 320, k1, at(0));
    const b3 = convBn(b, `${name}_branch3x3`, x, 384, k1, at(1));
    const b3a = convBn(b, `${name}_branch3x3_1`, b3, 384, k1x3);
    const b3b = convBn(b, `${name}_branch3x3_2`, b3, 384, k3x1, at(2));
    const b3joined = b.add(`mixed9_${index}`, 'Concatenate', { axis: -1 }, [b3a, b3b]);
    let bd = convBn(b, `${name}_branch3x3dbl_1`, x, 448, k1, at(3));
    bd = convBn(b, `${name}_branch3x3dbl_2`, bd, 384, k3);
    const bda = convBn(b, `${name}_branch3x3dbl_3a`, bd, 384, k1x3);
    const bdb = convBn(b, `${name}_branch3x3dbl_3b`, bd, 384, k3x1, at(4));
    const bdJoined = b.add(`${name}_branch3x3dbl`, 'Concatenate', { axis: -1 }, [bda, bdb]);
    let bp = b.add(`${name}_branch_pool_avg`, 'AvgPool2D', avgSame, x, at(5));
    bp = convBn(b, `${name}_branch_pool`, bp, 192, k1);
    return b.add(name, 'Concatenate', { axis: -1 }, [b1, b3joined, bdJoined, bp], { lane: CENTER });
  });
}

export const inceptionV3: Template = {
  file: 'inception-v3',
  summary: 'Inception v3 at 299×299: factorized convolutions, 11 mixed modules, BatchNorm.',
  build() {
    const b = templateBuilder({
      title: 'Inception v3',
      description: [
        'Inception v3 refines GoogLeNet: 5×5 filters become two 3×3s, n×n filters become a 1×n followed by an n×1 (the 17×17 modules use 1×7 and 7×1), grid reductions run a strided convolution and a pool in parallel so no information bottleneck forms, and every convolution is batch-normalized. Input is 299×299×3.',
        'Use it as an accurate ImageNet backbone of moderate size, or to study how factorizing convolutions saves parameters. Each mixed module is one group ending in one Concatenate; mixed9 and mixed10 also join their split 1×3 / 3×1 branches with an inner Concatenate each (15 in all).',
        'Follows Keras Applications exactly: conv2d_bn is a convolution without bias, BatchNorm without the scale γ (the ReLU after it makes γ redundant) and ReLU; pools and strided convolutions that shrink the grid are ‘valid’, everything else ‘same’. The auxiliary classifier of the paper is not in Keras’s model and not here. The reference count, 23,851,784, includes BatchNorm’s moving means and variances (34,432 non-trainable values).',
      ],
      paper:
        'C. Szegedy, V. Vanhoucke, S. Ioffe, J. Shlens, Z. Wojna. Rethinking the Inception architecture for computer vision. CVPR 2016 (arXiv:1512.00567).',
      implementation:
        'keras.applications.InceptionV3(include_top=True, weights=None, classes=1000)',
      params: 23_851_784,
      tags: ['cnn', 'imagenet', 'inception', 'transfer-learning'],
    });
    let x = b.add('input', 'Input', { kind: 'image', shape: [299, 299, 3] }, [], { lane: CENTER });
    b.group('stem', 'Stem: 299×299 → 35×35', () => {
      x = convBn(b, 'conv1', x, 32, k3, { strides: 2, padding: 'valid' });
      x = convBn(b, 'conv2', x, 32, k3, { padding: 'valid' });
      x = convBn(b, 'conv3', x, 64, k3);
      x = b.add('pool1', 'MaxPool2D', pool(3, 2), x);
      x = convBn(b, 'conv4', x, 80, k1, { padding: 'valid' });
      x = convBn(b, 'conv5', x, 192, k3, { padding: 'valid' });
      x = b.add('pool2', 'MaxPool2D', pool(3, 2), x);
    });
    x = moduleA(b, 'mixed0', x, 32);
    x = moduleA(b, 'mixed1', x, 64);
    x = moduleA(b, 'mixed2', x, 64);
    x = reductionA(b, x);
    x = moduleB(b, 'mixed4', x, 128);
    x = moduleB(b, 'mixed5', x, 160);
    x = moduleB(b, 'mixed6', x, 160);
    x = moduleB(b, 'mixed7', x, 192);
    x = reductionB(b, x);
    x = moduleC(b, 'mixed9', 0, x);
    x = moduleC(b, 'mixed10', 1, x);
    b.group('head', 'Classifier', () => {
      x = b.add('avg_pool', 'GlobalAvgPool2D', {}, x);
      x = b.add('predictions', 'Dense', dense(1000, 'softmax'), x);
    });
    b.add('loss', 'CategoricalCrossentropyLoss', { weight: 1 }, x);
    return b.build();
  },
};
