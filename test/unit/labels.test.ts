import { describe, expect, it } from 'vitest';
import { fitLabels } from '../../app/engine/data/labels.ts';
import type { LabelInfo } from '../../app/engine/data/source.ts';
import type { LossSpec } from '../../app/layers/spec.ts';

const classes = (n: number): LabelInfo => ({
  kind: 'classes',
  classNames: Array.from({ length: n }, (_, i) => `c${i}`),
});
const loss = (tfjs: LossSpec['tfjs']): LossSpec => ({ tfjs, weight: 1 });
const where = { lossNode: 'loss', outputNode: 'out' };
const labels = Float32Array.from([2, 0, 1]);

describe('labels fitted to the loss', () => {
  it.each([
    [
      'categorical cross-entropy: one-hot rows',
      'categoricalCrossentropy',
      3,
      'one-hot',
      [0, 0, 1, 1, 0, 0, 0, 1, 0],
    ],
    [
      'sparse categorical cross-entropy: class numbers',
      'sparseCategoricalCrossentropy',
      3,
      'index',
      [2, 0, 1],
    ],
    [
      'mean squared error on as many units as classes: one-hot rows',
      'meanSquaredError',
      3,
      'one-hot',
      [0, 0, 1, 1, 0, 0, 0, 1, 0],
    ],
    [
      'mean squared error on one unit: the class number',
      'meanSquaredError',
      1,
      'values',
      [2, 0, 1],
    ],
  ] as const)('%s', (_name, name, units, encoding, expected) => {
    const fit = fitLabels(classes(3), loss(name), [null, units], where);
    expect(fit.encoding).toBe(encoding);
    expect(Array.from(fit.encode(labels, 3))).toEqual(expected);
  });

  it.each([
    ['binary cross-entropy, one unit: 0/1', 'binaryCrossentropy', 1, 'zero-one', [1, 0, 1]],
    [
      'binary cross-entropy, two units: one-hot',
      'binaryCrossentropy',
      2,
      'one-hot',
      [0, 1, 1, 0, 0, 1],
    ],
    ['hinge, one unit: −1/1', 'hinge', 1, 'plus-minus-one', [1, -1, 1]],
    ['hinge, two units: ±1 rows', 'hinge', 2, 'plus-minus-one', [-1, 1, 1, -1, -1, 1]],
  ] as const)('%s', (_name, name, units, encoding, expected) => {
    const fit = fitLabels(classes(2), loss(name), [null, units], where);
    expect(fit.encoding).toBe(encoding);
    expect(Array.from(fit.encode(Float32Array.from([1, 0, 1]), 3))).toEqual(expected);
  });

  it('regression targets pass through when the widths match', () => {
    const fit = fitLabels(
      { kind: 'values', width: 2, names: ['a', 'b'] },
      loss({ fn: 'huberLoss', extra: { delta: 1 } }),
      [null, 2],
      where,
    );
    expect(fit).toMatchObject({ encoding: 'values', width: 2, classes: null });
  });

  it.each([
    [
      'too few units',
      classes(10),
      'categoricalCrossentropy',
      [null, 5],
      'E207 The data has 10 classes (c0, c1, c2, …, c9), but the output of node out gives [null,5]; set its units to 10, one per class.',
    ],
    [
      'binary loss on many classes',
      classes(3),
      'binaryCrossentropy',
      [null, 1],
      'E207 The data has 3 classes (c0, c1, c2), but the output of node out gives [null,1]; binary losses score yes/no outputs; for 3 classes give it 3 units with softmax and categorical cross-entropy.',
    ],
    [
      'an output that is not one row per sample',
      classes(2),
      'categoricalCrossentropy',
      [null, 4, 2],
      'E207 The data has one label per sample, but the output of node out gives [null,4,2]; the output must be [null, units]. Add a Flatten or global pooling before the last Dense.',
    ],
    [
      'numbers into a sparse loss',
      { kind: 'values', width: 1, names: ['price'] },
      'sparseCategoricalCrossentropy',
      [null, 3],
      'E207 The labels are numbers (price), but the loss (node loss) wants class numbers; use a regression loss such as mean squared error.',
    ],
    [
      'targets of the wrong width',
      { kind: 'values', width: 2, names: ['x', 'y'] },
      'meanSquaredError',
      [null, 3],
      'E207 The data has 2 target values per sample, but the output of node out gives [null,3]; set its units to 2.',
    ],
  ] as const)('refuses %s, naming the shapes', (_name, info, name, prediction, message) => {
    expect(() => fitLabels(info, loss(name), prediction, where)).toThrow(message);
  });
});
