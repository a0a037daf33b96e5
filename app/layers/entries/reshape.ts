import { LayerShapeError } from '../../graph/errors.ts';
import { intList } from '../params.ts';
import { elementsPerSample, formatShape, only } from '../shape.ts';
import type { Shape } from '../shape.ts';
import { first } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const reshape = defineLayer({
  type: 'Reshape',
  label: 'Reshape',
  category: 'reshaping',
  help: 'Rearranges each sample’s values into a new shape with the same number of values, such as 784 → 28×28×1.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: false,
  examples: [
    { name: 'vector to image', inputs: [[784]], params: { targetShape: [28, 28, 1] } },
    { name: 'image to sequence', inputs: [[4, 6, 3]], params: { targetShape: [24, 3] } },
    { name: 'inferred first axis', inputs: [[4, 3, 2]], params: { targetShape: [-1, 6] } },
    { name: 'inferred middle axis', inputs: [[30]], params: { targetShape: [2, -1, 5] } },
    { name: 'sequence to vector', inputs: [[5, 7]], params: { targetShape: [35] } },
  ],
  params: {
    targetShape: intList({
      label: 'Target shape',
      minLength: 1,
      maxLength: 4,
      min: -1,
      max: 1_000_000,
      default: [28, 28, 1],
      help: 'The new shape of one sample, without the batch dimension. One entry may be -1 to be worked out from the others; TensorFlow.js leaves that one unknown (null) until the model runs.',
    }),
  },
  describe: (p) => `to ${p.targetShape.map((d) => (d === -1 ? '?' : String(d))).join('×')}`,
  outputShape: (inputs, p) => reshapeOutput(only(inputs), p.targetShape),
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  flops: () => 0,
  fromKeras: {
    classes: ['Reshape'],
    // tfjs writes the inferred axis (-1) as null.
    params: (k) => ({ targetShape: k.dims('target_shape').map((d) => d ?? -1) }),
  },
  tfjs: (p, name) => [tfCall('layers.reshape', { name, targetShape: [...p.targetShape] })],
  // Row-major over the channels-last axes, as tfjs reshapes; -1 stays for PyTorch to work out.
  pytorch: (p) => ({
    layout: 'channelsLast',
    forward: (xs) => `${first(xs)}.reshape(${first(xs)}.shape[0], ${p.targetShape.join(', ')})`,
  }),
});

/**
 * The target shape with its -1 as null, after checking that the values fit. The inferred size is
 * checked but not shown: tfjs builds the layer with that axis unknown, and the layers after it
 * see exactly that, so showing a number would promise a model tfjs does not build.
 */
function reshapeOutput(x: Shape, target: readonly number[]): Shape {
  const wanted = target.map((d) => (d === -1 ? '?' : String(d))).join('×');
  if (target.some((d) => d === 0 || d < -1)) {
    throw new LayerShapeError(
      'E014',
      `Reshape's target shape ${wanted} has an entry of ${target.find((d) => d < 1 && d !== -1)}; every entry must be at least 1, or -1 for one size to be worked out from the others.`,
    );
  }
  const unknowns = target.filter((d) => d === -1).length;
  if (unknowns > 1) {
    throw new LayerShapeError(
      'E014',
      `Reshape's target shape ${wanted} has ${unknowns} entries of -1, but only one size can be worked out from the others.`,
    );
  }
  const out: Shape = [null, ...target.map((d) => (d === -1 ? null : d))];
  if (x.slice(1).some((d) => d === null)) return out; // sizes unknown until the model runs
  const values = elementsPerSample(x);
  const known = target.reduce((n, d) => (d === -1 ? n : n * d), 1);
  if (unknowns === 1 ? values % known !== 0 : values !== known) {
    const have = `${formatShape(x)} holds ${x.slice(1).join('×')} = ${values} values per sample`;
    const need =
      unknowns === 1
        ? `which do not split evenly into ${wanted} (${values} is not a multiple of ${known})`
        : `but ${wanted} needs ${known}`;
    throw new LayerShapeError('E014', `Reshape cannot rearrange its input: ${have}, ${need}.`);
  }
  return out;
}
