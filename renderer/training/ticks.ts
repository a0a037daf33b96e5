/**
 * Axis ticks at round numbers (1, 2, 2.5 or 5 × a power of ten), the way people label a chart by
 * hand: Heckbert's "nice numbers" (Graphics Gems, 1990). The domain is widened to the outer ticks
 * so curves never touch an unlabelled edge.
 */
export interface Ticks {
  min: number;
  max: number;
  step: number;
  values: number[];
}

const NICE_STEPS = [1, 2, 2.5, 5, 10] as const;

export function niceTicks(low: number, high: number, wanted = 5): Ticks {
  let min = Math.min(low, high);
  let max = Math.max(low, high);
  if (!Number.isFinite(min) || !Number.isFinite(max))
    return { min: 0, max: 1, step: 0.25, values: [0, 0.25, 0.5, 0.75, 1] };
  if (min === max) {
    // A flat series still needs a scale: open a window around its one value.
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const rough = (max - min) / Math.max(wanted, 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = (NICE_STEPS.find((s) => s * power >= rough) ?? 10) * power;
  const first = Math.floor(min / step + 1e-9) * step;
  const last = Math.ceil(max / step - 1e-9) * step;
  const values: number[] = [];
  for (let v = first; v <= last + step / 2; v += step) values.push(roundTo(v, step));
  return { min: first, max: last, step, values };
}

/** Integer ticks (epochs) never at fractions, however few epochs there are. */
export function integerTicks(low: number, high: number, wanted = 6): Ticks {
  const ticks = niceTicks(low, high, wanted);
  if (ticks.step >= 1) return ticks;
  const min = Math.floor(low);
  const max = Math.max(Math.ceil(high), min + 1);
  const values: number[] = [];
  for (let v = min; v <= max; v++) values.push(v);
  return { min, max, step: 1, values };
}

/** Removes float dust: 0.30000000000000004 at a step of 0.1 is 0.3. */
function roundTo(value: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(Math.min(digits, 15)));
}

/** A tick label with just the digits its step needs: 0.25 steps show 0.25, 0.5, 0.75. */
export function formatTick(value: number, step: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-4) return value.toExponential(1).replace('e+', 'e');
  const decimals = Math.max(
    0,
    Math.min(6, -Math.floor(Math.log10(step) + 1e-9) + (isHalfStep(step) ? 1 : 0)),
  );
  return value.toFixed(decimals);
}

/** 2.5 × 10^k needs one digit more than 1, 2 or 5 × 10^k. */
function isHalfStep(step: number): boolean {
  const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return Math.abs(mantissa - 2.5) < 1e-6;
}
