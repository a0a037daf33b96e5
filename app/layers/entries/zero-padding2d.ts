import { ints } from '../params.ts';
import { expectRank, only } from '../shape.ts';
import { first, py } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const zeroPadding2d = defineLayer({
  type: 'ZeroPadding2D',
  label: 'Zero padding 2D',
  category: 'reshaping',
  help: 'Adds borders of zeros around each image (p in the course): n_H grows by top + bottom, n_W by left + right.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: false,
  examples: [
    { name: 'one pixel all round', inputs: [[5, 5, 3]] },
    {
      name: 'asymmetric',
      inputs: [[6, 7, 2]],
      params: { padding: [0, 2, 3, 1] },
    },
    { name: 'top only', inputs: [[3, 4, 1]], params: { padding: [4, 0, 0, 0] } },
  ],
  params: {
    padding: ints({
      label: 'Padding',
      length: 4,
      default: [1, 1, 1, 1],
      min: 0,
      max: 1024,
      help: 'Rows of zeros to add at the top and bottom, then columns at the left and right.',
    }),
  },
  describe: (p) => {
    const [top, bottom, left, right] = p.padding;
    return top === bottom && left === right && top === left
      ? `pad ${top} all round`
      : `pad ${top}, ${bottom}, ${left}, ${right} (top, bottom, left, right)`;
  },
  outputShape: (inputs, p) => {
    const x = only(inputs);
    expectRank(x, [4], 'Zero padding 2D');
    const [top = 0, bottom = 0, left = 0, right = 0] = p.padding;
    const grow = (d: number | null | undefined, by: number) =>
      d === null || d === undefined ? null : d + by;
    return [null, grow(x[1], top + bottom), grow(x[2], left + right), x[3] ?? null];
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  flops: () => 0,
  fromKeras: {
    classes: ['ZeroPadding2D'],
    params: (k) => {
      k.expect('data_format', ['channels_last'], 'its images are height × width × channels.');
      return { padding: k.sides('padding', [1, 1, 1, 1]) };
    },
  },
  tfjs: (p, name) => {
    const [top = 0, bottom = 0, left = 0, right = 0] = p.padding;
    return [
      tfCall('layers.zeroPadding2d', {
        name,
        padding: [
          [top, bottom],
          [left, right],
        ],
      }),
    ];
  },
  pytorch: (p, ctx) => {
    const [top = 0, bottom = 0, left = 0, right = 0] = p.padding;
    return {
      layout: 'channelsFirst',
      module: `nn.ZeroPad2d(${py([left, right, top, bottom])})`,
      forward: (x) => `self.${ctx.attr}(${first(x)})`,
    };
  },
});
