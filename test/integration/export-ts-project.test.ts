/**
 * The exported TypeScript project, proven by running it as its user would.
 *
 * Install, without a network: the project goes to a folder outside this repository (so nothing
 * resolves through the repository's own node_modules by accident), and its node_modules is a link
 * to this repository's, the packages Netwright itself was tested with. The test then checks that
 * every dependency the project's package.json declares is installed there at a version its range
 * accepts, and that its sources import nothing else; that is what `npm install` would have to
 * provide. `npm install --offline` is not used: it needs the packages in npm's cache, which a
 * machine that installed from a lockfile need not have.
 *
 * Then, with the project's own tsconfig: `tsc` type-checks it, `npm run train`'s command trains
 * for two epochs on synthetic data, and a small script beside it (written by this test, not part
 * of the export) builds the model, compares layers, shapes and parameter count with the app's
 * compiled model, loads the weights the app saved for a run (the runs' own save handler,
 * main/runs) as `netwright export --lang ts --weights <run>` puts them in the project, and
 * predicts the same input within 1e-5.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { emitTsProject } from '../../app/codegen/ts-project/index.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { graphIO } from '../../app/engine/data/graph-io.ts';
import { openDataset } from '../../app/engine/data/open.ts';
import { prepareData } from '../../app/engine/data/pipeline.ts';
import { datasetSchema, trainingConfigSchema } from '../../app/graph/training.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { serializeDocument } from '../../app/graph/load.ts';
import { main } from '../../main/cli/index.ts';
import { saveModelWeights } from '../../main/runs/weights.ts';
import { doc, edge, node } from '../helpers/docs.ts';
import { inputNode } from '../helpers/examples.ts';
import { tf, useCpuBackend } from '../helpers/tfjs-oracle.ts';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..', '..');
const workspace = mkdtempSync(join(tmpdir(), 'netwright-ts-project-'));

/** A classifier of the moons data set, trained for two epochs with decay and early stopping. */
function moonsClassifier(): GraphDocument {
  return {
    ...doc(
      [
        inputNode('points', [2]),
        node('hidden', 'Dense', { units: 8, activation: 'tanh' }),
        node('classes', 'Dense', { units: 2, activation: 'softmax' }),
        node('loss', 'CategoricalCrossentropyLoss'),
      ],
      [edge('points', 'hidden'), edge('hidden', 'classes'), edge('classes', 'loss')],
      'Moons classifier',
    ),
    training: {
      epochs: 2,
      batchSize: 32,
      seed: 7,
      optimizer: {
        type: 'adam',
        learningRate: 0.01,
        momentum: 0.9,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-7,
      },
      schedule: { type: 'inverseTime', decay: 0.5, factor: 0.95, everyEpochs: 10 },
      dataset: { source: 'builtin', name: 'moons', options: { count: 300 } },
      earlyStopping: { enabled: true, monitor: 'devAccuracy', patience: 1, restoreBest: true },
      metrics: ['accuracy', 'precision', 'recall', 'f1', 'mae'],
      normalize: true,
    },
  };
}

/** Token sequences through an Embedding and a GRU, the sequence task's data path. */
function sequenceClassifier(): GraphDocument {
  return {
    ...doc(
      [
        inputNode('tokens', [6], 'tokens'),
        node('embed', 'Embedding', { inputDim: 8, outputDim: 4 }),
        node('gru', 'GRU', { units: 5 }),
        node('yes', 'Dense', { units: 1, activation: 'sigmoid' }),
        node('loss', 'BinaryCrossentropyLoss'),
      ],
      [edge('tokens', 'embed'), edge('embed', 'gru'), edge('gru', 'yes'), edge('yes', 'loss')],
      'Sequence classifier',
    ),
    training: {
      epochs: 2,
      batchSize: 16,
      seed: 3,
      optimizer: {
        type: 'rmsprop',
        learningRate: 0.01,
        momentum: 0.9,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-7,
      },
      schedule: { type: 'constant', decay: 0, factor: 0.95, everyEpochs: 10 },
      dataset: {
        source: 'builtin',
        name: 'sequence',
        options: { count: 120, vocabulary: 8 },
        limit: 100,
      },
      metrics: ['accuracy'],
      normalize: false,
    },
  };
}

/**
 * Most layer kinds in one graph, including Netwright's own tfjs layers (a batch norm without γ,
 * a causal Conv1D, Subtract) and leaky ReLU, which the export must carry as source.
 */
