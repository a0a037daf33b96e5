/**
 * Standardization fitted on the training split only (fitting on dev or test would leak them into
 * training): each feature on the last axis, a pixel channel or a CSV column, gets its mean
 * subtracted and is divided by its standard deviation. The same numbers then apply to dev, test
 * and any later prediction, so a run saves them.
 */
import type { SampleSource } from './source.ts';

export interface Normalization {
  mean: number[];
  std: number[];
}

/** A constant feature has no spread to divide by; it is only centred. */
const MIN_STD = 1e-7;
const CHUNK = 1024;

export async function fitNormalization(
  source: SampleSource,
  indices: Int32Array,
): Promise<Normalization> {
  const features = source.featureShape.at(-1) ?? 1;
  // Float64 sums: millions of float32 pixels would lose the mean's low digits.
  const sum = new Float64Array(features);
  const squares = new Float64Array(features);
  let n = 0;
  for (let start = 0; start < indices.length; start += CHUNK) {
    const { x } = await source.read(indices.subarray(start, start + CHUNK));
    for (let i = 0; i < x.length; i++) {
      const f = i % features;
      const v = x[i] as number;
      sum[f] = (sum[f] as number) + v;
      squares[f] = (squares[f] as number) + v * v;
    }
    n += x.length / features;
  }
  const mean = Array.from(sum, (s) => s / Math.max(n, 1));
  const std = Array.from(squares, (s, f) => {
    const variance = Math.max(s / Math.max(n, 1) - (mean[f] as number) ** 2, 0);
    const deviation = Math.sqrt(variance);
    return deviation < MIN_STD ? 1 : deviation;
  });
  return { mean, std };
}

export function applyNormalization(x: Float32Array, stats: Normalization): void {
  const features = stats.mean.length;
  for (let i = 0; i < x.length; i++) {
    const f = i % features;
    x[i] = ((x[i] as number) - (stats.mean[f] as number)) / (stats.std[f] as number);
  }
}
