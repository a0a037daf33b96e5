import { ints, oneOf } from '../params.ts';
import { expectRank, only } from '../shape.ts';
import { first, py, pySize } from '../pytorch.ts';
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
  fromKeras: {
    classes: ['UpSampling2D'],
    params: (k) => {
      k.expect('data_format', ['channels_last'], 'its images are height × width × channels.');
      return {
        size: k.ints('size', 2, [2, 2]),
        interpolation: k.oneOf('interpolation', ['nearest', 'bilinear'], 'nearest'),
      };
    },
  },
  tfjs: (p, name) => [
    tfCall('layers.upSampling2d', {
      name,
      size: [...p.size],
      interpolation: p.interpolation,
    }),
  ],
  // Nearest copies pixels as PyTorch's nn.Upsample does. tfjs's bilinear samples output pixel i
  // at input position i / factor (TensorFlow 1's resize, no half-pixel centres), which no PyTorch
  // mode does, so the exported file carries upsample_bilinear.
  pytorch: (p, ctx) =>
    p.interpolation === 'nearest'
      ? {
          layout: 'channelsFirst',
          module: `nn.Upsample(scale_factor=${pySize(p.size)}, mode='nearest')`,
          forward: (x) => `self.${ctx.attr}(${first(x)})`,
        }
      : {
          layout: 'channelsFirst',
          forward: (x) => `upsample_bilinear(${first(x)}, ${py(p.size)})`,
          helpers: ['upsample_bilinear'],
        },
});
