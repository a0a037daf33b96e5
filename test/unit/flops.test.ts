/**
 * FLOPs of Dense and Conv2D against counts done by hand. Convention (app/layers/spec.ts): one
 * multiply-add is 2 FLOPs; biases and activations are not counted, as in most papers' tables.
 */
import { describe, expect, it } from 'vitest';
import { inferGraph } from '../../app/graph/infer.ts';
import { chain } from '../helpers/docs.ts';
import type { NodeSpec } from '../helpers/docs.ts';

describe('FLOPs by hand', () => {
  it.each([
    {
      name: 'Dense 784 → 100',
      layer: ['Dense', { units: 100 }] as const,
      input: [784],
      // every one of 100 units does 784 multiply-adds
      flops: 2 * 784 * 100, // 156,800
    },
    {
      name: 'Dense 20 → 7 with ReLU (the activation is not counted)',
      layer: ['Dense', { units: 7, activation: 'relu' }] as const,
      input: [20],
      flops: 2 * 20 * 7, // 280
    },
    {
      name: 'Conv2D LeNet C1: 6 filters 5×5 on 28×28×1, valid',
      layer: ['Conv2D', { filters: 6, kernelSize: [5, 5] }] as const,
      input: [28, 28, 1],
      // output 24×24×6 = 3,456 values, each 5·5·1 = 25 multiply-adds
      flops: 2 * (24 * 24 * 6) * (5 * 5 * 1), // 172,800
    },
    {
      name: 'Conv2D 8 filters 3×3, stride 2, same, on 15×17×3',
      layer: [
        'Conv2D',
        { filters: 8, kernelSize: [3, 3], strides: [2, 2], padding: 'same' },
      ] as const,
      input: [15, 17, 3],
      // output ceil(15/2) × ceil(17/2) × 8 = 8 × 9 × 8 = 576 values, each 3·3·3 = 27 multiply-adds
      flops: 2 * (8 * 9 * 8) * (3 * 3 * 3), // 31,104
    },
    {
      name: 'Conv2D without bias, 1×7 kernel, stride 1×3, on 10×12×3',
      layer: [
        'Conv2D',
        { filters: 5, kernelSize: [1, 7], strides: [1, 3], useBias: false },
      ] as const,
      input: [10, 12, 3],
      // output 10 × (floor((12 − 7) / 3) + 1 = 2) × 5 = 100 values, each 1·7·3 = 21 multiply-adds
      flops: 2 * (10 * 2 * 5) * (1 * 7 * 3), // 4,200
    },
  ])('$name', ({ layer, input, flops }) => {
    const kind = input.length === 3 ? 'image' : 'vector';
    const inference = inferGraph(
      chain(
        ['x', 'Input', { kind, shape: input }],
        ['layer', layer[0], { ...layer[1] } as Record<string, number | string | number[]>],
        ...(input.length === 3 ? ([['flat', 'Flatten']] as NodeSpec[]) : []),
        ['loss', 'MeanSquaredErrorLoss'],
      ),
    );
    expect(inference.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(inference.nodes.layer?.flops).toBe(flops);
  });

  it('adds up a small CNN: conv 6×5×5 on 28×28×1 → flatten → dense 3,456 → 10', () => {
    const inference = inferGraph(
      chain(
        ['x', 'Input', { kind: 'image', shape: [28, 28, 1] }],
        ['c1', 'Conv2D', { filters: 6, kernelSize: [5, 5] }],
        ['flat', 'Flatten'],
        ['out', 'Dense', { units: 10, activation: 'softmax' }],
        ['loss', 'CategoricalCrossentropyLoss'],
      ),
    );
    const conv = 2 * (24 * 24 * 6) * (5 * 5 * 1); // 172,800
    const dense = 2 * (24 * 24 * 6) * 10; // 69,120
    expect(inference.totals.flops).toBe(conv + dense); // 241,920
  });
});
