import { float } from '../params.ts';
import { only } from '../shape.ts';
import { first, py } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const dropout = defineLayer({
  type: 'Dropout',
  label: 'Dropout',
  category: 'regularization',
  help: 'While training, zeroes a random fraction of its inputs and scales up the rest (inverted dropout), so no unit can rely on any one feature.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: false,
  examples: [
    { name: 'vector, default rate', inputs: [[20]] },
    { name: 'image, light', inputs: [[6, 6, 3]], params: { rate: 0.1 } },
    { name: 'sequence, heavy', inputs: [[5, 4]], params: { rate: 0.8 } },
    { name: 'off', inputs: [[3]], params: { rate: 0 } },
  ],
  params: {
    rate: float({
      label: 'Rate',
      default: 0.5,
      min: 0,
      max: 1,
      maxExclusive: true,
      help: 'Fraction of units dropped: rate = 1 − keep_prob in the course (keep_prob 0.8 is rate 0.2).',
    }),
  },
  describe: (p) => `drop ${Math.round(p.rate * 100)}%, keep ${Math.round((1 - p.rate) * 100)}%`,
  outputShape: (inputs) => only(inputs),
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  // At inference dropout is the identity; the FLOPs column describes a forward pass for prediction.
  flops: () => 0,
  fromKeras: {
    classes: ['Dropout'],
    params: (k) => {
      k.expect(
        'noise_shape',
        [null],
        'the catalog drops single values, not whole rows or channels.',
      );
      return { rate: k.number('rate', 0.5) };
    },
  },
  tfjs: (p, name) => [tfCall('layers.dropout', { name, rate: p.rate })],
  pytorch: (p, ctx) => ({
    layout: 'any',
    module: `nn.Dropout(${py(p.rate)})`,
    forward: (x) => `self.${ctx.attr}(${first(x)})`,
  }),
});
