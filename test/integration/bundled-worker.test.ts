/**
 * The training worker as the desktop app ships it: bundled by main/build.js into dist/main/, where
 * it must find its replica threads' bundle beside it (a wrong path would silently cost the second
 * thread, so the run's reason is checked for two threads and no warning).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainingConfigSchema } from '../../app/graph/training.ts';
import { startTraining } from '../../main/training/host.ts';
import { parallelismEnvVar, threadsEnvVar } from '../../main/training/replica-thread.ts';
import { chain } from '../helpers/docs.ts';

const dist = new URL('../../dist/main/', import.meta.url);

const bundles = ['training-worker.mjs', 'training-replica.mjs'];

beforeAll(() => {
  // A bundle left from an earlier build must not stand in for one this build failed to write.
  for (const file of bundles) rmSync(fileURLToPath(new URL(file, dist)), { force: true });
  const built = spawnSync(process.execPath, ['main/build.js'], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
}, 120_000);

describe('the bundled training worker', () => {
  it('trains with a replica thread from the bundled replica', async () => {
    for (const file of bundles) {
      expect(existsSync(fileURLToPath(new URL(file, dist)))).toBe(true);
    }
    const run = startTraining(
      {
        document: chain(
          ['x', 'Input', { kind: 'vector', shape: [2] }],
          ['h', 'Dense', { units: 8, activation: 'tanh' }],
          ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
          ['loss', 'BinaryCrossentropyLoss'],
        ),
        config: trainingConfigSchema.parse({
          epochs: 2,
          batchSize: 32,
          optimizer: { type: 'adam', learningRate: 0.02 },
          dataset: { name: 'moons' },
        }),
        backend: 'wasm',
      },
      {
        workerUrl: new URL('training-worker.mjs', dist),
        env: { [threadsEnvVar]: '2', [parallelismEnvVar]: 'data' },
      },
    );
    const { summary } = await run.finished;
    expect(summary.status).toBe('completed');
    expect(summary.backend.reason).toMatch(/; 2 training threads/);
    expect(summary.warnings).toBeUndefined();
    expect(summary.test?.metrics.accuracy).toBeGreaterThan(0.75);
  }, 60_000);
});
