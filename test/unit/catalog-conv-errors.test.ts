/**
 * Convolution, pooling and reshaping settings that cannot work must come back from inference as
 * one coded problem on the layer's node, in a sentence that names the sizes that clash (a learner
 * has to see *which* numbers to change). Boundary settings that just fit must pass.
 */
import { describe, expect, it } from 'vitest';
import type { ParamValue } from '../../app/graph/document.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { chain } from '../helpers/docs.ts';
import { inputNode } from '../helpers/examples.ts';

/** Input of the given per-sample shape → the layer under test → a loss. */
function inferLayer(input: number[], type: string, params: Record<string, ParamValue>) {
  const x = inputNode('x', input);
  const doc = chain(
    ['x', 'Input', x.params],
    ['layer', type, params],
    ['loss', 'MeanSquaredErrorLoss'],
  );
  return inferGraph(doc);
}

interface ErrorCase {
  name: string;
  input: number[];
  type: string;
  params: Record<string, ParamValue>;
  code: 'E013' | 'E014';
  /** Pieces the message must contain: the sizes (or shape) involved. */
  mentions: string[];
}

const errorCases: ErrorCase[] = [
  {
    name: 'Conv1D kernel longer than the sequence with valid padding',
    input: [5, 2],
    type: 'Conv1D',
    params: { filters: 4, kernelSize: 7 },
    code: 'E014',
    mentions: ['window of 7', 'input of 5'],
  },
  {
    name: 'Conv1D dilated window (5 taps, dilation 2 → spans 9) longer than 8 steps',
    input: [8, 1],
    type: 'Conv1D',
    params: { filters: 2, kernelSize: 5, dilation: 2 },
    code: 'E014',
    mentions: ['window of 9', 'input of 8'],
  },
  {
    name: 'Conv1D on an image',
    input: [8, 8, 3],
    type: 'Conv1D',
    params: {},
    code: 'E013',
    mentions: ['[null,8,8,3]', 'Conv 2D'],
  },
  {
    name: 'Conv1D with dilation and stride together',
    input: [20, 2],
    type: 'Conv1D',
    params: { dilation: 2, strides: 3 },
    code: 'E014',
    mentions: ['dilation 2', 'stride 3'],
  },
  {
    name: 'DepthwiseConv2D kernel larger than the image with valid padding',
    input: [4, 6, 3],
    type: 'DepthwiseConv2D',
    params: { kernelSize: [5, 5] },
    code: 'E014',
    mentions: ['window of 5', 'input of 4'],
  },
  {
    name: 'DepthwiseConv2D with dilation, which tfjs ignores',
    input: [9, 9, 2],
    type: 'DepthwiseConv2D',
    params: { dilation: [2, 2] },
    code: 'E014',
    mentions: ['dilation 2×2'],
  },
  {
    name: 'SeparableConv2D with dilation and strides together',
    input: [16, 16, 3],
    type: 'SeparableConv2D',
    params: { dilation: [2, 1], strides: [2, 2] },
    code: 'E014',
    mentions: ['dilation 2×1', 'strides 2×2'],
  },
  {
    name: 'SeparableConv2D on a sequence',
    input: [10, 3],
    type: 'SeparableConv2D',
    params: {},
    code: 'E013',
    mentions: ['[null,10,3]'],
  },
  {
    name: 'Conv2DTranspose on a vector',
    input: [12],
    type: 'Conv2DTranspose',
    params: {},
    code: 'E013',
    mentions: ['[null,12]', 'Reshape'],
  },
  {
    name: 'MaxPool2D on a vector',
    input: [10],
    type: 'MaxPool2D',
    params: {},
    code: 'E013',
    mentions: ['[null,10]'],
  },
  {
    name: 'AvgPool2D window taller than the image with valid padding',
    input: [2, 8, 1],
    type: 'AvgPool2D',
    params: { poolSize: [3, 3], strides: [1, 1] },
    code: 'E014',
    mentions: ['window of 3', 'input of 2'],
  },
  {
    name: 'GlobalMaxPool2D on a sequence',
    input: [5, 3],
    type: 'GlobalMaxPool2D',
    params: {},
    code: 'E013',
    mentions: ['[null,5,3]'],
  },
  {
    name: 'GlobalAvgPool2D on a vector',
    input: [7],
    type: 'GlobalAvgPool2D',
    params: {},
    code: 'E013',
    mentions: ['[null,7]'],
  },
  {
    name: 'Reshape to a different number of values',
    input: [4, 3, 2],
    type: 'Reshape',
    params: { targetShape: [5, 5] },
    code: 'E014',
    mentions: ['[null,4,3,2]', '4×3×2 = 24', '5×5 needs 25'],
  },
  {
    name: 'Reshape with -1 where the sizes do not divide',
    input: [4, 3, 2],
    type: 'Reshape',
    params: { targetShape: [-1, 5] },
    code: 'E014',
    mentions: ['24 is not a multiple of 5', '?×5'],
  },
  {
    name: 'Reshape with two -1 entries',
    input: [4, 3, 2],
    type: 'Reshape',
    params: { targetShape: [-1, -1, 2] },
    code: 'E014',
    mentions: ['2 entries of -1'],
  },
  {
    name: 'Reshape with a zero entry',
    input: [6],
    type: 'Reshape',
    params: { targetShape: [0, 6] },
    code: 'E014',
    mentions: ['0×6', 'entry of 0'],
  },
  {
    name: 'Cropping2D that removes every row',
    input: [7, 8, 2],
    type: 'Cropping2D',
    params: { cropping: [4, 3, 0, 0] },
    code: 'E014',
    mentions: ['4 + 3 = 7 rows', 'only 7 rows high'],
  },
  {
    name: 'Cropping2D that removes more columns than there are',
    input: [7, 8, 2],
    type: 'Cropping2D',
    params: { cropping: [0, 0, 6, 5] },
    code: 'E014',
    mentions: ['6 + 5 = 11 columns', 'only 8 columns wide'],
  },
  {
    name: 'ZeroPadding2D on a sequence',
    input: [9, 4],
    type: 'ZeroPadding2D',
    params: {},
    code: 'E013',
    mentions: ['[null,9,4]'],
  },
  {
    name: 'UpSampling2D on a vector',
    input: [16],
    type: 'UpSampling2D',
    params: {},
    code: 'E013',
    mentions: ['[null,16]'],
  },
];

