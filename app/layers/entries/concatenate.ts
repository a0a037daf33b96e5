import { LayerShapeError } from '../../graph/errors.ts';
import { int } from '../params.ts';
import { formatShape } from '../shape.ts';
import { torchAxis } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const concatenate = defineLayer({
  type: 'Concatenate',
  label: 'Concatenate',
  category: 'merge',
  help: 'Joins its inputs along one axis, as an inception module joins its branches’ channels.',
  role: 'layer',
  inputs: { min: 2, max: Infinity },
  weighted: false,
  examples: [
    {
      name: 'channels',
      inputs: [
        [8, 8, 3],
        [8, 8, 5],
        [8, 8, 1],
      ],
    },
    { name: 'vectors', inputs: [[4], [6]] },
    {
      name: 'axis 1',
      inputs: [
        [2, 5],
        [3, 5],
      ],
      params: { axis: 1 },
    },
  ],
  params: {
    axis: int({
      label: 'Axis',
      default: -1,
      min: -8,
      max: 8,
      help: 'The axis to join along; -1 (the last, channels) for inception branches. 0 is the batch and cannot be used.',
    }),
  },
  describe: (p) => (p.axis === -1 ? 'along channels' : `along axis ${p.axis}`),
  outputShape: (inputs, p) => concatShape(inputs, p.axis),
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  flops: () => 0,
  fromKeras: { classes: ['Concatenate'], params: (k) => ({ axis: k.int('axis', -1) }) },
  tfjs: (p, name) => [tfCall('layers.concatenate', { name, axis: p.axis })],
  pytorch: (p, ctx) => ({
    layout: 'any',
    forward: (xs, layout) =>
      `torch.cat([${xs.join(', ')}], dim=${torchAxis(p.axis, ctx.output.length, layout)})`,
  }),
});

/** Shapes must agree on every axis but the joined one, whose sizes add up. */
function concatShape(inputs: readonly (readonly (number | null)[])[], axisParam: number) {
  const first = inputs[0];
  if (!first) throw new LayerShapeError('E011', 'Concatenate has no inputs connected.');
  const rank = first.length;
  const axis = axisParam < 0 ? rank + axisParam : axisParam;
  if (axis <= 0 || axis >= rank) {
    throw new LayerShapeError(
      'E014',
      `Concatenate's axis ${axisParam} does not exist for inputs of shape ${formatShape(first)}.`,
    );
  }
  let joined: number | null = 0;
  for (const shape of inputs) {
    const mismatch =
      shape.length !== rank || shape.some((d, i) => i !== axis && i > 0 && d !== first[i]);
    if (mismatch) {
      throw new LayerShapeError(
        'E012',
        `Concatenate needs shapes that agree except on axis ${axisParam}: ${formatShape(first)} vs ${formatShape(shape)}.`,
      );
    }
    const d = shape[axis] ?? null;
    joined = joined === null || d === null ? null : joined + d;
  }
  return first.map((d, i) => (i === axis ? joined : d));
}
