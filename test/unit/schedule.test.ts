import { describe, expect, it } from 'vitest';
import { learningRateAt } from '../../app/engine/schedule.ts';
import { scheduleSchema } from '../../app/graph/training.ts';

const schedule = (value: unknown) => scheduleSchema.parse(value);

describe('learning-rate schedules', () => {
  it('constant keeps α0', () => {
    expect([0, 1, 50].map((e) => learningRateAt(schedule({}), 0.01, e))).toEqual([
      0.01, 0.01, 0.01,
    ]);
  });

  it("inverse time is the course's α0 / (1 + decay · epoch): 0.2, 0.1, 0.067, 0.05 for α0 0.2, decay 1", () => {
    const rates = [0, 1, 2, 3].map((e) =>
      learningRateAt(schedule({ type: 'inverseTime', decay: 1 }), 0.2, e),
    );
    expect(rates[0]).toBe(0.2);
    expect(rates[1]).toBe(0.1);
    expect(rates[2]).toBeCloseTo(0.0667, 4);
    expect(rates[3]).toBe(0.05);
  });

  it('exponential multiplies by the factor every epoch', () => {
    const rates = [0, 1, 2, 10].map((e) =>
      learningRateAt(schedule({ type: 'exponential', factor: 0.95 }), 1, e),
    );
    expect(rates.map((r) => Number(r.toFixed(6)))).toEqual([1, 0.95, 0.9025, 0.598737]);
  });

  it('step holds the rate for `everyEpochs` epochs, then multiplies it by the factor', () => {
    const s = schedule({ type: 'step', factor: 0.5, everyEpochs: 3 });
    expect([0, 1, 2, 3, 5, 6, 9].map((e) => learningRateAt(s, 0.8, e))).toEqual([
      0.8, 0.8, 0.8, 0.4, 0.4, 0.2, 0.1,
    ]);
  });
});
