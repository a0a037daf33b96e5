/**
 * The training dashboard's pure parts: round-number axis ticks (checked against ticks worked out
 * by hand), the live-run reducer fed a run's events, and the run-configuration edit.
 */
import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../app/graph/training.ts';
import { trainingConfigSchema } from '../../app/graph/training.ts';
import {
  batchSizeHint,
  effectiveConfig,
  setField,
  suggestedDataset,
  withTrainingConfig,
} from '../../renderer/training/config-model.ts';
import {
  MAX_BATCH_POINTS,
  applyEvent,
  endRun,
  fromStatus,
  progressOf,
  startedRun,
} from '../../renderer/training/live-run.ts';
import { formatTick, integerTicks, niceTicks } from '../../renderer/training/ticks.ts';
import { chain } from '../helpers/docs.ts';

describe('axis ticks', () => {
  it.each([
    // [low, high, wanted] → ticks by hand: the range over `wanted`, rounded up to 1, 2, 2.5 or 5 × 10^k.
    [0, 0.93, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0.18, 0.71, 5, [0, 0.2, 0.4, 0.6, 0.8]],
    [0, 1, 4, [0, 0.25, 0.5, 0.75, 1]],
    [3, 97, 4, [0, 25, 50, 75, 100]],
    [-1.3, 2.2, 4, [-2, -1, 0, 1, 2, 3]],
    [1200, 48000, 5, [0, 10000, 20000, 30000, 40000, 50000]],
  ])('niceTicks(%d, %d, %d)', (low, high, wanted, values) => {
    const ticks = niceTicks(low, high, wanted);
    expect(ticks.values).toEqual(values);
    expect(ticks.min).toBeLessThanOrEqual(low);
    expect(ticks.max).toBeGreaterThanOrEqual(high);
  });

  it('opens a window around a flat series instead of dividing by zero', () => {
    const ticks = niceTicks(0.5, 0.5, 4);
    expect(ticks.min).toBeLessThan(0.5);
    expect(ticks.max).toBeGreaterThan(0.5);
  });

  it('never puts an epoch tick at a fraction', () => {
    expect(integerTicks(0, 1.4, 6).values).toEqual([0, 1, 2]);
    expect(integerTicks(0, 37, 4).values).toEqual([0, 10, 20, 30, 40]);
  });

  it.each([
    [0.25, 0.25, '0.25'],
    [0.5, 0.25, '0.50'],
    [0.4, 0.2, '0.4'],
    [30, 10, '30'],
    [0, 0.1, '0'],
    [0.00002, 0.00001, '2.0e-5'],
  ])('formatTick(%d, step %d) is %s', (value, step, text) => {
    expect(formatTick(value, step)).toBe(text);
  });
});

const start: TrainingEvent = {
  type: 'start',
  backend: { name: 'wasm', reason: 'test' },
  preflight: {
    memory: {
      weightsBytes: 0,
      gradientsBytes: 0,
      optimizerStateBytes: 0,
      activationBytes: 0,
      totalBytes: 0,
      availableBytes: null,
      fits: true,
    },
    secondsPerEpoch: 1,
    warnings: [],
  },
  samples: { train: 40, dev: 10, test: 10 },
  batchesPerEpoch: 4,
  epochs: 10,
};

function batch(epoch: number, n: number, loss = 1 / (epoch * 4 + n)): TrainingEvent {
  return {
    type: 'batch',
    epoch,
    batch: n,
    batchesPerEpoch: 4,
    loss,
    metrics: { accuracy: 0.5 },
    learningRate: 0.01,
    samplesPerSecond: 100,
    etaSeconds: 5,
  };
}

function epoch(n: number): TrainingEvent {
  return {
    type: 'epoch',
    record: {
      epoch: n,
      loss: 0.5,
      metrics: { accuracy: 0.7 },
      devLoss: 0.6,
      learningRate: 0.01,
      seconds: 1,
      samplesPerSecond: 40,
    },
    etaSeconds: 9 - n,
  };
}

