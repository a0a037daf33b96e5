/**
 * Per-channel work on a `[..., C]` tensor is fast on the backend only when its rows are wide: its
 * kernels (XNNPACK) pay a fixed cost per row of C values, which dominates for LeNet's 6 or 16
 * channels. Viewing `k` consecutive rows as one row of `k·C` values (a reshape, no copy) keeps
 * every value in its channel: channel `c` sits at positions `c, c + C, …` of a wide row.
 */

/**
 * Below this many values the backend's own kernels are as fast as ours (measured: a few
 * microseconds either way for a Dense layer's [64, 120]).
 */
const minSize = 16384;
/** The widest rows we make: wider ones measured no faster. */
const maxWidth = 1024;

export interface WideRows {
  /** How many wide rows. */
  count: number;
  /** Values per wide row: a multiple of the channel count. */
  width: number;
}

/**
 * The widest grouping of whole rows (at most 1024 values) that divides the tensor, or null where
 * the backend's own kernel is as good: small tensors, or rows that cannot be grouped.
 */
export function wideRows(shape: readonly number[]): WideRows | null {
  const channels = shape.at(-1) ?? 0;
  const size = shape.reduce((a, b) => a * b, 1);
  if (size < minSize) return null;
  const rows = size / channels;
  for (let k = Math.min(rows, Math.floor(maxWidth / channels)); k > 1; k--) {
    if (rows % k === 0) return { count: rows / k, width: k * channels };
  }
  return null;
}
