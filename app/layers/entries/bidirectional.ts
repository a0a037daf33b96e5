import { oneOf } from '../params.ts';
import {
  cells,
  describeRecurrent,
  recurrentCall,
  recurrentFlops,
  recurrentInit,
  recurrentKinds,
  recurrentModule,
  recurrentOutputShape,
  recurrentParamCount,
  recurrentParams,
  recurrentParamsFromKeras,
  recurrentWeights,
} from '../recurrent.ts';
import { elementsPerSample, only } from '../shape.ts';
import { first, py } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

const mergeLabels = { concat: 'joined', sum: 'summed', ave: 'averaged', mul: 'multiplied' };

/** FLOPs per output element to merge the two directions: concat copies, ave is a sum and a halving. */
const mergeFlops = { concat: 0, sum: 1, ave: 2, mul: 1 };

export const bidirectional = defineLayer({
  type: 'Bidirectional',
  label: 'Bidirectional',
  category: 'recurrent',
  help: 'Runs a recurrent layer forwards and backwards over the sequence, so each step sees both its past and its future (the course’s BRNN).',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: true,
  examples: [
    { name: 'LSTM, concat', inputs: [[10, 3]], params: { layer: 'LSTM', units: 8 } },
    {
      name: 'GRU, all steps, sum',
      inputs: [[6, 4]],
      params: { layer: 'GRU', units: 5, returnSequences: true, mergeMode: 'sum' },
    },
    {
      name: 'simple RNN, average, frozen',
      inputs: [[5, 2]],
      params: { layer: 'SimpleRNN', units: 3, mergeMode: 'ave', trainable: false },
    },
    {
      name: 'LSTM, multiply, L2',
      inputs: [[4, 6]],
      params: { layer: 'LSTM', units: 4, mergeMode: 'mul', l2: 0.01 },
    },
  ],
  params: {
    layer: oneOf({
      label: 'Recurrent layer',
      options: recurrentKinds,
      default: 'LSTM',
      help: 'The layer run in each direction; the two directions have their own weights.',
    }),
    mergeMode: oneOf({
      label: 'Merge',
      options: ['concat', 'sum', 'ave', 'mul'],
      default: 'concat',
      help: 'How the two directions’ outputs combine: concat stacks them (twice the units), sum, ave and mul keep the size.',
    }),
    ...recurrentParams,
  },
  describe: (p) =>
    `${cells[p.layer].label} × 2, ${describeRecurrent(p)}, ${mergeLabels[p.mergeMode]}`,
  outputShape: (inputs, p) => {
    const width = p.mergeMode === 'concat' ? 2 * p.units : p.units;
    return recurrentOutputShape(inputs, width, p.returnSequences, 'Bidirectional');
  },
  countParams: (inputs, p) => {
    const one = recurrentParamCount(p.layer, inputs, p);
    return { trainable: 2 * one.trainable, nonTrainable: 2 * one.nonTrainable };
  },
  flops: (inputs, out, p) =>
    2 * recurrentFlops(p.layer, inputs, p.units) + mergeFlops[p.mergeMode] * elementsPerSample(out),
  fromKeras: {
    classes: ['Bidirectional'],
    params: (k) => {
      const inner = k.nested('layer');
      const layer = recurrentKinds.find((kind) => kind === inner.className);
      if (!layer)
        throw k.fail(`wraps a ${inner.className}; Netwright wraps LSTM, GRU or SimpleRNN.`);
      k.expect('backward_layer', [null], 'both directions run the same kind of layer.');
      const params = recurrentParamsFromKeras(inner);
      return {
        layer,
        mergeMode: k.oneOf('merge_mode', ['concat', 'sum', 'ave', 'mul'], 'concat'),
        ...params,
        trainable: params.trainable && k.bool('trainable', true),
      };
    },
  },
  tfjs: (p, name) => [
    // tfjs clones this layer into forward_<name> and backward_<name>; the template itself is never
    // applied, but its name must not clash with a node id, hence the suffix.
    tfCall('layers.bidirectional', {
      name,
      layer: recurrentCall(p.layer, p, `${name}_rnn`),
      mergeMode: p.mergeMode,
    }),
  ],
  // tfjs names the two copies forward_<name>_rnn and backward_<name>_rnn after the template layer.
  pytorch: (p, ctx) => {
    const features = only(ctx.inputs).at(-1) ?? 0;
    const layer = recurrentModule(p.layer, p, features);
    const tfjs = (direction: string) => `${direction}_${ctx.name}_rnn/`;
    return {
      layout: 'channelsLast',
      module: `Bidirectional(\n    ${layer},\n    ${layer},\n    merge=${py(p.mergeMode)},\n)`,
      forward: (x) => `self.${ctx.attr}(${first(x)})`,
      weights: [
        ...recurrentWeights(p.layer, tfjs('forward'), 'forward_layer.'),
        ...recurrentWeights(p.layer, tfjs('backward'), 'backward_layer.'),
      ],
      init: [...recurrentInit(p, 'forward_layer.'), ...recurrentInit(p, 'backward_layer.')],
      frozen: !p.trainable,
      helpers: ['Recurrent', 'Bidirectional'],
    };
  },
});
