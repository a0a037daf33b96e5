/**
 * Training in a real worker thread (TypeScript loaded through tsx): progress streams back, Stop
 * works across the thread boundary, and a worker that throws or runs out of memory is reported
 * while the parent carries on. The CLI's `train` command runs through the same worker.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../app/graph/training.ts';
import { trainingConfigSchema } from '../../app/graph/training.ts';
import { main } from '../../main/cli/index.ts';
import { listRuns } from '../../main/runs/runs.ts';
import { startTraining, TrainingFailure } from '../../main/training/host.ts';
import type { TrainRequest } from '../../main/training/messages.ts';
import { parallelismEnvVar, threadsEnvVar } from '../../main/training/replica-thread.ts';
import { chain } from '../helpers/docs.ts';

let scratch = '';
beforeAll(() => void (scratch = mkdtempSync(join(tmpdir(), 'netwright-worker-'))));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const moonsNet = chain(
  ['x', 'Input', { kind: 'vector', shape: [2] }],
  ['h', 'Dense', { units: 8, activation: 'tanh' }],
  ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
  ['loss', 'BinaryCrossentropyLoss'],
);

function request(epochs: number, extra: Partial<TrainRequest> = {}): TrainRequest {
  return {
    document: moonsNet,
    config: trainingConfigSchema.parse({
      epochs,
      batchSize: 16,
      optimizer: { type: 'adam', learningRate: 0.02 },
      dataset: { name: 'moons' },
    }),
    backend: 'cpu',
    ...extra,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<TrainingFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TrainingFailure) return err;
    throw err;
  }
  throw new Error('the run was expected to fail');
}

describe('the training worker', () => {
  it('streams progress and saves the run beside the document, trained by two threads', async () => {
    const events: TrainingEvent[] = [];
    const documentPath = join(scratch, 'moons.json');
    const run = startTraining(request(3, { documentPath }), {
      onEvent: (e) => events.push(e),
      env: { [threadsEnvVar]: '2', [parallelismEnvVar]: 'data' },
    });
    const { summary, runDir } = await run.finished;
    expect(summary.backend.reason).toMatch(/; 2 training threads, each computing/);
    expect(summary.warnings).toBeUndefined();
    expect(summary.status).toBe('completed');
    expect(events[0]?.type).toBe('start');
    const batches = events.filter((e) => e.type === 'batch');
    // 1,000 moons: 800 train samples in batches of 16.
    expect(batches).toHaveLength(3 * 50);
    expect(
      events.filter((e) => e.type === 'epoch').map((e) => e.type === 'epoch' && e.record.epoch),
    ).toEqual([1, 2, 3]);
    expect(events.at(-1)?.type).toBe('test');
    expect(summary.backend.name).toBe('cpu');
    const runs = await listRuns(documentPath);
    expect(runs.map((r) => r.dir)).toEqual([runDir]);
    expect(JSON.parse(readFileSync(join(runDir as string, 'document.json'), 'utf8'))).toEqual(
      moonsNet,
    );
  });

  it('stops within one batch of being asked', async () => {
    // Batches of a CNN on the plain-JS backend take far longer than a message between threads,
    // so "at most one more batch" measures the worker, not the machine's load.
    const cnn = chain(
      ['x', 'Input', { kind: 'image', shape: [28, 28, 1] }],
      ['conv', 'Conv2D', { filters: 8, kernelSize: [3, 3], activation: 'relu' }],
      ['flat', 'Flatten'],
      ['out', 'Dense', { units: 10, activation: 'softmax' }],
      ['loss', 'CategoricalCrossentropyLoss'],
    );
    const config = trainingConfigSchema.parse({
      epochs: 5,
      batchSize: 64,
      dataset: { name: 'mnist', limit: 1000 },
    });
    let batches = 0;
    let batchesWhenAsked = -1;
    const run = startTraining(
      { document: cnn, config, backend: 'cpu' },
      {
        onEvent: (e) => {
          if (e.type !== 'batch') return;
          batches++;
          if (batches === 2) {
            batchesWhenAsked = batches;
            run.stop();
          }
        },
      },
    );
    const { summary } = await run.finished;
    expect(summary.status).toBe('stopped');
    // The Stop message crosses the thread while at most one more batch trains.
    expect(batches - batchesWhenAsked).toBeLessThanOrEqual(1);
  });

  it('reports a worker that crashes, and the parent trains again afterwards', async () => {
    let faulted = false;
    const run = startTraining(request(200), {
      testHooks: true,
      onEvent: (e) => {
        if (e.type === 'batch' && !faulted) {
          faulted = true;
          run.injectFault('throw');
        }
      },
    });
    const failure = await failureOf(run.finished);
    expect(failure.kind).toBe('crash');
    expect(failure.message).toMatch(
      /^The training worker crashed: fault injected by a test \(worker exited with code 1\)\.$/,
    );

    const again = await startTraining(request(1)).finished;
    expect(again.summary.status).toBe('completed');
  });

  it('reports a worker that runs out of memory', async () => {
    let faulted = false;
    const run = startTraining(request(200), {
      testHooks: true,
      maxHeapMb: 200,
      onEvent: (e) => {
        if (e.type === 'batch' && !faulted) {
          faulted = true;
          run.injectFault('exhaust-memory');
        }
      },
    });
    const failure = await failureOf(run.finished);
    expect(failure.kind).toBe('out-of-memory');
    expect(failure.message).toMatch(/ran out of memory \(worker exited with code \d+\)/);
  });

  it('reports a coded problem from the worker as an error, not a crash', async () => {
    const run = startTraining({
      ...request(1),
      config: { ...request(1).config, dataset: { source: 'builtin', name: 'iris', options: {} } },
    });
    const failure = await failureOf(run.finished);
    expect(failure.kind).toBe('error');
    expect(failure.code).toBe('E210');
    expect(failure.message).toMatch(/^E210 There is no built-in data set "iris"/);
  });
});

describe('netwright train', () => {
  let file = '';
  beforeAll(() => {
    file = join(scratch, 'xor.json');
    writeFileSync(file, JSON.stringify(moonsNet));
  });

  it('trains a document file, prints epochs, test metrics and the backend, and saves the run', async () => {
    let out = '';
    let err = '';
    const code = await main(
      [
        'train',
        file,
        '--dataset',
        'xor',
        '--epochs',
        '2',
        '--lr',
        '0.05',
        '--batch-size',
        '32',
        '--backend',
        'cpu',
      ],
      { out: (t) => void (out += t), err: (t) => void (err += t) },
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(
      /^Training on xor: 800 train, 100 dev, 100 test samples; 2 epochs of 25 batches\.$/m,
    );
    expect(out).toMatch(/^epoch 1\/2 {2}loss \d\.\d{4} {2}accuracy \d\.\d{4} {2}dev loss/m);
    expect(out).toMatch(/^epoch 2\/2 /m);
    expect(out).toMatch(/^Test: loss \d\.\d{4} {2}accuracy \d\.\d{4}$/m);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^Backend: cpu \(.+\)$/);
    expect(await listRuns(file)).toHaveLength(1);
  });

  it('refuses an unknown data set as a usage error', async () => {
    let err = '';
    const code = await main(['train', file, '--dataset', 'iris'], {
      out: () => undefined,
      err: (t) => void (err += t),
    });
    expect(code).toBe(2);
    expect(err).toMatch(/^netwright train: unknown --dataset "iris"/);
  });
});
