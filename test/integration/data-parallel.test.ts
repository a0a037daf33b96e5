/**
 * Data-parallel training in real replica threads (TypeScript loaded through tsx), on the default
 * WebAssembly backend. The oracle is tfjs's own training step on the whole batch: averaging the
 * parts' gradients, weighted by part size, must take the same step. A thread that dies mid-run or
 * cannot start costs speed, never the run.
 */
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTensorflow } from '../../app/engine/backend.ts';
import type { BackendName } from '../../app/engine/backend.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { graphIO } from '../../app/engine/data/graph-io.ts';
import { openDataset } from '../../app/engine/data/open.ts';
import { createRandom } from '../../app/engine/data/random.ts';
import { resolveLosses } from '../../app/engine/losses.ts';
import type { LaunchReplica, ReplicaThread } from '../../app/engine/parallel/replicas.ts';
import type { Tensor, Tf } from '../../app/engine/tf.ts';
import { train } from '../../app/engine/train.ts';
import { createTrainStep } from '../../app/engine/train-step.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import type { BackendInfo, TrainingEvent } from '../../app/graph/training.ts';
import { trainingConfigSchema } from '../../app/graph/training.ts';
import { launchReplica, trainingThreads } from '../../main/training/replica-thread.ts';
import { loadNativeKernels } from '../../app/engine/kernels/native/addon.ts';
import { chain } from '../helpers/docs.ts';

let tf: Tf;
let backend: BackendInfo;
beforeAll(async () => {
  const loaded = await loadTensorflow('wasm');
  tf = loaded.tf;
  backend = { name: loaded.backend, reason: loaded.reason };
});

/** Threads started by a test's launcher, so the test can end them and nothing outlives it. */
const started: ReplicaThread[] = [];
afterAll(async () => {
  await Promise.all(started.map((t) => t.terminate()));
});
const recordingLauncher =
  (launch: LaunchReplica = launchReplica): LaunchReplica =>
  (init) => {
    const thread = launch(init);
    started.push(thread);
    return thread;
  };

const cnn = chain(
  ['x', 'Input', { kind: 'image', shape: [12, 12, 1] }],
  ['c1', 'Conv2D', { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }],
  ['p1', 'MaxPool2D', { poolSize: [2, 2] }],
  ['c2', 'Conv2D', { filters: 6, kernelSize: [3, 3], activation: 'relu' }],
  ['flat', 'Flatten'],
  ['out', 'Dense', { units: 5, activation: 'softmax' }],
  ['loss', 'SparseCategoricalCrossentropyLoss'],
);

describe('split batches', () => {
  it('three threads take the same steps as tfjs training on the whole batch', async () => {
    const momentum = {
      type: 'momentum',
      learningRate: 0.05,
      momentum: 0.9,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    } as const;
    // The oracle: tfjs's own optimizer and train step over the whole batch.
    const reference = compileToLayersModel(tf, cnn);
    reference.model.compile({
      optimizer: tf.train.momentum(momentum.learningRate, momentum.momentum),
      loss: resolveLosses(tf, reference.outputs),
      metrics: [tf.metrics.sparseCategoricalAccuracy],
    });
    const split = compileToLayersModel(tf, cnn);
    split.model.setWeights(reference.model.getWeights());
    const step = await createTrainStep({
      tf,
      backend: 'wasm',
      document: cnn,
      compiled: split,
      data: { input: { shape: [12, 12, 1], dtype: 'float32' }, labelWidth: 1 },
      // 50 samples in 3 threads: parts of 17, 17 and 16.
      config: { optimizer: momentum, batchSize: 50 },
      metrics: ['accuracy'],
      threads: 3,
      parallelism: 'data',
      launchReplica: recordingLauncher(),
    });
    expect(step.description).toMatch(/^3 training threads/);
    const random = createRandom(7);
    try {
      for (let i = 0; i < 5; i++) {
        const count = 50;
        const x = Float32Array.from({ length: count * 144 }, () => random.next());
        const y = Float32Array.from({ length: count }, () => random.int(5));
        const [xs, ys] = [tf.tensor(x, [count, 12, 12, 1]), tf.tensor(y, [count, 1])];
        const expected = (await reference.model.trainOnBatch(xs, ys)) as number[];
        tf.dispose([xs, ys]);
        const { values, finite } = await step.run({ x, y, raw: y, count });
        expect(finite).toBe(true);
        // Loss and accuracy of the whole batch, from the parts.
        expect(values[0]).toBeCloseTo(expected[0] as number, 5);
        expect(values[1]).toBeCloseTo(expected[1] as number, 5);
        const want = reference.model.getWeights().map((w) => w.dataSync());
        const got = split.model.getWeights().map((w) => w.dataSync());
        want.forEach((w, k) => {
          const scale = Math.max(1, ...Array.from(w, Math.abs));
          const diff = Math.max(...Array.from(w, (v, j) => Math.abs(v - (got[k]?.[j] ?? NaN))));
          expect(diff / scale).toBeLessThan(1e-5);
        });
      }
    } finally {
      await step.close();
      reference.model.dispose();
      split.model.dispose();
    }
  }, 60_000);
});

