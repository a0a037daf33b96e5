/**
 * What every benchmark module shares: how to time a function and the table it reports. Times
 * are medians of several runs after a warm-up, so one garbage collection does not skew a row.
 * Benchmarks print figures and ratios against a baseline measured in the same run, never pass
 * or fail on absolute times (machines differ; ratios travel).
 */

/** A result table: printed by run.ts as aligned columns under its title. */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: string[][];
  /** What the figures mean, printed under the table. */
  notes?: string[];
}

/** A benchmark module's entry point. */
export type Bench = () => Promise<BenchTable[]>;

export interface Timing {
  /** Median wall-clock milliseconds of one call. */
  medianMs: number;
  runs: number;
}

/** Runs `fn` once to warm up, then `runs` times, and reports the median. */
export function time(fn: () => unknown, runs: number): Timing {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return { medianMs: median(samples), runs };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A figure with a sensible number of digits for a table cell. */
export function fmt(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value.toFixed(digits);
}

/** `1.00×`: how many times the baseline a figure is. */
export function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}×`;
}
