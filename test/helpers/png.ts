/**
 * A PNG encoder for test fixtures, written from the PNG specification independently of the
 * decoder under test: it packs samples at any bit depth and applies a chosen row filter, so the
 * decoder's unpacking and unfiltering are checked against pixels the test wrote itself.
 */
import { crc32, deflateSync } from 'node:zlib';

export interface PngSpec {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: 0 | 2 | 3 | 4 | 6;
  depth: 1 | 2 | 4 | 8 | 16;
  /** Samples row by row, channel by channel, each in 0 … 2^depth − 1. */
  samples: readonly number[];
  /** RGB triples, for colour type 3. */
  palette?: readonly number[];
  /** Alpha per palette entry, for colour type 3. */
  transparency?: readonly number[];
  /** The row filter to apply to every row (0 none, 1 sub, 2 up, 3 average, 4 Paeth). */
  filter?: 0 | 1 | 2 | 3 | 4;
  interlaced?: boolean;
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function packRow(samples: readonly number[], depth: number): Uint8Array {
  if (depth === 16) {
    const out = new Uint8Array(samples.length * 2);
    samples.forEach((s, i) => {
      out[2 * i] = s >> 8;
      out[2 * i + 1] = s & 0xff;
    });
    return out;
  }
  const out = new Uint8Array(Math.ceil((samples.length * depth) / 8));
  samples.forEach((s, i) => {
    const bit = i * depth;
    out[bit >> 3] = (out[bit >> 3] as number) | (s << (8 - depth - (bit % 8)));
  });
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function encodePng(spec: PngSpec): Buffer {
  const channels = CHANNELS[spec.colorType];
  const perRow = spec.width * channels;
  const bpp = Math.max(1, (channels * spec.depth) / 8);
  const filter = spec.filter ?? 0;
  const rows: Uint8Array[] = [];
  let previous: Uint8Array | null = null;
  for (let y = 0; y < spec.height; y++) {
    const raw = packRow(spec.samples.slice(y * perRow, (y + 1) * perRow), spec.depth);
    const out = new Uint8Array(raw.length + 1);
    out[0] = filter;
    for (let i = 0; i < raw.length; i++) {
      const a = i >= bpp ? (raw[i - bpp] as number) : 0;
      const b = previous ? (previous[i] as number) : 0;
      const c = previous && i >= bpp ? (previous[i - bpp] as number) : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter] as number;
      out[i + 1] = ((raw[i] as number) - predictor) & 0xff;
    }
    rows.push(out);
    previous = raw;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(spec.width, 0);
  header.writeUInt32BE(spec.height, 4);
  header[8] = spec.depth;
  header[9] = spec.colorType;
  header[12] = spec.interlaced ? 1 : 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...(spec.palette ? [chunk('PLTE', Uint8Array.from(spec.palette))] : []),
    ...(spec.transparency ? [chunk('tRNS', Uint8Array.from(spec.transparency))] : []),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** An 8-bit RGB PNG from a function of the pixel position. */
export function rgbPng(
  width: number,
  height: number,
  color: (x: number, y: number) => [number, number, number],
): Buffer {
  const samples: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) samples.push(...color(x, y));
  return encodePng({ width, height, colorType: 2, depth: 8, samples });
}
