/**
 * Conv2DBackpropInput takes one of two paths on WebAssembly (conv2d-backprop-input.ts): a forward
 * convolution of the spread, padded output gradient, or a matrix product and a scatter-add
 * (conv-input-gradient-scatter.ts), picked by an estimate. Both must give the plain-JS backend's
 * gradients (tfjs's reference loops) on geometries on both sides of the choice: strides 1–3,
 * same/valid/explicit padding, odd sizes, 1×1 and image-sized kernels, batch 1 and more, 1, 3 and
 * 16 channels. The filter gradient is checked alongside on the same table.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTensorflow } from '../../app/engine/backend.ts';
import { nativeEnvVar } from '../../app/engine/kernels/native/addon.ts';
import { convGeometry } from '../../app/engine/kernels/conv-geometry.ts';
import { prefersScatter } from '../../app/engine/kernels/conv-input-gradient-scatter.ts';
import { createRandom } from '../../app/engine/data/random.ts';
import type { Random } from '../../app/engine/data/random.ts';
import { expectClose as closeArrays } from '../helpers/close.ts';

type Shape4 = [number, number, number, number];

interface Case {
  name: string;
  input: Shape4;
  filter: Shape4;
  strides: [number, number];
  pad: 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
}

const cases: Case[] = [
  {
    name: "LeNet's second layer, 'valid' 5×5",
    input: [3, 14, 14, 6],
    filter: [5, 5, 6, 16],
    strides: [1, 1],
    pad: 'valid',
  },
  {
    name: "'same' 5×5, 6 channels",
    input: [2, 14, 14, 6],
    filter: [5, 5, 6, 16],
    strides: [1, 1],
    pad: 'same',
  },
  {
    name: "'same' 3×3, 16 channels, stride 1",
    input: [2, 8, 8, 16],
    filter: [3, 3, 16, 16],
    strides: [1, 1],
    pad: 'same',
  },
  {
    name: "'same' 3×3, 16 channels, stride 2",
    input: [2, 8, 8, 16],
    filter: [3, 3, 16, 16],
    strides: [2, 2],
    pad: 'same',
  },
  ...[1, 2, 3].flatMap((s) =>
    (['same', 'valid'] as const).map((pad): Case => ({
      name: `3×4 filter, 3 channels, stride ${s}, ${pad}`,
      input: [2, 9, 11, 3],
      filter: [3, 4, 3, 5],
      strides: [s, s],
      pad,
    })),
  ),
  {
    name: 'unread trailing column',
    input: [2, 10, 11, 2],
    filter: [3, 4, 2, 3],
    strides: [3, 3],
    pad: 'valid',
  },
  {
    name: 'rectangular kernel and stride',
    input: [3, 10, 12, 3],
    filter: [1, 7, 3, 5],
    strides: [1, 3],
    pad: 'valid',
  },
  {
    name: '1×1 kernel, stride 1',
    input: [2, 5, 6, 4],
    filter: [1, 1, 4, 3],
    strides: [1, 1],
    pad: 'valid',
  },
  {
    name: '1×1 kernel, stride 2',
    input: [2, 6, 7, 16],
    filter: [1, 1, 16, 8],
    strides: [2, 2],
    pad: 'same',
  },
  {
    name: 'explicit padding 2, stride 2',
    input: [2, 7, 7, 2],
    filter: [3, 3, 2, 4],
    strides: [2, 2],
    pad: 2,
  },
  {
    name: 'uneven explicit padding',
    input: [1, 9, 8, 3],
    filter: [3, 3, 3, 4],
    strides: [1, 2],
    pad: [
      [0, 0],
      [2, 0],
      [0, 1],
      [0, 0],
    ],
  },
  {
    name: 'image-sized kernel, batch 1, 1 channel',
    input: [1, 5, 7, 1],
    filter: [5, 7, 1, 2],
    strides: [1, 1],
    pad: 'valid',
  },
  {
    name: "'valid' 7×7, 1 channel",
    input: [2, 14, 14, 1],
    filter: [7, 7, 1, 8],
    strides: [1, 1],
    pad: 'valid',
  },
  {
    name: '4×4 stride 4',
    input: [2, 12, 12, 8],
    filter: [4, 4, 8, 16],
    strides: [4, 4],
    pad: 'same',
  },
  {
    name: "'same' 3×3, 16 channels, batch 1",
    input: [1, 12, 12, 16],
    filter: [3, 3, 16, 16],
    strides: [1, 1],
    pad: 'same',
  },
];

const nativeSetting = process.env[nativeEnvVar];

beforeAll(async () => {
  // Our WebAssembly kernels alone: where the native addon is built it would run these gradients.
  process.env[nativeEnvVar] = '0';
  // Registers the WebAssembly backend with our kernels; the plain-JS one is always registered.
  await loadTensorflow('wasm');
});

afterAll(() => {
  if (nativeSetting === undefined) delete process.env[nativeEnvVar];
  else process.env[nativeEnvVar] = nativeSetting;
});

function randomTensorValues(random: Random, shape: readonly number[]): Float32Array {
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.next() - 0.5);
}

function runKernel(
  name: string,
  inputs: Record<string, { values: Float32Array; shape: number[] }>,
  attrs: object,
): { values: Float32Array; shape: number[] } {
  const tensors: tf.NamedTensorMap = {};
  for (const [key, v] of Object.entries(inputs)) tensors[key] = tf.tensor(v.values, v.shape);
  const out = tf.engine().runKernel<tf.Tensor>(name, tensors, attrs as tf.NamedAttrMap);
  const result = { values: Float32Array.from(out.dataSync()), shape: [...out.shape] };
  tf.dispose([out, ...Object.values(tensors)]);
  return result;
}

function expectClose(
  actual: { values: Float32Array; shape: number[] },
  expected: { values: Float32Array; shape: number[] },
  what: string,
): void {
  expect(actual.shape, what).toEqual(expected.shape);
  closeArrays(actual.values, expected.values, what, { relative: 1e-4, nonZero: true });
}

function takesScatterPath(c: Case): boolean {
  const g = convGeometry(tf, {
    inputShape: c.input,
    filterShape: c.filter,
    strides: c.strides,
    dilations: 1,
    pad: c.pad,
    depthwise: false,
  });
  return prefersScatter(g, { inChannels: c.filter[2], outChannels: c.filter[3] });
}

describe('convolution gradients on WebAssembly match the plain-JS backend', () => {
  it('the table covers both input-gradient paths', () => {
    const paths = new Set(cases.map(takesScatterPath));
    expect(paths).toEqual(new Set([true, false]));
    // The shapes the paths were chosen for: LeNet's layer and strided layers scatter, a 'same'
    // stride-1 layer with 16 channels keeps the forward convolution.
    expect(takesScatterPath(cases[0] as Case)).toBe(true);
    expect(takesScatterPath(cases[2] as Case)).toBe(false);
    expect(takesScatterPath(cases[3] as Case)).toBe(true);
  });

  const random = createRandom(23);
  for (const c of cases) {
    const path = takesScatterPath(c) ? 'matrix product + scatter' : 'forward convolution';
    it(`${c.name} (input gradient by ${path})`, async () => {
      const info = tf.backend_util.computeConv2DInfo(c.input, c.filter, c.strides, 1, c.pad);
      const x = { values: randomTensorValues(random, c.input), shape: [...c.input] };
      const filter = { values: randomTensorValues(random, c.filter), shape: [...c.filter] };
      const dy = { values: randomTensorValues(random, info.outShape), shape: info.outShape };
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' };
      const gradients = async (backend: 'cpu' | 'wasm') => {
        await tf.setBackend(backend);
        return {
          input: runKernel(
            'Conv2DBackpropInput',
            { dy, filter },
            { ...attrs, inputShape: c.input },
          ),
          filter: runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: c.filter }),
        };
      };
      const want = await gradients('cpu');
      // Twice: the second call reuses the scatter rows cached for this geometry.
      for (const round of ['first call', 'second call']) {
        const got = await gradients('wasm');
        expectClose(got.input, want.input, `input gradient, ${round}`);
        expectClose(got.filter, want.filter, `filter gradient, ${round}`);
      }
    });
  }
});