describe.skipIf(!loadNativeKernels().kernels)('native kernels on two threads', () => {
  it('take the same steps as on one thread', async () => {
    const sgd = {
      ...trainingConfigSchema.parse({}).optimizer,
      type: 'sgd',
      learningRate: 0.1,
    } as const;
    // Both start from the same weights, set before the steps read them.
    const models = [compileToLayersModel(tf, cnn), compileToLayersModel(tf, cnn)] as const;
    models[1].model.setWeights(models[0].model.getWeights());
    const [one, two] = await Promise.all(
      models.map(async (compiled, i) => ({
        compiled,
        step: await createTrainStep({
          tf,
          backend: 'wasm',
          document: cnn,
          compiled,
          data: { input: { shape: [12, 12, 1], dtype: 'float32' }, labelWidth: 1 },
          config: { optimizer: sgd, batchSize: 32 },
          metrics: [],
          threads: i + 1,
          parallelism: 'kernels',
        }),
      })),
    );
    if (!one || !two) throw new Error('two steps expected');
    expect(two.step.description).toBe('one training thread, its native kernels on 2 threads');
    const random = createRandom(3);
    try {
      for (let i = 0; i < 3; i++) {
        const x = Float32Array.from({ length: 32 * 144 }, () => random.next());
        const y = Float32Array.from({ length: 32 }, () => random.int(5));
        const batch = { x, y, raw: y, count: 32 };
        // Each thread sets its kernels' thread count for itself, so the two can interleave here.
        const [a, b] = [await one.step.run(batch), await two.step.run(batch)];
        expect(b.values[0]).toBeCloseTo(a.values[0] as number, 5);
      }
      const [wa, wb] = [one, two].map((s) =>
        s.compiled.model.getWeights().map((w) => w.dataSync()),
      );
      wa?.forEach((w, k) =>
        w.forEach((v, j) => expect(Math.abs(v - (wb?.[k]?.[j] ?? NaN))).toBeLessThan(1e-5)),
      );
    } finally {
      for (const s of [one, two]) {
        await s.step.close();
        s.compiled.model.dispose();
      }
    }
  });
});

const moonsNet = chain(
  ['x', 'Input', { kind: 'vector', shape: [2] }],
  ['h', 'Dense', { units: 8, activation: 'tanh' }],
  ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
  ['loss', 'BinaryCrossentropyLoss'],
);
const moonsConfig = trainingConfigSchema.parse({
  epochs: 3,
  batchSize: 32,
  optimizer: { type: 'sgd', learningRate: 0.3 },
  dataset: { name: 'moons' },
});

/** Weights every moons run starts from. */
let initial: Tensor[] | null = null;