function manyLayers(): GraphDocument {
  return doc(
    [
      inputNode('image', [10, 10, 3]),
      node('conv', 'Conv2D', {
        filters: 4,
        kernelSize: [3, 3],
        padding: 'same',
        activation: 'leakyRelu',
        alpha: 0.1,
      }),
      node('norm', 'BatchNormalization', { scale: false }),
      node('pool', 'MaxPool2D'),
      node('sep', 'SeparableConv2D', { filters: 4, padding: 'same', depthMultiplier: 2 }),
      node('sum', 'Add'),
      node('rows', 'Reshape', { targetShape: [25, 4] }),
      node('causal', 'Conv1D', { filters: 4, kernelSize: 3, padding: 'causal', dilation: 2 }),
      node('diff', 'Subtract'),
      node('lnorm', 'LayerNormalization', { center: false }),
      node('lstm', 'LSTM', { units: 3 }),
      node('out', 'Dense', { units: 2, activation: 'softmax' }),
      node('loss', 'CategoricalCrossentropyLoss'),
    ],
    [
      edge('image', 'conv'),
      edge('conv', 'norm'),
      edge('norm', 'pool'),
      edge('pool', 'sep'),
      edge('pool', 'sum', 0),
      edge('sep', 'sum', 1),
      edge('sum', 'rows'),
      edge('rows', 'causal'),
      edge('causal', 'diff', 0),
      edge('rows', 'diff', 1),
      edge('diff', 'lnorm'),
      edge('lnorm', 'lstm'),
      edge('lstm', 'out'),
      edge('out', 'loss'),
    ],
    'Many layers',
  );
}

const cases = [
  { name: 'moons', document: moonsClassifier(), trains: true },
  { name: 'sequence', document: sequenceClassifier(), trains: true },
  // Its data would be MNIST, which does not fit a 10 × 10 × 3 input: built and compared only.
  { name: 'many-layers', document: manyLayers(), trains: false },
];

