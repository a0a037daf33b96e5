/**
 * When a past run's weights fit the network being trained now (E213). The shapes and counts in
 * the expected messages are hand counts; the tensor-level check is fed what tfjs itself builds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import type { ParamValue } from '../../app/graph/document.ts';
import { snapshotMismatch, weightsMismatch } from '../../main/training/weight-fit.ts';
import { chain } from '../helpers/docs.ts';
import { tf, useCpuBackend } from '../helpers/tfjs-oracle.ts';

const mlp = (hidden: number, extra: Parameters<typeof chain> = []) =>
  chain(
    ['x', 'Input', { kind: 'vector', shape: [3] }],
    ['h', 'Dense', { units: hidden, activation: 'relu' }],
    ...extra,
    ['out', 'Dense', { units: 2, activation: 'softmax' }],
    ['loss', 'CategoricalCrossentropyLoss'],
  );

describe('snapshotMismatch', () => {
  it('accepts the same network, and one that only adds layers without weights', () => {
    expect(snapshotMismatch(mlp(5), mlp(5))).toBeNull();
    expect(snapshotMismatch(mlp(5), mlp(5, [['drop', 'Dropout', { rate: 0.5 }]]))).toBeNull();
  });

  it('names the first layer whose shape changed, with both shapes and weight counts', () => {
    // h: 3·5 + 5 = 20 weights in the run, 3·6 + 6 = 24 now; `out` changes too but comes second.
    expect(snapshotMismatch(mlp(5), mlp(6))).toBe(
      'layer h has shape [3] → [6] (24 weights) here and [3] → [5] (20 weights) in the run',
    );
  });

  it('names layers that appear, disappear or change type', () => {
    const extraDense = mlp(5, [['h2', 'Dense', { units: 5 }]]);
    expect(snapshotMismatch(mlp(5), extraDense)).toBe(
      'layer h2 has weights here but none in the run',
    );
    expect(snapshotMismatch(extraDense, mlp(5))).toBe(
      'layer h2 has weights in the run but is not in this network',
    );
    const conv = (type: string, params: Record<string, ParamValue>): GraphDocument =>
      chain(
        ['x', 'Input', { kind: 'image', shape: [6, 6, 2] }],
        ['c', type, { kernelSize: [3, 3], padding: 'same', ...params }],
        ['flat', 'Flatten'],
        ['out', 'Dense', { units: 2, activation: 'softmax' }],
        ['loss', 'CategoricalCrossentropyLoss'],
      );
    expect(snapshotMismatch(conv('Conv2D', { filters: 2 }), conv('DepthwiseConv2D', {}))).toBe(
      'layer c is a DepthwiseConv2D here and a Conv2D in the run',
    );
  });
});

describe('weightsMismatch, against the weights tfjs builds', () => {
  beforeAll(useCpuBackend);

  const weightShapes = (doc: GraphDocument) => {
    const { model } = compileToLayersModel(tf, doc);
    const shapes = new Map(
      model.layers.flatMap((l) => l.weights.map((w) => [w.originalName, w.shape] as const)),
    );
    model.dispose();
    return shapes;
  };
  // 1×9 and 3×3 kernels over 2 channels into 2 filters: 9·2·2 + 2 = 38 weights either way, and the
  // same output with `same` padding, so only the tensors tell them apart.
  const conv = (kernelSize: number[]) =>
    chain(
      ['x', 'Input', { kind: 'image', shape: [6, 6, 2] }],
      ['c', 'Conv2D', { filters: 2, kernelSize, padding: 'same' }],
      ['flat', 'Flatten'],
      ['out', 'Dense', { units: 2, activation: 'softmax' }],
      ['loss', 'CategoricalCrossentropyLoss'],
    );

  it('finds the kernel that inference alone cannot tell apart', () => {
    const [square, wide] = [conv([3, 3]), conv([1, 9])];
    expect(snapshotMismatch(wide, square)).toBeNull();
    expect(weightsMismatch(weightShapes(square), weightShapes(wide))).toBe(
      'weight c/kernel has shape 3×3×2×2 here and 1×9×2×2 in the run',
    );
    expect(weightsMismatch(weightShapes(square), weightShapes(conv([3, 3])))).toBeNull();
  });

  it('names a weight missing on either side', () => {
    const here = new Map([['d/kernel', [3, 2]]]);
    const both = new Map([
      ['d/kernel', [3, 2]],
      ['d/bias', [2]],
    ]);
    expect(weightsMismatch(both, here)).toBe('weight d/bias is not in the run');
    expect(weightsMismatch(here, both)).toBe(
      'weight d/bias of the run has no place in this network',
    );
  });
});
