import { elementsPerSample, expectRank, only } from '../shape.ts';
import { first } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const flatten = defineLayer({
  type: 'Flatten',
  label: 'Flatten',
  category: 'reshaping',
  help: 'Unrolls each sample into one long vector, as before the fully connected layers of a CNN.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: false,
  examples: [
    { name: 'image', inputs: [[4, 5, 6]] },
    { name: 'sequence', inputs: [[7, 3]] },
  ],
  params: {},
  describe: () => 'to a vector',
  outputShape: (inputs) => {
    const x = only(inputs);
    expectRank(x, [3, 4, 5], 'Flatten');
    if (x.slice(1).some((d) => d === null)) return [null, null];
    return [null, elementsPerSample(x)];
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  flops: () => 0,
  fromKeras: {
    classes: ['Flatten'],
    params: (k) => {
      k.expect('data_format', ['channels_last'], 'its images are height × width × channels.');
      return {};
    },
  },
  tfjs: (_p, name) => [tfCall('layers.flatten', { name })],
  // Channels last, so the values come out in the app's order and a Dense after it takes tfjs's
  // weights as they are.
  pytorch: () => ({ layout: 'channelsLast', forward: (x) => `torch.flatten(${first(x)}, 1)` }),
});
