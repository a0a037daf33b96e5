/**
 * FLOPs of recurrent, normalization and Dot nodes against counts done by hand, the arithmetic
 * written out. Convention (app/layers/spec.ts): a multiply-add is 2 FLOPs; the element-wise
 * choices are documented beside each entry's `flops`.
 */
import { describe, expect, it } from 'vitest';
import type { GraphDocument, ParamValue } from '../../app/graph/document.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { chain, doc, edge, node } from '../helpers/docs.ts';

function flopsOf(graph: GraphDocument, id: string): number {
  const inference = inferGraph(graph);
  expect(inference.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return inference.nodes[id]?.flops ?? NaN;
}

const sequenceInto = (type: string, params: Record<string, ParamValue>) =>
  chain(
    ['x', 'Input', { kind: 'sequence', shape: [10, 3] }],
    ['layer', type, params],
    ['loss', 'MeanSquaredErrorLoss'],
  );

function dotOf(a: number[], b: number[], params: Record<string, ParamValue> = {}) {
  const kind = (s: number[]) => (s.length === 1 ? 'vector' : 'sequence');
  return doc(
    [
      node('a', 'Input', { kind: kind(a), shape: a }),
      node('b', 'Input', { kind: kind(b), shape: b }),
      node('dot', 'Dot', params),
      node('loss', 'MeanSquaredErrorLoss'),
    ],
    [edge('a', 'dot', 0), edge('b', 'dot', 1), edge('dot', 'loss')],
  );
}

describe('recurrent layers, 10 steps of 3 features, 8 units', () => {
  it('LSTM', () => {
    // Per step, four gates (i, f, g, o), each W·x + U·h: 8 units × (3 + 8) multiply-adds.
    const matmuls = 2 * 4 * 8 * (3 + 8); // 704
    const biases = 4 * 8; // 32
    // σ(i), σ(f), tanh(g), σ(o): 4; c = f·c + i·g: 3; h = o·tanh(c): 2 → 9 per unit.
    const elementwise = 9 * 8; // 72
    expect(matmuls + biases + elementwise).toBe(808);
    expect(flopsOf(sequenceInto('LSTM', { units: 8 }), 'layer')).toBe(10 * 808);
  });

  it('LSTM returning every step costs the same', () => {
    expect(flopsOf(sequenceInto('LSTM', { units: 8, returnSequences: true }), 'layer')).toBe(8080);
  });

  it('GRU (tfjs: reset gate before the recurrent product)', () => {
    const matmuls = 2 * 3 * 8 * (3 + 8); // z, r, h̃: 528
    const biases = 3 * 8; // 24
    // σ(z), σ(r), tanh(h̃): 3; r·h: 1; z·h + (1 − z)·h̃: 4 → 8 per unit.
    const elementwise = 8 * 8; // 64
    expect(flopsOf(sequenceInto('GRU', { units: 8 }), 'layer')).toBe(
      10 * (matmuls + biases + elementwise),
    );
    expect(flopsOf(sequenceInto('GRU', { units: 8 }), 'layer')).toBe(6160);
  });

  it('SimpleRNN', () => {
    // tanh(W·x + U·h + b): 2 × 8 × 11 + 8 bias adds + 8 activations = 192 per step.
    expect(flopsOf(sequenceInto('SimpleRNN', { units: 8 }), 'layer')).toBe(10 * 192);
  });

  it('Bidirectional LSTM: two directions, plus the merge', () => {
    // concat only copies: 2 × 8080.
    expect(flopsOf(sequenceInto('Bidirectional', { units: 8 }), 'layer')).toBe(16_160);
    // sum adds the two 8-unit outputs: 8 more. ave also halves: 16 more.
    expect(flopsOf(sequenceInto('Bidirectional', { units: 8, mergeMode: 'sum' }), 'layer')).toBe(
      16_168,
    );
    expect(flopsOf(sequenceInto('Bidirectional', { units: 8, mergeMode: 'ave' }), 'layer')).toBe(
      16_176,
    );
  });
});

describe('normalization', () => {
  const imageInto = (type: string, params: Record<string, ParamValue> = {}) =>
    chain(
      ['x', 'Input', { kind: 'image', shape: [8, 8, 16] }],
      ['norm', type, params],
      ['loss', 'MeanSquaredErrorLoss'],
    );

  it('BatchNormalization folds into one multiply-add per element at inference', () => {
    // 8 × 8 × 16 = 1024 elements, each γ'·x + β' with γ' = γ/√(σ²+ε), β' = β − γ'·μ: 2 FLOPs.
    expect(flopsOf(imageInto('BatchNormalization'), 'norm')).toBe(2 * 1024);
    // Without γ the normalization itself is still a scale and a shift.
    expect(flopsOf(imageInto('BatchNormalization', { scale: false }), 'norm')).toBe(2048);
  });

  it('LayerNormalization computes its statistics at inference too', () => {
    // Per element: mean's sum 1, variance's subtract-square-sum 3, normalize's subtract and
    // scale 2, then × γ 1 and + β 1 = 8; without β, 7.
    expect(flopsOf(imageInto('LayerNormalization'), 'norm')).toBe(8 * 1024);
    expect(flopsOf(imageInto('LayerNormalization', { center: false }), 'norm')).toBe(7 * 1024);
  });
});

describe('Dot', () => {
  it('of two 64-vectors is 64 multiply-adds', () => {
    expect(flopsOf(dotOf([64], [64]), 'dot')).toBe(2 * 64);
  });

  it('normalized (cosine similarity) adds square, sum and rescale for every input element', () => {
    // 128 for the product + 2 inputs × 64 elements × 3 = 384 → 512.
    expect(flopsOf(dotOf([64], [64], { normalize: true }), 'dot')).toBe(128 + 2 * 64 * 3);
  });

  it('of sequences [5,8]·[7,8] gives 5 × 7 scores of 8 multiply-adds each', () => {
    expect(flopsOf(dotOf([5, 8], [7, 8]), 'dot')).toBe(2 * 5 * 7 * 8);
  });
});

describe('merges', () => {
  it('Average of three vectors: two additions and a division per element', () => {
    const graph = doc(
      [
        ...[0, 1, 2].map((i) => node(`in${i}`, 'Input', { kind: 'vector', shape: [10] })),
        node('avg', 'Average'),
        node('loss', 'MeanSquaredErrorLoss'),
      ],
      [0, 1, 2].map((i) => edge(`in${i}`, 'avg', i)).concat(edge('avg', 'loss')),
    );
    expect(flopsOf(graph, 'avg')).toBe(3 * 10);
  });
});