describe('settings that cannot work give one coded problem on the layer', () => {
  it.each(errorCases)('$name', ({ input, type, params, code, mentions }) => {
    const inference = inferLayer(input, type, params);
    const errors = inference.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => ({ code: p.code, node: p.node }))).toEqual([{ code, node: 'layer' }]);
    const message = errors[0]?.message ?? '';
    for (const piece of mentions) expect(message).toContain(piece);
    expect(inference.nodes.layer?.outputShape).toBeNull();
  });
});

interface FitCase {
  name: string;
  input: number[];
  type: string;
  params: Record<string, ParamValue>;
  /** Worked out by hand from the layer's definition. */
  output: (number | null)[];
}

const boundaryCases: FitCase[] = [
  {
    name: 'Conv1D kernel exactly as long as the sequence: (5 − 5)/1 + 1 = 1 step',
    input: [5, 2],
    type: 'Conv1D',
    params: { filters: 3, kernelSize: 5 },
    output: [null, 1, 3],
  },
  {
    name: 'Conv1D causal keeps the length at stride 1',
    input: [5, 2],
    type: 'Conv1D',
    params: { filters: 3, kernelSize: 5, padding: 'causal' },
    output: [null, 5, 3],
  },
  {
    name: 'MaxPool2D window exactly the image size',
    input: [3, 3, 4],
    type: 'MaxPool2D',
    params: { poolSize: [3, 3] },
    output: [null, 1, 1, 4],
  },
  {
    name: 'Cropping2D leaving a single pixel: 7 − 3 − 3 = 1, 8 − 7 − 0 = 1',
    input: [7, 8, 2],
    type: 'Cropping2D',
    params: { cropping: [3, 3, 7, 0] },
    output: [null, 1, 1, 2],
  },
  {
    name: 'Reshape with -1 that divides: the axis is left unknown as tfjs builds it',
    input: [4, 3, 2],
    type: 'Reshape',
    params: { targetShape: [-1, 8] },
    output: [null, null, 8],
  },
  {
    name: 'DepthwiseConv2D multiplier 3 on 2 channels gives 6',
    input: [4, 4, 2],
    type: 'DepthwiseConv2D',
    params: { kernelSize: [4, 4], depthMultiplier: 3 },
    output: [null, 1, 1, 6],
  },
];

describe('settings that just fit pass', () => {
  it.each(boundaryCases)('$name', ({ input, type, params, output }) => {
    const inference = inferLayer(input, type, params);
    expect(inference.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(inference.nodes.layer?.outputShape).toEqual(output);
  });
});