async function trainMoons(threads: number, launch?: LaunchReplica, onBatch?: () => void) {
  const document: GraphDocument = moonsNet;
  const sources = await openDataset(
    moonsConfig.dataset ?? { source: 'builtin', name: 'moons', options: {} },
    graphIO(document),
    moonsConfig.seed,
  );
  initial ??= tf.tidy(() => {
    const compiled = compileToLayersModel(tf, document);
    const weights = compiled.model.getWeights().map((w) => tf.keep(w.clone()));
    compiled.model.dispose();
    return weights;
  });
  const start = initial;
  const result = await train({
    tf,
    backend,
    document,
    config: moonsConfig,
    sources,
    threads,
    parallelism: 'data',
    // Every run starts from the same weights, so runs can be compared number for number.
    initialWeights: (model) => Promise.resolve(model.setWeights(start)),
    onEvent: (event: TrainingEvent) => event.type === 'batch' && onBatch?.(),
    ...(launch ? { launchReplica: launch } : {}),
  });
  result.model.dispose();
  return result.summary;
}

describe('threads that fail', () => {
  it('a thread that dies mid-run: its part is trained here and the run ends as one thread would', async () => {
    let thread: ReplicaThread | null = null;
    let batches = 0;
    const launch = recordingLauncher((init) => (thread = launchReplica(init)));
    const [alone, interrupted] = [
      await trainMoons(1),
      await trainMoons(2, launch, () => {
        if (++batches === 3) void thread?.terminate();
      }),
    ];
    expect(alone.backend.reason).toMatch(/one training thread$/);
    expect(interrupted.backend.reason).toMatch(/2 training threads/);
    expect(interrupted.status).toBe('completed');
    expect(interrupted.warnings).toHaveLength(1);
    expect(interrupted.warnings?.[0]).toMatch(/^W203 A training thread stopped \(.+\)/);
    // Same data, same starting weights, same steps: the same run, up to rounding.
    expect(interrupted.epochs).toHaveLength(3);
    interrupted.epochs.forEach((epoch, i) =>
      expect(epoch.loss).toBeCloseTo(alone.epochs[i]?.loss as number, 4),
    );
    expect(interrupted.test?.loss).toBeCloseTo(alone.test?.loss as number, 4);
  }, 60_000);

  it('with three threads, one that cannot start leaves two, whose parts grow to fit', async () => {
    let launched = 0;
    const launch = recordingLauncher((init) =>
      launchReplica(++launched === 1 ? { ...init, backend: 'tensorflow' } : init),
    );
    const summary = await trainMoons(3, launch);
    expect(summary.status).toBe('completed');
    expect(summary.backend.reason).toMatch(/; 2 training threads/);
    expect(summary.warnings).toHaveLength(1);
  }, 60_000);

  it('a thread that cannot start leaves the run on this thread, with a warning', async () => {
    const broken: BackendName = 'tensorflow';
    const launch = recordingLauncher((init) => launchReplica({ ...init, backend: broken }));
    const summary = await trainMoons(2, launch);
    expect(summary.status).toBe('completed');
    expect(summary.backend.reason).toMatch(/one training thread$/);
    expect(summary.warnings?.[0]).toMatch(
      /^W203 a training thread could not start: .*tfjs-node is not installed.*; training goes on without it\.$/,
    );
  }, 60_000);
});

describe('how many threads', () => {
  it.each([
    [{ NETWRIGHT_TRAINING_THREADS: '1' }, 1],
    [{ NETWRIGHT_TRAINING_THREADS: '3' }, 3],
    [{ NETWRIGHT_TRAINING_THREADS: '' }, 'default'],
    [{}, 'default'],
  ] as const)('%o gives %s', (env, expected) => {
    // One thread per core, at most four.
    const byDefault = Math.min(availableParallelism(), 4);
    expect(trainingThreads(env)).toBe(expected === 'default' ? byDefault : expected);
  });

  it.each(['0', '-2', '1.5', 'two', '65'])('refuses NETWRIGHT_TRAINING_THREADS=%s', (value) => {
    expect(() => trainingThreads({ NETWRIGHT_TRAINING_THREADS: value })).toThrow(
      `NETWRIGHT_TRAINING_THREADS=${value} is not a thread count`,
    );
  });
});
