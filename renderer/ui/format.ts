/** Numbers and shapes as the UI shows them: compact on the canvas, exact in tooltips. */
import type { Shape } from '../../app/layers/shape.ts';

/** One sample's dimensions, batch left out: `[null,28,28,32]` → `28×28×32`; unknown is `?`. */
export function formatDims(shape: Shape | null | undefined): string {
  if (!shape) return '—';
  const dims = shape.slice(1);
  if (dims.length === 0) return 'scalar';
  return dims.map((d) => (d === null ? '?' : String(d))).join('×');
}

/** The Keras-style full shape, batch included: `[null, 28, 28, 32]`. */
export function formatFullShape(shape: Shape | null | undefined): string {
  if (!shape) return 'unknown (fix the problems upstream)';
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

const exact = new Intl.NumberFormat('en-US');

export function formatExact(n: number): string {
  return exact.format(n);
}

/** 1,792 · 25.6K · 23.5M · 1.2B, with three significant digits where it is compact. */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs < 10_000) return exact.format(n);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) return `${trim(n / size)}${suffix}`;
  }
  return exact.format(n);
}

export function formatFlops(n: number): string {
  const units: [number, string][] = [
    [1e12, 'TFLOPs'],
    [1e9, 'GFLOPs'],
    [1e6, 'MFLOPs'],
    [1e3, 'KFLOPs'],
  ];
  for (const [size, suffix] of units) if (n >= size) return `${trim(n / size)} ${suffix}`;
  return `${n} FLOPs`;
}

export function formatBytes(n: number): string {
  const units: [number, string][] = [
    [1024 ** 4, 'TiB'],
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, suffix] of units) if (n >= size) return `${trim(n / size)} ${suffix}`;
  return `${n} B`;
}

function trim(x: number): string {
  const digits = x >= 100 ? 0 : x >= 10 ? 1 : 2;
  return String(Number(x.toFixed(digits)));
}
