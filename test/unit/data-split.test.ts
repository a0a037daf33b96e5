import { describe, expect, it } from 'vitest';
import { createRandom } from '../../app/engine/data/random.ts';
import { splitIndices, splitSizes } from '../../app/engine/data/split.ts';

describe('split sizes', () => {
  it.each([
    [
      '10% / 10% of 1,000',
      1000,
      { unit: 'percent', dev: 10, test: 10 },
      false,
      { train: 800, dev: 100, test: 100 },
    ],
    [
      'percentages round to whole samples',
      7,
      { unit: 'percent', dev: 15, test: 15 },
      false,
      { train: 5, dev: 1, test: 1 },
    ],
    [
      'counts are exact (big data: 10,000 each)',
      1_000_000,
      { unit: 'count', dev: 10_000, test: 10_000 },
      false,
      { train: 980_000, dev: 10_000, test: 10_000 },
    ],
    [
      'a data set with its own test set takes only dev',
      60_000,
      { unit: 'percent', dev: 10, test: 10 },
      true,
      { train: 54_000, dev: 6_000, test: 0 },
    ],
    [
      'no dev and no test',
      50,
      { unit: 'count', dev: 0, test: 0 },
      false,
      { train: 50, dev: 0, test: 0 },
    ],
  ] as const)('%s', (_name, total, split, ownTest, expected) => {
    expect(splitSizes(total, split, ownTest)).toEqual(expected);
  });

  it.each([
    [
      'percentages that leave nothing',
      100,
      { unit: 'percent', dev: 50, test: 50 },
      /^E208 Dev 50% and test 50% leave nothing to train on/,
    ],
    [
      'counts larger than the data',
      100,
      { unit: 'count', dev: 60, test: 40 },
      /^E208 The data has 100 samples; a dev split of 60 and a test split of 40 leave 0 to train on/,
    ],
  ] as const)('refuses %s', (_name, total, split, message) => {
    expect(() => splitSizes(total, split, false)).toThrow(message);
  });
});

describe('split indices', () => {
  const sizes = { train: 70, dev: 20, test: 10 };
  it('are disjoint, cover the pool and have the asked sizes', () => {
    const parts = splitIndices(100, sizes, createRandom(5));
    expect([parts.train.length, parts.dev.length, parts.test.length]).toEqual([70, 20, 10]);
    const all = [...parts.train, ...parts.dev, ...parts.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('repeat for a seed and differ between seeds', () => {
    const a = splitIndices(100, sizes, createRandom(5));
    expect(splitIndices(100, sizes, createRandom(5))).toEqual(a);
    expect(splitIndices(100, sizes, createRandom(6)).dev).not.toEqual(a.dev);
  });

  it('mix the pool: a dev split of a sorted pool is not a block', () => {
    const { dev } = splitIndices(1000, { train: 800, dev: 100, test: 100 }, createRandom(1));
    // A uniform sample of 100 from 0…999 has a mean near 500 (standard error about 29).
    const mean = dev.reduce((a, b) => a + b, 0) / dev.length;
    expect(Math.abs(mean - 499.5)).toBeLessThan(150);
  });
});
