/**
 * The Keras export. TensorFlow cannot be installed on the machines Netwright is tested on, so the
 * generated Python is not run with Keras here. What is checked instead:
 * - golden files (test/fixtures/keras/<case>/) reviewed by a person, for graphs that use the
 *   per-entry Keras forms (batch norm without γ, causal Conv1D, Subtract, leaky ReLU, GRU's
 *   reset_after), shared weights, several outputs and the training options; regenerate them with
 *   NETWRIGHT_UPDATE_GOLDEN=1 and review the diff;
 * - `python3 -m py_compile` over the export of every template and every catalog example;
 * - that every layer name Keras gets is the name tfjs gives that layer, so weights saved by the
 *   app find their layer;
 * - weights.py, which needs only NumPy, run for real: it reads weights the app saved and hands each
 *   layer exactly the arrays tfjs holds for it, in tfjs's order.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportProblems } from '../../app/codegen/export-problems.ts';
import { emitKerasProject } from '../../app/codegen/keras/index.ts';
import { kerasCallsFor } from '../../app/codegen/keras/layers.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { parseDocumentText } from '../../app/graph/load.ts';
import { getLayer } from '../../app/layers/catalog.ts';
import { tfCall } from '../../app/layers/tfcall.ts';
import { main } from '../../main/cli/index.ts';
import { saveModelWeights } from '../../main/runs/weights.ts';
import { doc, edge, node } from '../helpers/docs.ts';
import { allExamples, exampleDocument, inputNode } from '../helpers/examples.ts';
import { branchy } from '../helpers/networks.ts';
import { tf, useCpuBackend } from '../helpers/tfjs-oracle.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const goldenDir = join(root, 'test', 'fixtures', 'keras');
const workspace = mkdtempSync(join(tmpdir(), 'netwright-keras-'));
const update = Boolean(process.env.NETWRIGHT_UPDATE_GOLDEN);

const templateFiles = (
  JSON.parse(readFileSync(join(root, 'templates', 'index.json'), 'utf8')) as { file: string }[]
).map((t) => t.file);
const template = (file: string) =>
  parseDocumentText(readFileSync(join(root, 'templates', file), 'utf8'));

/** Layers whose Keras form is their entry's own, not derived from tfjs. */
function kerasForms(): GraphDocument {
  return {
    ...doc(
      [
        inputNode('signal', [16, 3]),
        node('causal', 'Conv1D', {
          filters: 4,
          kernelSize: 3,
          padding: 'causal',
          dilation: 2,
          activation: 'leakyRelu',
          alpha: 0.1,
        }),
        node('norm', 'BatchNormalization', { scale: false, momentum: 0.9 }),
        node('diff', 'Subtract'),
        node('lnorm', 'LayerNormalization', { center: false }),
        node('gru', 'GRU', { units: 6, l2: 0.001, kernelInitializer: 'heNormal' }),
        node('drop', 'Dropout', { rate: 0.25 }),
        node('out', 'Dense', {
          units: 1,
          activation: 'linear',
          kernelInitializer: 'randomNormal',
          kernelStddev: 0.02,
        }),
        node('loss', 'HuberLoss'),
      ],
      [
        edge('signal', 'causal'),
        edge('causal', 'norm'),
        edge('norm', 'diff', 0),
        edge('causal', 'diff', 1),
        edge('diff', 'lnorm'),
        edge('lnorm', 'gru'),
        edge('gru', 'drop'),
        edge('drop', 'out'),
        edge('out', 'loss'),
      ],
      'Keras forms',
    ),
    training: {
      epochs: 20,
      batchSize: 16,
      seed: 5,
      optimizer: {
        type: 'rmsprop',
        learningRate: 0.005,
        momentum: 0.95,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-7,
      },
      schedule: { type: 'exponential', decay: 0, factor: 0.9, everyEpochs: 10 },
      dataset: {
        source: 'csv',
        name: 'signals',
        path: 'signals.csv',
        options: { label: 'target', missing: 'drop' },
      },
      split: { unit: 'count', dev: 50, test: 50 },
      earlyStopping: { enabled: true, monitor: 'devLoss', patience: 3, restoreBest: true },
      metrics: ['mae'],
      normalize: true,
    },
  };
}

