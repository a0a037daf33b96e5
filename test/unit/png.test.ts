import { describe, expect, it } from 'vitest';
import { resizeInto } from '../../app/engine/data/images.ts';
import { decodePng } from '../../app/engine/data/png.ts';
import { encodePng } from '../helpers/png.ts';
import type { PngSpec } from '../helpers/png.ts';

const W = 5;
const H = 3;
/** Samples that change from pixel to pixel and row to row, so every filter has work to do. */
const samplesFor = (channels: number, max: number) =>
  Array.from(
    { length: W * H * channels },
    (_, i) => (i * 37 + ((i / channels) | 0) * 11) % (max + 1),
  );

function decoded(spec: PngSpec): number[] {
  return Array.from(decodePng(encodePng(spec)).data);
}

describe('the PNG decoder', () => {
  for (const filter of [0, 1, 2, 3, 4] as const) {
    it(`undoes row filter ${filter} on 8-bit RGBA`, () => {
      const samples = samplesFor(4, 255);
      expect(decoded({ width: W, height: H, colorType: 6, depth: 8, samples, filter })).toEqual(
        samples,
      );
    });
  }

  it.each([1, 2, 4, 8] as const)('reads %i-bit greyscale, scaled to 0…255', (depth) => {
    const max = 2 ** depth - 1;
    const samples = samplesFor(1, max);
    const expected = samples.flatMap((v) => {
      const g = Math.round((v * 255) / max);
      return [g, g, g, 255];
    });
    expect(decoded({ width: W, height: H, colorType: 0, depth, samples, filter: 4 })).toEqual(
      expected,
    );
  });

  it('reads 16-bit RGB by its high bytes', () => {
    const samples = samplesFor(3, 255).map((v) => v * 256 + (v % 7)); // high byte v, low byte noise
    const expected = [];
    for (let p = 0; p < W * H; p++)
      expected.push(...samples.slice(p * 3, p * 3 + 3).map((v) => v >> 8), 255);
    expect(decoded({ width: W, height: H, colorType: 2, depth: 16, samples, filter: 1 })).toEqual(
      expected,
    );
  });

  it('reads grey + alpha and a 2-bit palette with transparency', () => {
    const ga = samplesFor(2, 255);
    const expectedGa = [];
    for (let p = 0; p < W * H; p++) expectedGa.push(ga[2 * p], ga[2 * p], ga[2 * p], ga[2 * p + 1]);
    expect(
      decoded({ width: W, height: H, colorType: 4, depth: 8, samples: ga, filter: 3 }),
    ).toEqual(expectedGa);

    const palette = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
    const indices = samplesFor(1, 3);
    const expected = indices.flatMap((i) => [
      ...palette.slice(3 * i, 3 * i + 3),
      i === 1 ? 128 : 255,
    ]);
    expect(
      decoded({
        width: W,
        height: H,
        colorType: 3,
        depth: 2,
        samples: indices,
        palette,
        transparency: [255, 128],
        filter: 2,
      }),
    ).toEqual(expected);
  });

  it.each([
    ['a file that is not a PNG', Buffer.from('GIF89a........'), /not a PNG file/],
    [
      'an interlaced PNG',
      encodePng({
        width: 2,
        height: 2,
        colorType: 0,
        depth: 8,
        samples: [0, 1, 2, 3],
        interlaced: true,
      }),
      /interlaced PNGs are not supported/,
    ],
    [
      'a truncated PNG',
      encodePng({
        width: 4,
        height: 4,
        colorType: 0,
        depth: 8,
        samples: new Array<number>(16).fill(9),
      }).subarray(0, 40),
      /cut short|ends before its IEND/,
    ],
  ])('refuses %s', (_name, bytes, message) => {
    expect(() => decodePng(bytes)).toThrow(message);
  });
});

describe('resizing', () => {
  const image = (width: number, height: number, rgb: (x: number, y: number) => number[]) => {
    const data = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) data.set([...rgb(x, y), 255], (y * width + x) * 4);
    return { width, height, data };
  };

  it('keeps an image of the same size as it is, in [0, 1]', () => {
    const out = new Float32Array(2 * 2 * 3);
    resizeInto(
      image(2, 2, (x, y) => [x * 255, y * 255, 51]),
      2,
      2,
      3,
      out,
      0,
    );
    const expected = [0, 0, 0.2, 1, 0, 0.2, 0, 1, 0.2, 1, 1, 0.2];
    expect(out).toHaveLength(expected.length);
    expected.forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6));
  });

  it('halving averages each 2×2 block (half-pixel centres fall between its pixels)', () => {
    const out = new Float32Array(2 * 1);
    resizeInto(
      image(4, 2, (x, y) => [(x + 4 * y) * 10, 0, 0]),
      1,
      2,
      1,
      out,
      0,
    );
    // Block one: red 0, 10, 40, 50 → mean 25; block two: 20, 30, 60, 70 → 45; luma = 0.299 · red.
    expect(out[0]).toBeCloseTo((0.299 * 25) / 255, 6);
    expect(out[1]).toBeCloseTo((0.299 * 45) / 255, 6);
  });
});
