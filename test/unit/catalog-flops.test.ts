/**
 * FLOPs of convolution, pooling and reshaping layers against counts worked out by hand, with the
 * arithmetic written next to each number. Conventions (app/layers/spec.ts, app/layers/pooling.ts):
 * a multiply-add is 2 FLOPs; pooling costs one operation per window element; moving data
 * (padding, cropping, reshaping, nearest up-sampling) costs nothing.
 */
import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../app/graph/document.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { chain } from '../helpers/docs.ts';
import { inputNode } from '../helpers/examples.ts';

function layerFlops(input: number[], type: string, params: Record<string, ParamValue>): number {
  const doc = chain(
    ['x', 'Input', inputNode('x', input).params],
    ['layer', type, params],
    ['loss', 'MeanSquaredErrorLoss'],
  );
  const inference = inferGraph(doc);
  expect(inference.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return inference.nodes.layer?.flops ?? Number.NaN;
}

const cases: {
  name: string;
  input: number[];
  type: string;
  params: Record<string, ParamValue>;
  flops: number;
}[] = [
  {
    // Output 8×8×4; each value is one 3×3 window of one channel: 8·8·4·9 = 2304 MACs.
    name: 'DepthwiseConv2D 3×3 on 8×8×4, stride 1, same',
    input: [8, 8, 4],
    type: 'DepthwiseConv2D',
    params: { kernelSize: [3, 3], padding: 'same' },
    flops: 2 * (8 * 8 * 4 * 9),
  },
  {
    // Output (8−3+1)=6 × 6 × (4·2)=8 channels; 6·6·8·9 = 2592 MACs.
    name: 'DepthwiseConv2D 3×3 on 8×8×4, valid, depth multiplier 2',
    input: [8, 8, 4],
    type: 'DepthwiseConv2D',
    params: { kernelSize: [3, 3], depthMultiplier: 2 },
    flops: 2 * (6 * 6 * 8 * 9),
  },
  {
    // Depthwise: 8·8·4·9 = 2304 MACs; pointwise 1×1 from 4 to 16 channels: 8·8·4·16 = 4096 MACs.
    name: 'SeparableConv2D 3×3, 16 filters, on 8×8×4, same',
    input: [8, 8, 4],
    type: 'SeparableConv2D',
    params: { filters: 16, padding: 'same' },
    flops: 2 * (8 * 8 * 4 * 9 + 8 * 8 * 4 * 16),
  },
  {
    // Output ceil(9/2)=5 × ceil(9/2)=5; depthwise channels 3·2 = 6:
    // depthwise 5·5·6·9 = 1350 MACs, pointwise 5·5·6·10 = 1500 MACs.
    name: 'SeparableConv2D 3×3, 10 filters, on 9×9×3, stride 2, same, multiplier 2',
    input: [9, 9, 3],
    type: 'SeparableConv2D',
    params: { filters: 10, strides: [2, 2], padding: 'same', depthMultiplier: 2 },
    flops: 2 * (5 * 5 * 6 * 9 + 5 * 5 * 6 * 10),
  },
  {
    // Output 10 − 3 + 1 = 8 steps × 8 filters, each a 3-step window over 2 channels:
    // 8·8·3·2 = 384 MACs.
    name: 'Conv1D kernel 3, 8 filters, on 10×2, valid',
    input: [10, 2],
    type: 'Conv1D',
    params: { filters: 8, kernelSize: 3 },
    flops: 2 * (8 * 8 * 3 * 2),
  },
  {
    // Causal keeps 10 steps; padded zeros are multiplied too: 10·8·3·2 = 480 MACs.
    name: 'Conv1D kernel 3, 8 filters, on 10×2, causal',
    input: [10, 2],
    type: 'Conv1D',
    params: { filters: 8, kernelSize: 3, padding: 'causal' },
    flops: 2 * (10 * 8 * 3 * 2),
  },
  {
    // Every one of the 4·4·2 = 32 input values paints a 3×3×5 patch: 32·45 = 1440 MACs.
    name: 'Conv2DTranspose 3×3, 5 filters, stride 2, on 4×4×2',
    input: [4, 4, 2],
    type: 'Conv2DTranspose',
    params: { filters: 5, strides: [2, 2] },
    flops: 2 * (4 * 4 * 2 * 3 * 3 * 5),
  },
  {
    // Output 4×4×3 = 48 windows of 2·2 = 4 elements.
    name: 'MaxPool2D 2×2, stride 2, on 8×8×3',
    input: [8, 8, 3],
    type: 'MaxPool2D',
    params: {},
    flops: 4 * 4 * 3 * (2 * 2),
  },
  {
    // Output ceil(7/2) = 4 × 4 × 2 = 32 windows of 3·3 = 9 elements.
    name: 'AvgPool2D 3×3, stride 2, same, on 7×7×2',
    input: [7, 7, 2],
    type: 'AvgPool2D',
    params: { poolSize: [3, 3], strides: [2, 2], padding: 'same' },
    flops: 4 * 4 * 2 * 9,
  },
  {
    // One operation per input value: 5·6·3.
    name: 'GlobalAvgPool2D on 5×6×3',
    input: [5, 6, 3],
    type: 'GlobalAvgPool2D',
    params: {},
    flops: 5 * 6 * 3,
  },
  {
    name: 'GlobalMaxPool2D on 4×4×10',
    input: [4, 4, 10],
    type: 'GlobalMaxPool2D',
    params: {},
    flops: 4 * 4 * 10,
  },
  {
    // Output 6×6×2 = 72 values, each blending 4 input pixels: 4 MACs.
    name: 'UpSampling2D ×2, bilinear, on 3×3×2',
    input: [3, 3, 2],
    type: 'UpSampling2D',
    params: { interpolation: 'bilinear' },
    flops: 2 * 4 * (6 * 6 * 2),
  },
  {
    name: 'UpSampling2D ×2, nearest (copies)',
    input: [3, 3, 2],
    type: 'UpSampling2D',
    params: {},
    flops: 0,
  },
  { name: 'ZeroPadding2D', input: [5, 5, 3], type: 'ZeroPadding2D', params: {}, flops: 0 },
  {
    name: 'Cropping2D',
    input: [5, 5, 3],
    type: 'Cropping2D',
    params: { cropping: [1, 1, 1, 1] },
    flops: 0,
  },
  { name: 'Reshape', input: [12], type: 'Reshape', params: { targetShape: [3, 4] }, flops: 0 },
];

describe('FLOPs per sample equal a hand count', () => {
  it.each(cases)('$name', ({ input, type, params, flops }) => {
    expect(layerFlops(input, type, params)).toBe(flops);
  });
});

describe('FLOPs compare as the MobileNet paper says they should', () => {
  it('a separable conv costs 1/N + 1/f² of a full conv (Howard et al. 2017, eq. 5)', () => {
    // Same input, filters and output: depthwise+pointwise over standard = 1/16 + 1/9.
    const full = layerFlops([8, 8, 4], 'Conv2D', { filters: 16, padding: 'same' });
    const separable = layerFlops([8, 8, 4], 'SeparableConv2D', { filters: 16, padding: 'same' });
    expect(separable / full).toBeCloseTo(1 / 16 + 1 / 9, 12);
  });
});
