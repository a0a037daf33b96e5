/**
 * How kernel tests compare float32 results: float32 sums in another order differ in the last
 * bits, so a result is right when its largest error is tiny next to the largest expected entry.
 */
import { expect } from 'vitest';

export interface Tolerance {
  /** Allowed error as a fraction of the largest expected entry. */
  relative: number;
  /** Allowed error on top, for results that are all (near) zero. */
  absolute?: number;
  /** Refuse an all-zero expectation: a gradient of zeros proves nothing. */
  nonZero?: boolean;
}

export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  { relative, absolute = 0, nonZero = false }: Tolerance,
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let maxError = 0;
  let magnitude = 0;
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i] as number;
    maxError = Math.max(maxError, Math.abs((actual[i] as number) - want));
    magnitude = Math.max(magnitude, Math.abs(want));
  }
  if (nonZero) expect(magnitude, `${what}: a result of zeros proves nothing`).toBeGreaterThan(0);
  expect(maxError, `${what}: max error ${maxError} against magnitude ${magnitude}`).toBeLessThan(
    relative * magnitude + absolute + Number.MIN_VALUE,
  );
}
