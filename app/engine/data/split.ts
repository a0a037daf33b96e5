/**
 * Train/dev/test splits as index lists over one shuffled pool, so the three come from the same
 * distribution (the course's rule) and never share a sample. Percentages round to whole samples;
 * counts are exact. A data set with its own test set takes only dev from the pool.
 */
import type { SplitConfig } from '../../graph/training.ts';
import { TrainingError } from '../training-errors.ts';
import { shuffledIndices } from './random.ts';
import type { Random } from './random.ts';

export interface SplitSizes {
  train: number;
  dev: number;
  test: number;
}

export interface SplitIndices {
  train: Int32Array;
  dev: Int32Array;
  test: Int32Array;
}

export const defaultSplit: SplitConfig = { unit: 'percent', dev: 10, test: 10 };

export function splitSizes(total: number, split: SplitConfig, ownTestSet: boolean): SplitSizes {
  const testAsked = ownTestSet ? 0 : split.test;
  if (split.unit === 'percent' && split.dev + testAsked >= 100) {
    throw new TrainingError(
      'E208',
      `Dev ${split.dev}% and test ${testAsked}% leave nothing to train on; together they must stay under 100%.`,
    );
  }
  const size = (amount: number) =>
    split.unit === 'percent' ? Math.round((total * amount) / 100) : Math.floor(amount);
  const dev = size(split.dev);
  const test = size(testAsked);
  const train = total - dev - test;
  if (train < 1) {
    throw new TrainingError(
      'E208',
      `The data has ${total} samples; a dev split of ${dev} and a test split of ${test} leave ${Math.max(train, 0)} to train on. Ask for smaller splits.`,
    );
  }
  return { train, dev, test };
}

/** Dev first, then test, then train, from one seeded shuffle of the pool. */
export function splitIndices(total: number, sizes: SplitSizes, random: Random): SplitIndices {
  const order = shuffledIndices(total, random);
  return {
    dev: order.slice(0, sizes.dev),
    test: order.slice(sizes.dev, sizes.dev + sizes.test),
    train: order.slice(sizes.dev + sizes.test, sizes.dev + sizes.test + sizes.train),
  };
}