function writeProject(name: string, document: GraphDocument): string {
  const dir = join(workspace, name);
  for (const [file, text] of Object.entries(emitTsProject(document, { weights: false }).files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Does an installed version satisfy a `^x.y.z` or `~x.y.z` range (the forms Netwright uses)? */
function satisfies(installed: string, range: string): boolean {
  const [op, wanted] = [range[0], range.slice(1)];
  const a = installed.split('.').map(Number);
  const b = wanted.split('.').map(Number);
  const sameMajor = a[0] === b[0];
  const sameMinor = sameMajor && a[1] === b[1];
  const atLeast =
    (a[0] ?? 0) * 1e8 + (a[1] ?? 0) * 1e4 + (a[2] ?? 0) >=
    (b[0] ?? 0) * 1e8 + (b[1] ?? 0) * 1e4 + (b[2] ?? 0);
  return (op === '^' ? sameMajor : op === '~' ? sameMinor : installed === range) && atLeast;
}

const projects = new Map<string, string>();

beforeAll(async () => {
  await useCpuBackend();
  for (const c of cases) projects.set(c.name, writeProject(c.name, c.document));
});

afterAll(() => {
  if (!process.env.NETWRIGHT_KEEP_GENERATED) rmSync(workspace, { recursive: true, force: true });
});

describe.each(cases)('the exported project of $name', ({ name, document, trains }) => {
  const dir = () => projects.get(name) as string;

  it("declares tfjs at Netwright's version, and everything it imports is installed", () => {
    const pkg = JSON.parse(readFileSync(join(dir(), 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const ours = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies['@tensorflow/tfjs']).toBe(ours.dependencies['@tensorflow/tfjs']);
    for (const [dependency, range] of Object.entries({
      ...pkg.dependencies,
      ...pkg.devDependencies,
    })) {
      const installed = JSON.parse(
        readFileSync(join(dir(), 'node_modules', dependency, 'package.json'), 'utf8'),
      ) as { version: string };
      expect({ dependency, ok: satisfies(installed.version, range) }).toEqual({
        dependency,
        ok: true,
      });
    }
    const sources = Object.keys(emitTsProject(document, { weights: false }).files).filter((f) =>
      f.endsWith('.ts'),
    );
    for (const file of sources) {
      const text = readFileSync(join(dir(), file), 'utf8');
      for (const [, spec] of text.matchAll(/from '([^'.][^']*)'/g)) {
        const root = spec?.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : spec?.split('/')[0];
        if (!root || root.startsWith('node:')) continue;
        expect({ file, imports: root, declared: root in pkg.dependencies }).toEqual({
          file,
          imports: root,
          declared: true,
        });
      }
    }
  });

  it('type-checks with tsc and its own tsconfig', async () => {
    const tsc = join(dir(), 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', dir()], { cwd: dir() }).catch(
      (err: { stdout?: string; message?: string }) => ({
        stdout: err.stdout ?? err.message ?? 'tsc failed',
      }),
    );
    expect(result.stdout).toBe('');
  });

  it.runIf(trains)("trains for two epochs with `npm run train`'s command", async () => {
    const pkg = JSON.parse(readFileSync(join(dir(), 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.train).toBe('tsx src/train.ts');
    const tsx = join(dir(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const { stdout } = await run(process.execPath, [tsx, 'src/train.ts'], {
      cwd: dir(),
      timeout: 120_000,
    });
    expect(stdout).toMatch(/^Epoch 1: loss \d/m);
    expect(stdout).toMatch(/^Test: loss \d/m);
    expect(stdout).toContain('Saved the trained weights in trained/');
    expect(readFileSync(join(dir(), 'trained', 'model.json'), 'utf8')).toContain('weightsManifest');
  });

  it.runIf(trains)('prepares the very dev and test samples the app prepares', async () => {
    const io = graphIO(document);
    const config = trainingConfigSchema.parse(document.training);
    const prepared = await prepareData(
      await openDataset(config.dataset ?? datasetSchema.parse({}), io, config.seed),
      io,
      config,
    );
    const project = (await import(
      /* @vite-ignore */ pathToFileURL(join(dir(), 'src', 'data.ts')).href
    )) as {
      loadData(): Record<
        'dev' | 'test',
        { x: tf.Tensor; y: tf.Tensor; labels: Float32Array; count: number }
      >;
    };
    const parts = project.loadData();
    for (const part of ['dev', 'test'] as const) {
      const app = { x: [] as number[], y: [] as number[] };
      for await (const batch of prepared.batches(part, 1000)) {
        app.x.push(...batch.x);
        app.y.push(...batch.y);
      }
      expect({ part, count: parts[part].count }).toEqual({ part, count: prepared.sizes[part] });
      expect(Array.from(parts[part].x.dataSync())).toEqual(app.x);
      expect(Array.from(parts[part].y.dataSync())).toEqual(app.y);
    }
  });

  it("builds the app's model, and with the app's weights predicts what the app predicts", async () => {
    const compiled = compileToLayersModel(tf, document);
    // The weights go in as a run's would, through `netwright export --weights`, which rewrites
    // the project with them in weights/.
    const documentFile = join(workspace, `${name}.json`);
    writeFileSync(documentFile, serializeDocument(document));
    const runFolder = join(workspace, `${name}.json.runs`, 'run-1');
    await saveModelWeights(compiled.model, join(runFolder, 'final'));
    const io = {
      text: '',
      out: (t: string) => void (io.text += t),
      err: (t: string) => void (io.text += t),
    };
    const code = await main(
      ['export', documentFile, '--lang', 'ts', '--out', dir(), '--weights', runFolder],
      io,
    );
    expect(code).toBe(0);
    expect(io.text).toMatch(/^Wrote \d+ files to /);
    const inputShape = compiled.model.inputs[0]?.shape.slice(1) as number[];
    const isTokens = compiled.model.inputs[0]?.dtype === 'int32';
    const input = isTokens
      ? tf.randomUniform([3, ...inputShape], 0, 8, 'int32', 11)
      : tf.randomNormal([3, ...inputShape], 0, 1, 'float32', 11);
    writeFileSync(
      join(dir(), 'input.json'),
      JSON.stringify({
        shape: input.shape,
        dtype: input.dtype,
        values: Array.from(input.dataSync()),
      }),
    );
    writeFileSync(
      join(dir(), 'check.ts'),
      `import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from './src/model.js';
import { loadWeights } from './src/weights.js';

await tf.setBackend('cpu');
const model = buildModel();
const layers = model.layers.map((l) => ({ name: l.name, className: l.getClassName(), shape: l.outputShape }));
loadWeights(model, 'weights');
const input = JSON.parse(readFileSync('input.json', 'utf8')) as { shape: number[]; dtype: 'float32' | 'int32'; values: number[] };
const output = model.predict(tf.tensor(input.values, input.shape, input.dtype)) as tf.Tensor;
console.log(JSON.stringify({ layers, params: model.countParams(), output: Array.from(output.dataSync()) }));
`,
    );
    const tsx = join(dir(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const { stdout } = await run(process.execPath, [tsx, 'check.ts'], {
      cwd: dir(),
      timeout: 120_000,
    });
    const exported = JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
      layers: { name: string; className: string; shape: unknown }[];
      params: number;
      output: number[];
    };
    expect(exported.layers).toEqual(
      compiled.model.layers.map((l) => ({
        name: l.name,
        className: l.getClassName(),
        shape: l.outputShape,
      })),
    );
    expect(exported.params).toBe(compiled.model.countParams());
    const expected = (compiled.model.predict(input) as tf.Tensor).dataSync();
    expect(exported.output).toHaveLength(expected.length);
    const difference = Math.max(
      ...exported.output.map((v, i) => Math.abs(v - (expected[i] as number))),
    );
    expect(difference).toBeLessThanOrEqual(1e-5);
    compiled.model.dispose();
    input.dispose();
  });
});
