import { LayerShapeError } from '../../graph/errors.ts';
import { intList, oneOf } from '../params.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

const rankOfKind = { image: 3, vector: 1, sequence: 2, tokens: 1 } as const;

export const input = defineLayer({
  type: 'Input',
  label: 'Input',
  category: 'input',
  help: 'Where data enters the network: an image H×W×C, a feature vector, a sequence or token ids.',
  role: 'input',
  inputs: { min: 0, max: 0 },
  weighted: false,
  examples: [
    { name: 'image', inputs: [], params: { kind: 'image', shape: [28, 28, 1] } },
    { name: 'vector', inputs: [], params: { kind: 'vector', shape: [10] } },
    { name: 'sequence', inputs: [], params: { kind: 'sequence', shape: [12, 3] } },
  ],
  params: {
    kind: oneOf({
      label: 'Kind',
      options: ['image', 'vector', 'sequence', 'tokens'],
      default: 'image',
      help: 'image: height × width × channels; vector: features; sequence: time steps × features; tokens: a sequence of integer ids for an Embedding.',
    }),
    shape: intList({
      label: 'Shape',
      minLength: 1,
      maxLength: 3,
      min: 1,
      max: 1_000_000,
      default: [28, 28, 1],
      help: 'One sample’s shape, without the batch dimension (for example 28, 28, 1 for MNIST).',
    }),
  },
  describe: (p) => `${p.kind} ${p.shape.join('×')}`,
  outputShape: (_inputs, p) => {
    const want = rankOfKind[p.kind];
    if (p.shape.length !== want) {
      throw new LayerShapeError(
        'E014',
        `An ${p.kind} input needs ${want} dimension${want > 1 ? 's' : ''} but its shape is ${p.shape.join('×')}.`,
      );
    }
    return [null, ...p.shape];
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  flops: () => 0,
  fromKeras: {
    classes: ['InputLayer'],
    params: (k) => {
      // Keras 3 writes batch_shape, Keras 2 and tfjs batch_input_shape; both start with the batch.
      const shape = k.dims(k.has('batch_shape') ? 'batch_shape' : 'batch_input_shape').slice(1);
      if (shape.some((d) => d === null)) {
        throw k.fail(
          `takes samples of shape ${JSON.stringify(shape)}; Netwright needs every size fixed (give the sequence a length).`,
        );
      }
      const tokens = /int/.test(k.string('dtype', 'float32'));
      const kinds = { 1: tokens ? 'tokens' : 'vector', 2: 'sequence', 3: 'image' } as const;
      const kind = Object.hasOwn(kinds, shape.length) ? kinds[shape.length as 1 | 2 | 3] : null;
      if (kind === null || (tokens && kind !== 'tokens')) {
        throw k.fail(
          `takes ${tokens ? 'integer ' : ''}samples of shape ${JSON.stringify(shape)}; Netwright's inputs are vectors, sequences, images or token ids.`,
        );
      }
      return { kind, shape: shape as number[] };
    },
  },
  tfjs: (p, name) => [
    tfCall('input', {
      name,
      shape: [...p.shape],
      dtype: p.kind === 'tokens' ? 'int32' : 'float32',
    }),
  ],
});
