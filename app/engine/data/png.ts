/**
 * A small PNG decoder on node:zlib (no image package is installed: see docs in images.ts). It
 * reads every non-interlaced PNG the specification allows: greyscale, RGB, palette, grey+alpha
 * and RGBA at bit depths 1–16, with all five row filters, and returns 8-bit RGBA.
 * Reference: PNG specification, 2nd edition (W3C), sections 7 (filters), 11 (chunks).
 */
import { inflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row by row. */
  data: Uint8Array;
}

export class ImageDecodeError extends Error {}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Images beyond this many pixels are refused rather than exhausting memory. */
const MAX_PIXELS = 100_000_000;

export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

interface Header {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  channels: number;
}

export function decodePng(bytes: Uint8Array): RgbaImage {
  if (!isPng(bytes)) throw new ImageDecodeError('not a PNG file (its signature is wrong)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Header | null = null;
  let palette: Uint8Array | null = null;
  let transparency: Uint8Array | null = null;
  const compressed: Uint8Array[] = [];
  let at = 8;
  for (;;) {
    if (at + 8 > bytes.length) throw new ImageDecodeError('the file ends before its IEND chunk');
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (data.length !== length) throw new ImageDecodeError(`the ${type} chunk is cut short`);
    at += 12 + length;
    if (type === 'IHDR') header = readHeader(data);
    else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') transparency = data;
    else if (type === 'IDAT') compressed.push(data);
    else if (type === 'IEND') break;
  }
  if (!header) throw new ImageDecodeError('the IHDR chunk is missing');
  if (header.colorType === 3 && !palette)
    throw new ImageDecodeError('a palette image without a PLTE chunk');
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(compressed));
  } catch (err) {
    throw new ImageDecodeError(`its compressed data is damaged (${(err as Error).message})`);
  }
  const pixels = unfilter(raw, header);
  return {
    width: header.width,
    height: header.height,
    data: toRgba(pixels, header, palette, transparency),
  };
}

function readHeader(data: Uint8Array): Header {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const depth = data[8] as number;
  const colorType = data[9] as number;
  const channels = CHANNELS[colorType];
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(depth)) {
    throw new ImageDecodeError(`colour type ${colorType} at bit depth ${depth} is not valid PNG`);
  }
  if (data[12] !== 0) {
    throw new ImageDecodeError(
      'interlaced PNGs are not supported; save the image without interlacing',
    );
  }
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) {
    throw new ImageDecodeError(`a size of ${width}×${height} pixels is out of range`);
  }
  return { width, height, depth, colorType, channels };
}

/** Undoes the per-row filters (spec section 9) and returns the bare scanlines. */
function unfilter(raw: Uint8Array, h: Header): Uint8Array {
  const stride = Math.ceil((h.width * h.channels * h.depth) / 8);
  const bpp = Math.max(1, (h.channels * h.depth) / 8);
  if (raw.length < (stride + 1) * h.height)
    throw new ImageDecodeError('its image data is shorter than its size says');
  const out = new Uint8Array(stride * h.height);
  for (let y = 0; y < h.height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? (out[row + i - bpp] as number) : 0;
      const b = y > 0 ? (out[prev + i] as number) : 0;
      const c = y > 0 && i >= bpp ? (out[prev + i - bpp] as number) : 0;
      const x = raw[src + i] as number;
      let value: number;
      if (filter === 0) value = x;
      else if (filter === 1) value = x + a;
      else if (filter === 2) value = x + b;
      else if (filter === 3) value = x + ((a + b) >> 1);
      else if (filter === 4) value = x + paeth(a, b, c);
      else throw new ImageDecodeError(`row ${y} uses filter ${filter}, which PNG does not define`);
      out[row + i] = value & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function toRgba(
  pixels: Uint8Array,
  h: Header,
  palette: Uint8Array | null,
  trns: Uint8Array | null,
): Uint8Array {
  const stride = Math.ceil((h.width * h.channels * h.depth) / 8);
  const out = new Uint8Array(h.width * h.height * 4);
  const maxValue = (1 << Math.min(h.depth, 8)) - 1;
  // Sample s of row y as an 8-bit value (16-bit keeps its high byte; low depths scale up).
  const sample = (y: number, s: number): number => {
    if (h.depth === 8) return pixels[y * stride + s] as number;
    if (h.depth === 16) return pixels[y * stride + 2 * s] as number;
    const bit = s * h.depth;
    const byte = pixels[y * stride + (bit >> 3)] as number;
    return (byte >> (8 - h.depth - (bit & 7))) & maxValue;
  };
  const scale = (v: number) => (h.depth < 8 ? Math.round((v * 255) / maxValue) : v);
  for (let y = 0; y < h.height; y++) {
    for (let x = 0; x < h.width; x++) {
      const o = (y * h.width + x) * 4;
      const s = x * h.channels;
      let r: number,
        g: number,
        b: number,
        alpha = 255;
      if (h.colorType === 3) {
        const index = sample(y, s);
        const p = palette as Uint8Array;
        if (3 * index + 2 >= p.length)
          throw new ImageDecodeError(`a pixel uses palette entry ${index}, which is missing`);
        r = p[3 * index] as number;
        g = p[3 * index + 1] as number;
        b = p[3 * index + 2] as number;
        if (trns && index < trns.length) alpha = trns[index] as number;
      } else if (h.colorType === 0 || h.colorType === 4) {
        r = g = b = scale(sample(y, s));
        if (h.colorType === 4) alpha = sample(y, s + 1);
      } else {
        r = sample(y, s);
        g = sample(y, s + 1);
        b = sample(y, s + 2);
        if (h.colorType === 6) alpha = sample(y, s + 3);
      }
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = alpha;
    }
  }
  return out;
}
