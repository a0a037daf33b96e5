import { describe, expect, it } from 'vitest';
import { preflight } from '../../app/engine/preflight.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { trainingConfigSchema } from '../../app/graph/training.ts';
import { chain } from '../helpers/docs.ts';

// 2 → 16 → 1: 2·16 + 16 + 16·1 + 1 = 65 parameters, all trainable.
const doc = chain(
  ['x', 'Input', { kind: 'vector', shape: [2] }],
  ['h', 'Dense', { units: 16 }],
  ['out', 'Dense', { units: 1 }],
  ['loss', 'MeanSquaredErrorLoss'],
);

describe('the pre-flight estimate', () => {
  const inference = inferGraph(doc);
  const estimate = (optimizer: string, availableBytes: number | null, extra: object = {}) =>
    preflight({
      inference,
      config: trainingConfigSchema.parse({
        batchSize: 32,
        optimizer: { type: optimizer },
        ...extra,
      }),
      trainSamples: 1000,
      devSamples: 0,
      backend: 'cpu',
      availableBytes,
    });

  it('counts weights, gradients and per-optimizer state from the parameter count', () => {
    expect(inference.totals.params.total).toBe(65);
    const adam = estimate('adam', null).memory;
    expect([adam.weightsBytes, adam.gradientsBytes, adam.optimizerStateBytes]).toEqual([
      260, 260, 520,
    ]);
    expect(estimate('sgd', null).memory.optimizerStateBytes).toBe(0);
    expect(estimate('momentum', null).memory.optimizerStateBytes).toBe(260);
    // Activations (and their gradients) for one batch of 32.
    expect(adam.activationBytes).toBe(2 * 32 * inference.totals.activationBytes);
    expect(adam.totalBytes).toBe(260 + 260 + 520 + adam.activationBytes);
  });

  it('warns, with the figures, when training will not fit', () => {
    const tight = estimate('adam', 1000);
    expect(tight.memory.fits).toBe(false);
    expect(tight.warnings[0]).toMatch(
      /^W201 Training needs about \d+ KB \(weights 1 KB, .*batch of 32.*\) but the cpu backend can use about 1 KB\. Use a smaller batch size/,
    );
    expect(estimate('adam', 10 ** 9).warnings).toEqual([]);
  });

  it('warns that early stopping is off without a dev split', () => {
    const run = estimate('adam', null, { earlyStopping: { enabled: true } });
    expect(run.warnings).toEqual([
      'W202 Early stopping watches a dev metric, but the dev split is empty; it is off for this run.',
    ]);
  });
});
