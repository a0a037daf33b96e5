/**
 * The training engine end to end on real (small) models, on the default WebAssembly backend with
 * Netwright's kernels: it learns, it stops, it catches divergence, it refuses data that cannot
 * fit with coded errors, early stopping hands back the best weights, the schedule follows its
 * formula, splits are what was asked, and a saved run reloads to the same predictions.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTensorflow } from '../../app/engine/backend.ts';
import { graphIO } from '../../app/engine/data/graph-io.ts';
import { openDataset } from '../../app/engine/data/open.ts';
import { prepareData } from '../../app/engine/data/pipeline.ts';
import { createRandom } from '../../app/engine/data/random.ts';
import { memorySource } from '../../app/engine/data/source.ts';
import type { DataSources } from '../../app/engine/data/source.ts';
import type { Tf, Tensor } from '../../app/engine/tf.ts';
import { train } from '../../app/engine/train.ts';
import type { RunRecorder, TrainOptions } from '../../app/engine/train.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import type { BackendInfo, TrainingEvent } from '../../app/graph/training.ts';
import { trainingConfigSchema } from '../../app/graph/training.ts';
import {
  diskRecorder,
  listRuns,
  readRunMetrics,
  reloadRunModel,
  runsFolderFor,
} from '../../main/runs/runs.ts';
import { chain } from '../helpers/docs.ts';
import { rgbJpeg } from '../helpers/jpeg.ts';
import { rgbPng } from '../helpers/png.ts';

let tf: Tf;
let backend: BackendInfo;
let scratch = '';

beforeAll(async () => {
  const loaded = await loadTensorflow('wasm');
  tf = loaded.tf;
  backend = { name: loaded.backend, reason: loaded.reason };
  scratch = mkdtempSync(join(tmpdir(), 'netwright-training-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const mlp = (units = 16, outputs = 1) =>
  chain(
    ['x', 'Input', { kind: 'vector', shape: [2] }],
    ['h', 'Dense', { units, activation: 'tanh' }],
    ['out', 'Dense', { units: outputs, activation: outputs === 1 ? 'sigmoid' : 'softmax' }],
    ['loss', outputs === 1 ? 'BinaryCrossentropyLoss' : 'CategoricalCrossentropyLoss'],
  );

async function run(
  document: GraphDocument,
  config: unknown,
  extra: Partial<TrainOptions> & { sources?: DataSources } = {},
) {
  const parsed = trainingConfigSchema.parse(config);
  const sources =
    extra.sources ??
    (await openDataset(
      parsed.dataset ?? { source: 'builtin', name: 'planar', options: {} },
      graphIO(document),
      parsed.seed,
    ));
  const events: TrainingEvent[] = [];
  const result = await train({
    tf,
    backend,
    document,
    config: parsed,
    sources,
    onEvent: (e) => events.push(e),
    ...extra,
  });
  const batches = events.filter(
    (e): e is Extract<TrainingEvent, { type: 'batch' }> => e.type === 'batch',
  );
  return { ...result, events, batches };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

describe('learning', () => {
  it('an MLP on the planar flower reaches at least 90% test accuracy', async () => {
    const { summary, model } = await run(mlp(16), {
      epochs: 40,
      batchSize: 32,
      optimizer: { type: 'adam', learningRate: 0.01 },
      dataset: { name: 'planar', options: { count: 1000 } },
    });
    model.dispose();
    expect(summary.status).toBe('completed');
    expect(summary.test?.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('a small CNN on 2,000 MNIST digits: the loss falls and accuracy beats chance by far', async () => {
    const cnn = chain(
      ['x', 'Input', { kind: 'image', shape: [28, 28, 1] }],
      ['c1', 'Conv2D', { filters: 4, kernelSize: [3, 3], strides: [2, 2], activation: 'relu' }],
      ['c2', 'Conv2D', { filters: 8, kernelSize: [3, 3], strides: [2, 2], activation: 'relu' }],
      ['flat', 'Flatten'],
      ['out', 'Dense', { units: 10, activation: 'softmax' }],
      ['loss', 'CategoricalCrossentropyLoss'],
    );
    const { summary, batches, model } = await run(cnn, {
      epochs: 2,
      batchSize: 32,
      optimizer: { type: 'adam', learningRate: 0.003 },
      metrics: ['accuracy', 'f1'],
      dataset: { name: 'mnist', limit: 2000 },
    });
    model.dispose();
    // Ten classes: a first batch scores about ln 10 ≈ 2.3 and 10% accuracy by chance.
    expect(batches[0]?.loss).toBeGreaterThan(1.9);
    expect(summary.epochs.at(-1)?.loss).toBeLessThan(0.5 * (batches[0]?.loss ?? 0));
    expect(summary.test?.metrics.accuracy).toBeGreaterThan(0.6);
    expect(summary.test?.metrics.f1).toBeGreaterThan(0.5);
  });

  it('recurrent nets learn the sequence task from token ids and from one-hot steps', async () => {
    const config = {
      epochs: 3,
      batchSize: 32,
      optimizer: { type: 'adam', learningRate: 0.01 },
      dataset: { name: 'sequence', options: { count: 1000, task: 'contains' } },
    };
    const fromIds = chain(
      ['x', 'Input', { kind: 'tokens', shape: [10] }],
      ['embed', 'Embedding', { inputDim: 8, outputDim: 8 }],
      ['gru', 'GRU', { units: 16 }],
      ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
      ['loss', 'BinaryCrossentropyLoss'],
    );
    const fromOneHot = chain(
      ['x', 'Input', { kind: 'sequence', shape: [10, 8] }],
      ['rnn', 'SimpleRNN', { units: 16 }],
      ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
      ['loss', 'BinaryCrossentropyLoss'],
    );
    for (const net of [fromIds, fromOneHot]) {
      const { summary, model } = await run(net, config);
      model.dispose();
      // Half the sequences hold token 0: guessing scores 50%.
      expect(summary.test?.metrics.accuracy).toBeGreaterThan(0.85);
    }
  });

  it('an image folder (one subfolder per class, PNG and JPEG) trains, resized and augmented', async () => {
    const folder = join(scratch, 'colors');
    const random = createRandom(7);
    for (const [name, base] of [
      ['red', [200, 40, 40]],
      ['blue', [40, 40, 200]],
    ] as const) {
      mkdirSync(join(folder, name), { recursive: true });
      for (let i = 0; i < 20; i++) {
        const pixel = () =>
          base.map((v) => Math.round(v + (random.next() - 0.5) * 60)) as [number, number, number];
        // Every other image is a JPEG, so both decoders feed the same run.
        if (i % 2 === 0) writeFileSync(join(folder, name, `${i}.png`), rgbPng(8, 8, pixel));
        else writeFileSync(join(folder, name, `${i}.jpg`), rgbJpeg(8, 8, pixel));
      }
    }
    const net = chain(
      ['x', 'Input', { kind: 'image', shape: [4, 4, 3] }],
      ['flat', 'Flatten'],
      ['out', 'Dense', { units: 2, activation: 'softmax' }],
      ['loss', 'CategoricalCrossentropyLoss'],
    );
    const { summary, model } = await run(net, {
      epochs: 15,
      batchSize: 8,
      optimizer: { type: 'adam', learningRate: 0.05 },
      split: { unit: 'count', dev: 8, test: 8 },
      augmentation: { flipHorizontal: true, shift: 1 },
      dataset: { source: 'images', path: folder },
    });
    model.dispose();
    expect(summary.test?.metrics.accuracy).toBe(1);
  });
});

describe('control', () => {
  it('Stop takes effect before the next batch', async () => {
    let seen = 0;
    const { summary, model } = await run(
      mlp(),
      { epochs: 5, batchSize: 10, dataset: { name: 'moons' } },
      {
        onEvent: (e) => void (e.type === 'batch' && seen++),
        shouldStop: () => seen >= 3,
      },
    );
    model.dispose();
    expect(summary.status).toBe('stopped');
    expect(seen).toBe(3);
    expect(summary.epochs).toEqual([]);
  });

  it('a learning rate far too high diverges: the run stops at the batch with the NaN and says what to try', async () => {
    // Linear regression by SGD at rate 10 on points of radius up to 4: every step multiplies the
    // error by about 2 · 10 · |x|², so the loss overflows within a few batches, whatever the init.
    const linear = chain(
      ['x', 'Input', { kind: 'vector', shape: [2] }],
      ['out', 'Dense', { units: 1 }],
      ['loss', 'MeanSquaredErrorLoss'],
    );
    const { summary, batches, model } = await run(linear, {
      epochs: 3,
      batchSize: 10,
      optimizer: { type: 'sgd', learningRate: 10 },
      dataset: { name: 'planar' },
    });
    model.dispose();
    expect(summary.status).toBe('diverged');
    const problem = summary.problem;
    expect(problem?.code).toBe('E209');
    const lastInEpoch = batches.filter((b) => b.epoch === problem?.epoch).at(-1)?.batch ?? 0;
    expect(problem?.batch).toBe(lastInEpoch + 1);
    expect(problem?.message).toContain(`epoch ${problem?.epoch}, batch ${problem?.batch}`);
    expect(problem?.message).toMatch(/lower learning rate .* normalize the inputs/);
    expect(summary.test).toBeNull();
  });

  it('a NaN in the data is caught at the batch that holds it, and blamed on the data', async () => {
    const count = 200;
    const x = new Float32Array(count * 2).map((_, i) => Math.sin(i));
    const y = new Float32Array(count).map((_, i) => i % 2);
    const poisoned = 137;
    x[poisoned * 2] = NaN;
    const sources = {
      pool: memorySource({
        description: 'poisoned',
        x,
        y,
        featureShape: [2],
        featureKind: 'vector',
        labels: { kind: 'classes', classNames: ['0', '1'] },
      }),
    };
    const config = trainingConfigSchema.parse({
      epochs: 1,
      batchSize: 16,
      split: { unit: 'count', dev: 0, test: 0 },
    });
    // Oracle: the data pipeline alone says which batch of epoch 1 carries the NaN.
    const data = await prepareData(sources, graphIO(mlp()), config);
    let expected = 0;
    let index = 0;
    for await (const batch of data.batches('train', 16, 0)) {
      index++;
      if (batch.x.some(Number.isNaN)) expected = index;
    }
    const { summary, model } = await run(mlp(), config, { sources });
    model.dispose();
    expect(summary.problem?.code).toBe('E209');
    expect(summary.problem?.batch).toBe(expected);
    expect(summary.problem?.message).toMatch(/NaN or infinite inputs/);
  });

  it('early stopping hands back the weights of the best dev epoch', async () => {
    // Random labels: the net memorizes the training split while its dev loss climbs.
    const random = createRandom(3);
    const n = 120;
    const x = new Float32Array(n * 8).map(() => random.normal());
    const y = new Float32Array(n).map(() => random.int(2));
    const sources = {
      pool: memorySource({
        description: 'noise',
        x,
        y,
        featureShape: [8],
        featureKind: 'vector',
        labels: { kind: 'classes', classNames: ['0', '1'] },
      }),
    };
    const net = chain(
      ['x', 'Input', { kind: 'vector', shape: [8] }],
      ['h1', 'Dense', { units: 64, activation: 'relu' }],
      ['h2', 'Dense', { units: 64, activation: 'relu' }],
      ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
      ['loss', 'BinaryCrossentropyLoss'],
    );
    const saved: Record<string, Tensor[]> = {};
    const recorder: RunRecorder = {
      begin: () => Promise.resolve(),
      epoch: () => Promise.resolve(),
      end: () => Promise.resolve(),
      weights: (kind, model) => {
        tf.dispose(saved[kind] ?? []);
        saved[kind] = model.getWeights().map((w) => tf.keep(w.clone()));
        return Promise.resolve();
      },
    };
    const patience = 2;
    const { summary, model } = await run(
      net,
      {
        epochs: 60,
        batchSize: 16,
        optimizer: { type: 'adam', learningRate: 0.01 },
        split: { unit: 'count', dev: 40, test: 0 },
        earlyStopping: { enabled: true, monitor: 'devLoss', patience, restoreBest: true },
      },
      { sources, recorder },
    );
    expect(summary.status).toBe('early-stopped');
    const devLosses = summary.epochs.map((e) => e.devLoss as number);
    const best = summary.bestEpoch as number;
    expect(devLosses[best - 1]).toBe(Math.min(...devLosses));
    expect(summary.epochs).toHaveLength(best + patience);
    const finalWeights = model.getWeights();
    const same = (a: Tensor[], b: Tensor[]) =>
      a.every(
        (t, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(t, b[i] as Tensor))).dataSync()[0]) === 0,
      );
    expect(same(finalWeights, saved.best as Tensor[])).toBe(true);
    expect(same(finalWeights, saved.final as Tensor[])).toBe(false);
    tf.dispose([...(saved.best ?? []), ...(saved.final ?? [])]);
    model.dispose();
  });

  it('the learning rate follows α0 / (1 + decay · epoch) and α0 · factor^epoch', async () => {
    const base = { epochs: 4, batchSize: 50, dataset: { name: 'xor', options: { count: 100 } } };
    const inverse = await run(mlp(4), {
      ...base,
      optimizer: { type: 'sgd', learningRate: 0.2 },
      schedule: { type: 'inverseTime', decay: 1 },
    });
    const exponential = await run(mlp(4), {
      ...base,
      optimizer: { type: 'adam', learningRate: 0.01 },
      schedule: { type: 'exponential', factor: 0.5 },
    });
    inverse.model.dispose();
    exponential.model.dispose();
    // The course's example: α0 = 0.2, decay 1 gives 0.2, 0.1, 0.067, 0.05 (epochs counted from 0).
    expect(inverse.summary.epochs).toHaveLength(4);
    expect(exponential.summary.epochs).toHaveLength(4);
    inverse.summary.epochs.forEach((e, epoch) =>
      expect(e.learningRate).toBeCloseTo(0.2 / (1 + epoch), 7),
    );
    exponential.summary.epochs.forEach((e, epoch) =>
      expect(e.learningRate).toBeCloseTo(0.01 * 0.5 ** epoch, 9),
    );
    for (const b of inverse.batches) expect(b.learningRate).toBeCloseTo(0.2 / b.epoch, 7);
  });
});

describe('data that cannot fit', () => {
  it('a malformed CSV is refused with the line', async () => {
    const path = join(scratch, 'bad.csv');
    writeFileSync(path, 'a,b,label\n1,2,x\n3,4,y\n5,6,7,z\n');
    const message = await codeOf(run(mlp(), { dataset: { source: 'csv', path } }));
    expect(message).toMatch(
      /^E201 bad\.csv is not valid CSV: line 4 has 4 fields but the header has 3/,
    );
  });

  it('missing CSV values are listed with line and column', async () => {
    const path = join(scratch, 'gaps.csv');
    writeFileSync(path, 'a,b,label\n1,2,x\n,4,y\n5,NA,x\n');
    const message = await codeOf(run(mlp(), { dataset: { source: 'csv', path } }));
    expect(message).toMatch(
      /^E203 gaps\.csv has 2 missing values: line 3 column "a", line 4 column "b"/,
    );
  });

  it('an image folder without class subfolders, or with a damaged JPEG or PNG, is refused', async () => {
    const net = chain(
      ['x', 'Input', { kind: 'image', shape: [4, 4, 3] }],
      ['flat', 'Flatten'],
      ['out', 'Dense', { units: 2, activation: 'softmax' }],
      ['loss', 'CategoricalCrossentropyLoss'],
    );
    const images = (folder: string) => ({ epochs: 1, dataset: { source: 'images', path: folder } });
    const flat = join(scratch, 'flat');
    mkdirSync(join(flat, 'only'), { recursive: true });
    expect(await codeOf(run(net, images(flat)))).toMatch(
      /^E204 .* needs one subfolder per class, at least two .* only "only"/,
    );

    const jpeg = join(scratch, 'jpeg');
    for (const c of ['a', 'b']) mkdirSync(join(jpeg, c), { recursive: true });
    writeFileSync(
      join(jpeg, 'a', '1.png'),
      rgbPng(2, 2, () => [0, 0, 0]),
    );
    writeFileSync(join(jpeg, 'b', '1.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    expect(
      await codeOf(run(net, { ...images(jpeg), split: { unit: 'count', dev: 0, test: 0 } })),
    ).toMatch(/^E205 The image .*b\/1\.jpg cannot be decoded: not a readable JPEG/);

    const damaged = join(scratch, 'damaged');
    for (const c of ['a', 'b']) mkdirSync(join(damaged, c), { recursive: true });
    const good = rgbPng(6, 6, (x, y) => [x * 40, y * 40, 0]);
    writeFileSync(join(damaged, 'a', '1.png'), good);
    writeFileSync(join(damaged, 'b', '1.png'), good.subarray(0, good.length - 30));
    expect(
      await codeOf(run(net, { ...images(damaged), split: { unit: 'count', dev: 0, test: 0 } })),
    ).toMatch(/^E205 The image .*b\/1\.png cannot be decoded/);
  });

  it('labels that cannot fit the output, and samples that cannot fit the input, name the shapes', async () => {
    const threeUnits = await codeOf(run(mlp(8, 3), { dataset: { name: 'moons' } }));
    expect(threeUnits).toBe(
      'E207 The data has 2 classes (0, 1), but the output of node out gives [null,3]; set its units to 2, one per class.',
    );
    const mnistIntoPoints = await codeOf(run(mlp(), { dataset: { name: 'mnist', limit: 10 } }));
    expect(mnistIntoPoints).toMatch(
      /^E206 The data \(MNIST training digits\) gives samples of shape \[null,28,28,1\], but the input node x expects \[null,2\]/,
    );
  });
});

describe('splits', () => {
  it('are disjoint, of the asked sizes, and repeat for a seed', async () => {
    const n = 1000;
    // Each sample's feature is its own id, so the batches show which samples each part got.
    const sources = {
      pool: memorySource({
        description: 'ids',
        x: Float32Array.from({ length: n }, (_, i) => i),
        y: Float32Array.from({ length: n }, (_, i) => i % 2),
        featureShape: [1],
        featureKind: 'vector',
        labels: { kind: 'classes', classNames: ['0', '1'] },
      }),
    };
    const net = chain(
      ['x', 'Input', { kind: 'vector', shape: [1] }],
      ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
      ['loss', 'BinaryCrossentropyLoss'],
    );
    const partsFor = async (seed: number, split: unknown) => {
      const data = await prepareData(
        sources,
        graphIO(net),
        trainingConfigSchema.parse({ seed, split }),
      );
      const ids: Record<string, number[]> = {};
      for (const part of ['train', 'dev', 'test'] as const) {
        ids[part] = [];
        for await (const batch of data.batches(part, 64)) ids[part].push(...batch.x);
      }
      return ids as Record<'train' | 'dev' | 'test', number[]>;
    };
    const a = await partsFor(1, { unit: 'percent', dev: 15, test: 5 });
    expect([a.train.length, a.dev.length, a.test.length]).toEqual([800, 150, 50]);
    expect(new Set([...a.train, ...a.dev, ...a.test]).size).toBe(n);
    const again = await partsFor(1, { unit: 'percent', dev: 15, test: 5 });
    expect(again.dev).toEqual(a.dev);
    expect(again.test).toEqual(a.test);
    const other = await partsFor(2, { unit: 'percent', dev: 15, test: 5 });
    expect(other.dev).not.toEqual(a.dev);
    const counts = await partsFor(1, { unit: 'count', dev: 123, test: 77 });
    expect([counts.train.length, counts.dev.length, counts.test.length]).toEqual([800, 123, 77]);
  });
});

describe('runs on disk', () => {
  it('a run folder is written and its weights reload to the same predictions', async () => {
    const documentPath = join(scratch, 'flower.json');
    const recorder = diskRecorder(runsFolderFor(documentPath));
    const { summary, model } = await run(
      mlp(8),
      {
        epochs: 3,
        batchSize: 32,
        optimizer: { type: 'adam', learningRate: 0.01 },
        dataset: { name: 'planar' },
      },
      { recorder },
    );
    const runs = await listRuns(documentPath);
    expect(runs.map((r) => [r.dir, r.status, r.epochs])).toEqual([[recorder.dir, 'completed', 3]]);
    expect(await readRunMetrics(recorder.dir as string)).toEqual(summary.epochs);

    const probe = tf.tensor2d([
      [0, 0],
      [1.5, -2],
      [-3, 0.5],
      [2, 2],
    ]);
    const reloaded = await reloadRunModel(tf, recorder.dir as string, 'final');
    const expected = (model.predict(probe) as Tensor).dataSync();
    const actual = (reloaded.predict(probe) as Tensor).dataSync();
    expect(Array.from(actual)).toEqual(Array.from(expected));
    const best = await reloadRunModel(tf, recorder.dir as string, 'best');
    expect((best.predict(probe) as Tensor).shape).toEqual([4, 1]);
    tf.dispose(probe);
    for (const m of [model, reloaded, best]) m.dispose();
  });
});
