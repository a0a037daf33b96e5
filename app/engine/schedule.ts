/**
 * The learning rate for each epoch (counted from 0, so the first epoch trains at α0). The formulas
 * are the ones app/graph/training.ts documents: the course's inverse-time decay
 * α0 / (1 + decay · epoch), exponential α0 · factor^epoch, and step α0 · factor^⌊epoch / every⌋.
 */
import type { ScheduleConfig } from '../graph/training.ts';

export function learningRateAt(schedule: ScheduleConfig, initial: number, epoch: number): number {
  switch (schedule.type) {
    case 'constant':
      return initial;
    case 'inverseTime':
      return initial / (1 + schedule.decay * epoch);
    case 'exponential':
      return initial * schedule.factor ** epoch;
    case 'step':
      return initial * schedule.factor ** Math.floor(epoch / schedule.everyEpochs);
  }
}