describe('the live run', () => {
  it('places batches on the epoch axis and counts progress over the whole run', () => {
    let state = startedRun('r1', 'net.json');
    for (const event of [
      start,
      batch(1, 1),
      batch(1, 2),
      batch(1, 3),
      batch(1, 4),
      epoch(1),
      batch(2, 1),
    ]) {
      state = applyEvent(state, event);
    }
    // Batch 2 of 4 in epoch 1 sits at 0.5; batch 1 of epoch 2 at 1.25.
    expect(state.batches.map((b) => b.x)).toEqual([0.25, 0.5, 0.75, 1, 1.25]);
    expect(state.epochs.map((r) => r.epoch)).toEqual([1]);
    expect(state.phase).toBe('running');
    // 5 of 10 × 4 = 40 steps.
    expect(progressOf(state)).toMatchObject({ fraction: 5 / 40, epoch: 2, batch: 1, epochs: 10 });
  });

  it('counts whole epochs once the run ended, and a completed run fills the bar', () => {
    let state = [
      start,
      batch(1, 1),
      batch(1, 2),
      batch(1, 3),
      batch(1, 4),
      epoch(1),
      batch(2, 1),
    ].reduce(applyEvent, startedRun('r1', null));
    const stopped = endRun(state, {
      kind: 'done',
      savedRunId: null,
      summary: {
        status: 'stopped',
        epochs: [],
        bestEpoch: null,
        test: null,
        backend: { name: 'wasm', reason: '' },
      },
    });
    expect(progressOf(stopped)).toMatchObject({ epoch: 1, fraction: 4 / 40 });
    state = endRun(state, {
      kind: 'done',
      savedRunId: null,
      summary: {
        status: 'completed',
        epochs: [],
        bestEpoch: null,
        test: null,
        backend: { name: 'wasm', reason: '' },
      },
    });
    expect(progressOf(state)?.fraction).toBe(1);
  });

  it('averages neighbouring batch points in pairs past the cap, keeping the curve’s mean', () => {
    let state = applyEvent(startedRun('r1', null), start);
    const losses: number[] = [];
    let count = 0;
    for (let e = 1; count <= MAX_BATCH_POINTS; e++) {
      for (let b = 1; b <= 4; b++, count++) {
        const loss = Math.sin(count) + 2;
        losses.push(loss);
        state = applyEvent(state, batch(e, b, loss));
      }
    }
    expect(state.batches.length).toBeLessThanOrEqual(MAX_BATCH_POINTS);
    expect(state.batches.length).toBeGreaterThan(MAX_BATCH_POINTS / 2);
    const xs = state.batches.map((p) => p.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // Pairwise averaging keeps the sum over the averaged part; compare the means.
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(state.batches.map((p) => p.loss))).toBeCloseTo(mean(losses), 1);
  });

  it('a window opened mid-run rebuilds the same state from training.status', () => {
    const events = [start, batch(1, 1), batch(1, 4), epoch(1), batch(2, 2)];
    const live = events.reduce(applyEvent, startedRun('r9', 'a.json'));
    const replayed = fromStatus({
      runId: 'r9',
      documentPath: 'a.json',
      startedAt: '',
      stopping: false,
      events,
    });
    expect(replayed).toEqual(live);
    expect(
      fromStatus({ runId: 'r9', documentPath: null, startedAt: '', stopping: true, events }).phase,
    ).toBe('stopping');
  });
});

describe('the run configuration in the document', () => {
  const planarNet = chain(
    ['x', 'Input', { kind: 'vector', shape: [2] }],
    ['h', 'Dense', { units: 4, activation: 'tanh' }],
    ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
    ['loss', 'BinaryCrossentropyLoss'],
  );
  const digitNet = chain(
    ['x', 'Input', { kind: 'image', shape: [28, 28, 1] }],
    ['f', 'Flatten'],
    ['out', 'Dense', { units: 10, activation: 'softmax' }],
    ['loss', 'CategoricalCrossentropyLoss'],
  );

  it('suggests the built-in data set that fits the input', () => {
    expect(suggestedDataset(planarNet)).toBe('planar');
    expect(suggestedDataset(digitNet)).toBe('mnist');
    expect(suggestedDataset(chain(['x', 'Input', { kind: 'sequence', shape: [12, 3] }]))).toBe(
      'sequence',
    );
  });

  it('trains with the defaults and the suggestion until settings are saved, then with those', () => {
    const defaults = trainingConfigSchema.parse({});
    expect(effectiveConfig(planarNet)).toEqual({
      ...defaults,
      dataset: { source: 'builtin', name: 'planar', options: {} },
    });
    const edited = withTrainingConfig(
      planarNet,
      setField(effectiveConfig(planarNet), 'optimizer.learningRate', 0.05),
    );
    expect(edited.training?.optimizer.learningRate).toBe(0.05);
    expect(edited.training?.optimizer.type).toBe('adam');
    expect(effectiveConfig(edited)).toEqual(edited.training);
    expect(planarNet.training).toBeUndefined();
  });

  it('an edit that changes nothing, or an invalid one, returns the very same document', () => {
    const edited = withTrainingConfig(planarNet, effectiveConfig(planarNet));
    expect(withTrainingConfig(edited, effectiveConfig(edited))).toBe(edited);
    expect(withTrainingConfig(edited, setField(effectiveConfig(edited), 'epochs', 0))).toBe(edited);
  });

  it('names the gradient descent a batch size makes', () => {
    expect(batchSizeHint(1, 800)).toMatch(/^Stochastic/);
    expect(batchSizeHint(800, 800)).toMatch(
      /^Batch gradient descent: the whole training set \(800\)/,
    );
    // 800 samples in batches of 64: 12 full batches and one of 32.
    expect(batchSizeHint(64, 800)).toMatch(/^Mini-batch: 13 steps per epoch/);
  });
});
