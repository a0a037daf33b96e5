/**
 * Param objects for the layers templates use most, written out in full (not left to catalog
 * defaults) so that a template keeps its architecture if a default ever changes.
 */
import type { Params } from './builder.ts';

type Padding = 'valid' | 'same';

export interface ConvOptions {
  strides?: number;
  padding?: Padding;
  useBias?: boolean;
  activation?: string;
}

export function conv(
  filters: number,
  kernel: number | [number, number],
  o: ConvOptions = {},
): Params {
  const [kh, kw] = typeof kernel === 'number' ? [kernel, kernel] : kernel;
  const s = o.strides ?? 1;
  return {
    filters,
    kernelSize: [kh, kw],
    strides: [s, s],
    padding: o.padding ?? 'valid',
    useBias: o.useBias ?? true,
    activation: o.activation ?? 'linear',
  };
}

export function depthwise(kernel: number, o: ConvOptions = {}): Params {
  const s = o.strides ?? 1;
  return {
    kernelSize: [kernel, kernel],
    strides: [s, s],
    padding: o.padding ?? 'valid',
    depthMultiplier: 1,
    useBias: o.useBias ?? true,
    activation: o.activation ?? 'linear',
  };
}

export function pool(size: number, strides: number, padding: Padding = 'valid'): Params {
  return { poolSize: [size, size], strides: [strides, strides], padding };
}

/** Same padding on all four sides, as PyTorch's `padding=p` and Keras's `ZeroPadding2D(p)`. */
export function pad(p: number): Params {
  return { padding: [p, p, p, p] };
}

export function batchNorm(epsilon: number, o: { momentum?: number; scale?: boolean } = {}): Params {
  return {
    momentum: o.momentum ?? 0.99,
    epsilon,
    center: true,
    scale: o.scale ?? true,
  };
}

export function dense(units: number, activation = 'linear', extra: Params = {}): Params {
  return { units, useBias: true, activation, ...extra };
}

export const relu: Params = { activation: 'relu' };
