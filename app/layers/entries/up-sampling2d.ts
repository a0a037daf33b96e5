import { ints, oneOf } from '../params.ts';
import { expectRank, only } from '../shape.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const upSampling2d = defineLayer({
  type: 'UpSampling2D',
  label: 'Up-sampling 2D',
  category: 'reshaping',
  help: 'Enlarges each image by repeating (or blending) pixels, with no weights to learn: n_H and n_W are multiplied by the size.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: false,
  examples: [
    { name: 'double, nearest', inputs: [[5, 7, 3]] },
    {
      name: 'rectangular factor, bilinear',
      inputs: [[3, 4, 2]],
      params: { size: [3, 1], interpolation: 'bilinear' },
    },
  ],
  params: {
    size: ints({
      label: 'Size',
      length: 2,
      default: [2, 2],
      min: 1,
      max: 1024,
      help: 'How many times larger the height and width become.',
    }),
    interpolation: oneOf({
      label: 'Interpolation',
      options: ['nearest', 'bilinear'],
      default: 'nearest',
      help: "'nearest' repeats each pixel; 'bilinear' blends the four nearest input pixels for a smoother image.",
    }),
  },
  describe: (p) => `× ${p.size.join('×')}, ${p.interpolation}`,
  outputShape: (inputs, p) => {
    const x = only(inputs);
    expectRank(x, [4], 'Up-sampling 2D');
    const scale = (d: number | null | undefined, by: number) =>
      d === null || d === undefined ? null : d * by;
    return [null, scale(x[1], p.size[0] ?? 1), scale(x[2], p.size[1] ?? 1), x[3] ?? null];
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  // Nearest copies values: 0 FLOPs. Bilinear weighs the 4 nearest input pixels for each output
  // value: 4 multiply-adds, so 8 FLOPs per output value.
  flops: (_inputs, out, p) =>
    p.interpolation === 'nearest' ? 0 : 8 * (out[1] ?? 1) * (out[2] ?? 1) * (out[3] ?? 0),
  tfjs: (p, name) => [
    tfCall('layers.upSampling2d', {
      name,
      size: [...p.size],
      interpolation: p.interpolation,
    }),
  ],
});
