import { LayerShapeError } from '../../graph/errors.ts';
import { bool, int } from '../params.ts';
import { elementsPerSample, formatShape } from '../shape.ts';
import type { Shape } from '../shape.ts';
import { py } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const dot = defineLayer({
  type: 'Dot',
  label: 'Dot',
  category: 'merge',
  help: 'Dot product of two inputs along one axis; with normalize on, the cosine similarity of two embeddings.',
  role: 'layer',
  inputs: { min: 2, max: 2 },
  weighted: false,
  examples: [
    { name: 'two vectors', inputs: [[16], [16]] },
    { name: 'cosine similarity', inputs: [[8], [8]], params: { normalize: true } },
    {
      name: 'sequence against sequence (attention scores)',
      inputs: [
        [5, 8],
        [7, 8],
      ],
    },
    {
      name: 'along the time axis',
      inputs: [
        [6, 3],
        [6, 4],
      ],
      params: { axes: 1 },
    },
    {
      name: 'vector against a sequence',
      inputs: [[8], [5, 8]],
    },
  ],
  params: {
    axes: int({
      label: 'Axis',
      default: -1,
      min: -2,
      max: 2,
      help: 'The axis summed over, the same for both inputs; -1 (the features) for embeddings. 0 is the batch and cannot be used.',
    }),
    normalize: bool({
      label: 'Normalize',
      default: false,
      help: 'Scale both inputs to length 1 first, so the result is their cosine similarity (between −1 and 1).',
    }),
  },
  describe: (p) =>
    `${p.normalize ? 'cosine similarity' : 'dot product'}${p.axes === -1 ? '' : `, axis ${p.axes}`}`,
  outputShape: (inputs, p) => dotShape(inputs, p.axes).output,
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  // One multiply-add (2 FLOPs) per output element and position of the summed axis. Normalizing
  // squares, sums and rescales every input element (3 FLOPs each); the one square root per vector
  // is left out.
  flops: (inputs, out, p) => {
    const { length } = dotShape(inputs, p.axes);
    const product = 2 * elementsPerSample(out) * length;
    if (!p.normalize) return product;
    return product + inputs.reduce((n, shape) => n + 3 * elementsPerSample(shape), 0);
  },
  fromKeras: {
    classes: ['Dot'],
    params: (k) => {
      // Keras also writes the axes as a pair, one per input; the catalog takes one for both.
      const [a, b] = k.ints('axes', 2, [-1, -1]);
      if (a !== b)
        throw k.fail(`sums over different axes (${a} and ${b}); Netwright uses one axis for both.`);
      return { axes: a ?? -1, normalize: k.bool('normalize', false) };
    },
  },
  tfjs: (p, name) => [tfCall('layers.dot', { name, axes: p.axes, normalize: p.normalize })],
  // As an einsum over the summed axis; normalize makes it cosine similarity, as tfjs's
  // l2-normalizes both inputs along that axis first.
  pytorch: (p, ctx) => {
    const [a = [], b = []] = ctx.inputs;
    const axisA = p.axes < 0 ? a.length + p.axes : p.axes;
    const axisB = p.axes < 0 ? b.length + p.axes : p.axes;
    const free = 'abcdefgh';
    let next = 0;
    const subscripts = (rank: number, axis: number) =>
      Array.from({ length: rank }, (_, i) =>
        i === 0 ? 'z' : i === axis ? 'y' : free[next++],
      ).join('');
    const left = subscripts(a.length, axisA);
    const right = subscripts(b.length, axisB);
    const kept = (left + right.slice(1)).replace(/y/g, '');
    // Two vectors give one number per sample, which tfjs keeps as [batch, 1].
    const keep = kept.length === 1 ? '.unsqueeze(1)' : '';
    return {
      layout: 'channelsLast',
      forward: ([x = '', y = '']) => {
        const [u, v] = p.normalize
          ? [`F.normalize(${x}, dim=${axisA})`, `F.normalize(${y}, dim=${axisB})`]
          : [x, y];
        return `torch.einsum(${py(`${left},${right}->${kept}`)}, ${u}, ${v})${keep}`;
      },
    };
  },
});

/**
 * Keras's Dot rule, which tfjs follows for inputs of rank 2 and 3 (it has none beyond): drop the
 * summed axis from both, then join the first's remaining axes with the second's (batch left out);
 * two vectors give [null, 1].
 */
function dotShape(inputs: readonly Shape[], axes: number): { output: Shape; length: number } {
  const [a, b] = inputs;
  if (!a || !b) throw new LayerShapeError('E011', 'Dot needs two inputs connected.');
  for (const [i, shape] of [a, b].entries()) {
    if (shape.length < 2 || shape.length > 3) {
      throw new LayerShapeError(
        'E013',
        `Dot takes vectors or sequences (1-D or 2-D per sample), but input ${i + 1} is ${formatShape(shape)}. Flatten or pool it first.`,
      );
    }
  }
  const axisA = axes < 0 ? a.length + axes : axes;
  const axisB = axes < 0 ? b.length + axes : axes;
  if (axisA <= 0 || axisB <= 0 || axisA >= a.length || axisB >= b.length) {
    throw new LayerShapeError(
      'E014',
      `Dot's axis ${axes} is not a feature or time axis of both ${formatShape(a)} and ${formatShape(b)}; use -1 for the last axis.`,
    );
  }
  const length = a[axisA] ?? null;
  if (length !== b[axisB]) {
    throw new LayerShapeError(
      'E012',
      `Dot needs equal lengths along axis ${axes}: ${formatShape(a)} vs ${formatShape(b)}`,
    );
  }
  const output = [
    ...a.filter((_, i) => i !== axisA),
    ...b.filter((_, i) => i !== axisB && i !== 0),
  ];
  return { output: output.length === 1 ? [null, 1] : output, length: length ?? 1 };
}