/** The classic two-layer classifier of the moons, with decay, early stopping on F1 and metrics. */
function moons(): GraphDocument {
  return {
    ...doc(
      [
        inputNode('points', [2]),
        node('hidden', 'Dense', { units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        node('classes', 'Dense', { units: 2, activation: 'softmax' }),
        node('loss', 'SparseCategoricalCrossentropyLoss'),
      ],
      [edge('points', 'hidden'), edge('hidden', 'classes'), edge('classes', 'loss')],
      'Moons',
    ),
    training: {
      epochs: 30,
      batchSize: 32,
      seed: 42,
      optimizer: {
        type: 'momentum',
        learningRate: 0.1,
        momentum: 0.9,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-7,
      },
      schedule: { type: 'inverseTime', decay: 0.1, factor: 0.95, everyEpochs: 10 },
      dataset: { source: 'builtin', name: 'moons', options: { noise: 0.15 } },
      earlyStopping: { enabled: true, monitor: 'devF1', patience: 5, restoreBest: true },
      metrics: ['accuracy', 'precision', 'recall', 'f1'],
      normalize: false,
    },
  };
}

const goldenCases: { name: string; document: GraphDocument }[] = [
  { name: 'moons', document: moons() },
  { name: 'keras-forms', document: kerasForms() },
  { name: 'two-heads', document: branchy() },
  { name: 'siamese', document: template('siamese-face-verification.json') },
  { name: 'lstm-classifier', document: template('lstm-classifier.json') },
];

beforeAll(useCpuBackend);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('golden files', () => {
  it.each(goldenCases)('$name matches its reviewed export', ({ name, document }) => {
    const { files } = emitKerasProject(document, { weights: false });
    const folder = join(goldenDir, name);
    if (update) {
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(folder, { recursive: true });
      for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
    }
    for (const [file, text] of Object.entries(files)) {
      const golden = join(folder, file);
      expect({ file, exists: existsSync(golden) }).toEqual({ file, exists: true });
      expect(text).toBe(readFileSync(golden, 'utf8'));
    }
  });
});

describe('the Python compiles', () => {
  it('for every template, every catalog example and every golden case', async () => {
    const documents = [
      ...templateFiles.map((file) => ({
        name: file.replace('.json', ''),
        document: template(file),
      })),
      ...allExamples().map(({ label, spec, example }, i) => ({
        name: `example-${i}-${label.replace(/[^A-Za-z0-9]+/g, '-')}`,
        document: exampleDocument(spec, example),
      })),
      ...goldenCases,
    ];
    const files: string[] = [];
    for (const { name, document } of documents) {
      const folder = join(workspace, 'compile', name);
      mkdirSync(folder, { recursive: true });
      for (const [file, text] of Object.entries(
        emitKerasProject(document, { weights: true }).files,
      )) {
        if (!file.endsWith('.py')) continue;
        writeFileSync(join(folder, file), text);
        files.push(join(folder, file));
      }
    }
    const script =
      'import py_compile, sys\nfor f in sys.argv[1:]:\n    py_compile.compile(f, doraise=True)\n';
    const result = await run('python3', ['-c', script, ...files]).catch(
      (err: { stderr?: string; message?: string }) => ({
        stderr: err.stderr ?? err.message ?? 'python3 failed',
      }),
    );
    expect(result.stderr).toBe('');
    expect(files.length).toBeGreaterThan(templateFiles.length * 2);
  });
});

describe('layer names and weights', () => {
  const weightedDocuments = [
    { name: 'siamese', document: template('siamese-face-verification.json') },
    { name: 'keras-forms', document: kerasForms() },
    { name: 'lstm-classifier', document: template('lstm-classifier.json') },
    {
      name: 'bidirectional',
      document: exampleDocument(
        getLayer('Bidirectional'),
        getLayer('Bidirectional').examples[0] as never,
      ),
    },
    {
      name: 'separable',
      document: exampleDocument(
        getLayer('SeparableConv2D'),
        getLayer('SeparableConv2D').examples[1] as never,
      ),
    },
  ];

  it.each(weightedDocuments)(
    '$name: every tfjs weight belongs to a layer model.py names',
    ({ document }) => {
      const compiled = compileToLayersModel(tf, document);
      const source = emitKerasProject(document, { weights: false }).files['model.py'] as string;
      const kerasNames = new Set([...source.matchAll(/name='([^']+)'/g)].map((m) => m[1]));
      const weightLayers = new Set(compiled.model.weights.map((w) => w.originalName.split('/')[0]));
      for (const layer of weightLayers)
        expect({ layer, inModelPy: kerasNames.has(layer) }).toEqual({ layer, inModelPy: true });
      compiled.model.dispose();
    },
  );

  it.each(weightedDocuments)(
    '$name: weights.py hands each layer the arrays tfjs holds',
    async ({ name, document }) => {
      const compiled = compileToLayersModel(tf, document);
      const folder = join(workspace, 'weights', name);
      await saveModelWeights(compiled.model, join(folder, 'weights'));
      writeFileSync(
        join(folder, 'weights.py'),
        emitKerasProject(document, { weights: true }).files['weights.py'] as string,
      );
      const layerNames = compiled.model.layers.map((l) => l.name);
      // A stand-in for a Keras model: layers with a name that record what set_weights receives.
      const script = `import json, sys
import numpy as np
from weights import load_tfjs_weights

class Layer:
    def __init__(self, name):
        self.name, self.received = name, None
    def set_weights(self, arrays):
        # Shape, sum and an order-sensitive checksum of each array (the values, in short).
        self.received = [[list(a.shape), *fingerprint(a.astype('float64').ravel())] for a in arrays]

def fingerprint(values):
    return [float(values.sum()), float((values * (np.arange(len(values)) % 7 - 3)).sum())]

class Model:
    layers = [Layer(name) for name in json.loads(sys.argv[1])]

model = Model()
load_tfjs_weights(model, 'weights/model.json')
print(json.dumps({layer.name: layer.received for layer in model.layers if layer.received is not None}))
`;
      writeFileSync(join(folder, 'check.py'), script);
      const { stdout } = await run('python3', ['check.py', JSON.stringify(layerNames)], {
        cwd: folder,
      });
      const received = JSON.parse(stdout) as Record<string, [number[], number, number][]>;
      const expected: Record<string, [number[], number, number][]> = {};
      for (const layer of compiled.model.layers) {
        const weights = layer.getWeights();
        if (weights.length === 0) continue;
        expected[layer.name] = weights.map((w) => {
          let sum = 0;
          let checksum = 0;
          w.dataSync().forEach((v, i) => {
            sum += v;
            checksum += v * ((i % 7) - 3);
          });
          return [w.shape, sum, checksum];
        });
      }
      expect(Object.keys(received)).toEqual(Object.keys(expected));
      for (const [layer, arrays] of Object.entries(expected)) {
        const got = received[layer] ?? [];
        expect(got.map((a) => a[0])).toEqual(arrays.map((a) => a[0]));
        // Float64 sums in another order: equal to far below one float32 step.
        arrays.forEach(([, sum, checksum], i) => {
          expect(got[i]?.[1]).toBeCloseTo(sum, 6);
          expect(got[i]?.[2]).toBeCloseTo(checksum, 6);
        });
      }
      compiled.model.dispose();
    },
  );
});

describe('what Keras cannot express is said while editing', () => {
  it('no catalog example needs anything Keras lacks', () => {
    for (const { label, spec, example } of allExamples()) {
      expect({ label, problems: exportProblems(exampleDocument(spec, example), 'keras') }).toEqual({
        label,
        problems: [],
      });
    }
  });

  it("a layer built from Netwright's own tfjs layer without a Keras form is reported", () => {
    const spec = {
      ...getLayer('Flatten'),
      keras: undefined,
      tfjs: (_p: unknown, name: string) => [tfCall('netwright.warp', { name })],
    };
    expect(kerasCallsFor(spec, {}, 'warp')).toEqual({ ok: false, tfjsLayer: 'warp' });
  });

  it('a weighted sparse cross-entropy warns for TypeScript, not for Keras, which weighs any loss', () => {
    const weighted = doc(
      [
        inputNode('x', [4]),
        node('out', 'Dense', { units: 3, activation: 'softmax' }),
        node('loss', 'SparseCategoricalCrossentropyLoss', { weight: 2 }),
      ],
      [edge('x', 'out'), edge('out', 'loss')],
    );
    expect(exportProblems(weighted, 'typescript').map((p) => [p.code, p.node])).toEqual([
      ['W103', 'loss'],
    ]);
    expect(exportProblems(weighted, 'keras')).toEqual([]);
  });
});

describe('netwright export --lang keras', () => {
  it('writes model.py, train.py and a README into the --out folder', async () => {
    const out = join(workspace, 'cli-keras');
    const io = {
      text: '',
      out: (t: string) => void (io.text += t),
      err: (t: string) => void (io.text += t),
    };
    const code = await main(
      ['export', join(root, 'templates', 'lenet5.json'), '--lang', 'keras', '--out', out],
      io,
    );
    expect({ code, said: io.text }).toEqual({ code: 0, said: `Wrote 3 files to ${out}.\n` });
    const expected = emitKerasProject(template('lenet5.json'), { weights: false }).files;
    for (const [file, text] of Object.entries(expected))
      expect(readFileSync(join(out, file), 'utf8')).toBe(text);
  });
});

/**
 * train.py's NumPy half, run for real: without TensorFlow, `tensorflow.keras` is a stand-in that
 * provides what train.py calls (to_categorical, callbacks) and a model that predicts random
 * numbers of the output's width. It proves the data loading, split, standardization, label
 * encoding, scores and callbacks run and fit together; it says nothing about Keras itself.
 */
const kerasStandIn = `import sys, types
import numpy as np

keras = types.ModuleType('keras')
keras.utils = types.SimpleNamespace(
    to_categorical=lambda y, n: np.eye(n, dtype='float32')[np.asarray(y, dtype=int)],
    set_random_seed=lambda seed: None,
)

class Callback:
    def set_model(self, model):
        self.model = model

class LearningRateScheduler(Callback):
    def __init__(self, schedule):
        self.schedule = schedule
    def on_epoch_end(self, epoch, logs=None):
        logs['lr'] = self.schedule(epoch, None)

class EarlyStopping(Callback):
    def __init__(self, monitor, mode, patience, restore_best_weights):
        self.monitor = monitor
    def on_epoch_end(self, epoch, logs=None):
        assert self.monitor in logs, f'{self.monitor} not in {sorted(logs)}'

keras.callbacks = types.SimpleNamespace(
    Callback=Callback, LearningRateScheduler=LearningRateScheduler, EarlyStopping=EarlyStopping
)
tensorflow = types.ModuleType('tensorflow')
tensorflow.keras = keras
sys.modules['tensorflow'] = tensorflow

class Model:
    def __init__(self, width):
        self.width = width
    def fit(self, x, y, batch_size, epochs, validation_data=None, callbacks=()):
        assert len(x) == len(y) and x.dtype.kind in 'fi', (x.shape, y.shape)
        print('fit', x.shape, y.shape, 'dev', None if validation_data is None else validation_data[0].shape)
        for callback in callbacks:
            callback.set_model(self)
        for epoch in range(2):
            logs = {'loss': 1.0, 'val_loss': 1.0}
            for callback in callbacks:
                callback.on_epoch_end(epoch, logs)
            print('epoch', epoch, sorted(logs))
    def predict(self, x, batch_size, verbose):
        return np.random.default_rng(0).random((len(x), self.width)).astype('float32')
    def evaluate(self, x, y, verbose, return_dict):
        return {'loss': 1.0}
    def save_weights(self, path):
        print('saved', path)

width = int(sys.argv[1])
model = types.ModuleType('model')
model.build_model = lambda: Model(width)
model.compile_model = lambda m: None
sys.modules['model'] = model
sys.argv = sys.argv[:1]
exec(open('train.py').read(), {'__name__': '__main__'})
`;

describe('train.py runs its NumPy half', () => {
  const csv = [
    'a,b,colour,target',
    ...Array.from(
      { length: 60 },
      (_, i) =>
        `${i},${(i * 7) % 11},${['red', 'blue', 'green'][i % 3]},${i % 2 === 0 ? 'yes' : 'no'}`,
    ),
  ].join('\n');
  const cases: {
    name: string;
    document: GraphDocument;
    width: number;
    files?: Record<string, string>;
  }[] = [
    { name: 'moons', document: moons(), width: 2 },
    {
      name: 'sequence',
      document: {
        ...doc(
          [
            inputNode('tokens', [6], 'tokens'),
            node('embed', 'Embedding', { inputDim: 8, outputDim: 4 }),
            node('gru', 'GRU', { units: 4 }),
            node('yes', 'Dense', { units: 1, activation: 'sigmoid' }),
            node('loss', 'BinaryCrossentropyLoss'),
          ],
          [edge('tokens', 'embed'), edge('embed', 'gru'), edge('gru', 'yes'), edge('yes', 'loss')],
        ),
        training: {
          epochs: 2,
          batchSize: 8,
          seed: 1,
          optimizer: {
            type: 'adam',
            learningRate: 0.01,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-7,
          },
          schedule: { type: 'step', decay: 0, factor: 0.5, everyEpochs: 1 },
          dataset: {
            source: 'builtin',
            name: 'sequence',
            options: { count: 80, task: 'majority' },
            limit: 50,
          },
          earlyStopping: { enabled: true, monitor: 'devAccuracy', patience: 1, restoreBest: true },
          metrics: ['accuracy', 'recall'],
          normalize: false,
        },
      },
      width: 1,
    },
    {
      name: 'csv',
      document: {
        ...doc(
          [
            inputNode('row', [5]),
            node('out', 'Dense', { units: 2, activation: 'softmax' }),
            node('loss', 'CategoricalCrossentropyLoss'),
          ],
          [edge('row', 'out'), edge('out', 'loss')],
        ),
        training: {
          epochs: 2,
          batchSize: 8,
          seed: 1,
          optimizer: {
            type: 'sgd',
            learningRate: 0.1,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-7,
          },
          schedule: { type: 'constant', decay: 0, factor: 0.5, everyEpochs: 1 },
          dataset: { source: 'csv', name: 'data', path: 'data.csv', options: { label: 'target' } },
          split: { unit: 'count', dev: 10, test: 10 },
          metrics: ['accuracy', 'precision', 'f1', 'mae'],
          normalize: true,
        },
      },
      width: 2,
      files: { 'data.csv': csv },
    },
  ];

  it.each(cases)('$name', async ({ name, document, width, files }) => {
    const folder = join(workspace, 'numpy', name);
    mkdirSync(folder, { recursive: true });
    const exported = emitKerasProject(document, { weights: false }).files;
    for (const [file, text] of Object.entries({
      ...exported,
      ...files,
      'stand_in.py': kerasStandIn,
    })) {
      writeFileSync(join(folder, file), text);
    }
    const { stdout } = await run('python3', ['stand_in.py', String(width)], { cwd: folder });
    expect(stdout).toMatch(/^fit \(\d+, /m);
    expect(stdout).toMatch(/^epoch 1 /m);
    expect(stdout).toMatch(/^Test scores: \{/m);
    expect(stdout).toContain('saved trained.weights.h5');
  });
});
