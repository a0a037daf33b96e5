import { LayerShapeError } from '../../graph/errors.ts';
import { ints } from '../params.ts';
import { expectRank, formatShape, only } from '../shape.ts';
import { first } from '../pytorch.ts';
import { defineLayer } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

export const cropping2d = defineLayer({
  type: 'Cropping2D',
  label: 'Cropping 2D',
  category: 'reshaping',
  help: 'Cuts rows and columns off the edges of each image, as a U-Net crops its skip connections to match.',
  role: 'layer',
  inputs: { min: 1, max: 1 },
  weighted: false,
  examples: [
    { name: 'one pixel all round', inputs: [[6, 6, 2]], params: { cropping: [1, 1, 1, 1] } },
    { name: 'asymmetric', inputs: [[9, 8, 3]], params: { cropping: [2, 0, 1, 4] } },
    { name: 'down to one pixel', inputs: [[3, 4, 1]], params: { cropping: [1, 1, 3, 0] } },
  ],
  params: {
    cropping: ints({
      label: 'Cropping',
      length: 4,
      default: [0, 0, 0, 0],
      min: 0,
      max: 1024,
      help: 'Rows to cut at the top and bottom, then columns at the left and right.',
    }),
  },
  describe: (p) => {
    const [top, bottom, left, right] = p.cropping;
    return top === bottom && left === right && top === left
      ? `crop ${top} all round`
      : `crop ${top}, ${bottom}, ${left}, ${right} (top, bottom, left, right)`;
  },
  outputShape: (inputs, p) => {
    const x = only(inputs);
    expectRank(x, [4], 'Cropping 2D');
    const [top = 0, bottom = 0, left = 0, right = 0] = p.cropping;
    const shrink = (d: number | null | undefined, first: number, second: number, what: string) => {
      if (d === null || d === undefined) return null;
      if (first + second >= d) {
        throw new LayerShapeError(
          'E014',
          `Cropping 2D cuts ${first} + ${second} = ${first + second} ${what} from an input only ${d} ${what} ${what === 'rows' ? 'high' : 'wide'} (${formatShape(x)}), leaving nothing; crop less.`,
        );
      }
      return d - first - second;
    };
    return [
      null,
      shrink(x[1], top, bottom, 'rows'),
      shrink(x[2], left, right, 'columns'),
      x[3] ?? null,
    ];
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  flops: () => 0,
  fromKeras: {
    classes: ['Cropping2D'],
    params: (k) => {
      k.expect('data_format', ['channels_last'], 'its images are height × width × channels.');
      return { cropping: k.sides('cropping', [0, 0, 0, 0]) };
    },
  },
  tfjs: (p, name) => {
    const [top = 0, bottom = 0, left = 0, right = 0] = p.cropping;
    return [
      tfCall('layers.cropping2D', {
        name,
        cropping: [
          [top, bottom],
          [left, right],
        ],
      }),
    ];
  },
  pytorch: (p) => {
    const [top = 0, bottom = 0, left = 0, right = 0] = p.cropping;
    const range = (start: number, end: number) =>
      `${start > 0 ? start : ''}:${end > 0 ? `-${end}` : ''}`;
    return {
      layout: 'channelsFirst',
      forward: (x) => `${first(x)}[:, :, ${range(top, bottom)}, ${range(left, right)}]`,
    };
  },
});
