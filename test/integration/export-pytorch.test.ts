/**
 * The PyTorch export, proven by running what it writes with Python and PyTorch (Debian's
 * python3-torch). For every template and every catalog example (so every layer type and setting):
 * - the exported module's parameter count equals the app's: PyTorch's parameters (frozen ones
 *   included) plus BatchNorm's running mean and variance, which PyTorch keeps as buffers and the
 *   app, like Keras, counts as non-trainable weights; trainable ones must match on their own;
 * - loaded with the weights of the compiled tfjs model (exported by exportPyTorchWeights: tfjs's
 *   random initial kernels, and random biases, γ, β and moving statistics, see
 *   spreadFlatWeights), it gives tfjs's outputs on the same random input within 1e-4.
 * The oracle is tfjs itself (WebAssembly backend). All Python work runs in ONE process
 * (test/fixtures/pytorch/check_models.py), since starting torch costs seconds.
 *
 * Reduced cost, for the three templates above 60 M parameters (AlexNet, VGG-16, VGG-19): their
 * parameter count is checked on the full model, but the output comparison runs on the same
 * document with a smaller input image (see `reducedInputSize`): every layer and setting is the
 * same, only the spatial sizes shrink, and with them the first Dense layer's input width.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportProblems } from '../../app/codegen/export-problems.ts';
import { emitPyTorchModule } from '../../app/codegen/pytorch/module.ts';
import { exportPyTorchWeights, packTensors } from '../../app/codegen/pytorch/weights.ts';
import { loadTensorflow } from '../../app/engine/backend.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import type { CompiledModel } from '../../app/engine/compile.ts';
import type { Tensor, Tf } from '../../app/engine/tf.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { parseDocumentText } from '../../app/graph/load.ts';
import { trainingConfigSchema } from '../../app/graph/training.ts';
import { writePyTorchExport } from '../../main/export/pytorch.ts';
import { saveModelWeights } from '../../main/runs/weights.ts';
import { multiBranchGraphs, residualBlock, siamesePair } from '../fixtures/graphs.ts';
import { chain } from '../helpers/docs.ts';
import { allExamples, exampleDocument } from '../helpers/examples.ts';
import { findPythonWithTorch, noTorchReason, runPython } from '../helpers/python.ts';

const root = join(import.meta.dirname, '..', '..');
const python = findPythonWithTorch();
// .ci/run installs python3-torch, so there a missing torch is a failure; elsewhere a skip.
const skip = python === null && process.env.CI === undefined;
if (skip) console.warn(`export-pytorch: skipped, ${noTorchReason}`);

const tolerance = 1e-4;
const largeTemplateParams = 60_000_000;
/** Input image side for the output comparison of the large templates (see the header). */
const reducedInputSize: Record<string, number> = {
  'alexnet.json': 67,
  'vgg16.json': 32,
  'vgg19.json': 32,
};

interface Case {
  label: string;
  doc: GraphDocument;
  /** The document whose outputs are compared: `doc`, or `doc` with a smaller input. */
  valueDoc: GraphDocument;
}

function templateCases(): Case[] {
  const index = JSON.parse(readFileSync(join(root, 'templates', 'index.json'), 'utf8')) as {
    file: string;
  }[];
  return index.map(({ file }) => {
    const doc = parseDocumentText(readFileSync(join(root, 'templates', file), 'utf8'));
    const total = inferGraph(doc).totals.params.total;
    const size = reducedInputSize[file];
    if (total > largeTemplateParams && size === undefined) {
      throw new Error(`${file} has ${total} parameters: give it a reduced input size here`);
    }
    return { label: `template ${file}`, doc, valueDoc: size ? withInputSize(doc, size) : doc };
  });
}

function withInputSize(doc: GraphDocument, side: number): GraphDocument {
  const copy = structuredClone(doc);
  for (const node of copy.nodes) {
    const shape = node.params.shape;
    if (node.type === 'Input' && Array.isArray(shape) && shape.length === 3) {
      node.params.shape = [side, side, shape[2] as number];
    }
  }
  return copy;
}

/**
 * After a Reshape with -1 tfjs leaves the height unknown, so TensorFlow's 'same' padding is worked
 * out when the module runs (pad_same, avg_pool_same) instead of when it is written.
 */
function sizesKnownAtRunTime(): GraphDocument {
  const same = { strides: [2, 2], padding: 'same' };
  return chain(
    ['x', 'Input', { kind: 'vector', shape: [104] }],
    ['rows', 'Reshape', { targetShape: [-1, 4, 2] }],
    ['conv', 'Conv2D', { filters: 3, kernelSize: [3, 3], ...same, activation: 'relu' }],
    ['max', 'MaxPool2D', { poolSize: [3, 3], ...same }],
    ['avg', 'AvgPool2D', { poolSize: [2, 3], ...same }],
    ['pool', 'GlobalAvgPool2D'],
    ['out', 'Dense', { units: 2 }],
    ['loss', 'MeanSquaredErrorLoss'],
  );
}

const cases: Case[] = [
  ...templateCases(),
  { label: 'sizes known at run time', doc: sizesKnownAtRunTime(), valueDoc: sizesKnownAtRunTime() },
  ...allExamples().map(({ label, spec, example }) => {
    const doc = exampleDocument(spec, example);
    return { label, doc, valueDoc: doc };
  }),
  ...multiBranchGraphs.map((g) => ({ label: g.name, doc: g.build(), valueDoc: g.build() })),
];

interface PythonCase {
  dir: string;
  weights: boolean;
  inputs: number;
}

interface PythonResult {
  dir: string;
  error?: string;
  parameters: number;
  trainable: number;
  runningStats: number;
  outputs?: { shape: number[]; maxAbsDiff: number | null }[];
}

interface Prepared {
  countDir: string;
  valueDir: string;
  /** tfjs's output shapes, batch included. */
  shapes: number[][];
}

/** A seeded generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Token inputs draw ids below the smallest vocabulary they feed; others draw N(0, 1). */
function inputValues(doc: GraphDocument, inputId: string, size: number, next: () => number) {
  const kind = doc.nodes.find((n) => n.id === inputId)?.params.kind;
  if (kind === 'tokens') {
    const vocabularies = doc.edges
      .filter((e) => e.source.node === inputId)
      .map((e) => doc.nodes.find((n) => n.id === e.target.node))
      .flatMap((n) => (n?.type === 'Embedding' ? [Number(n.params.inputDim ?? 10_000)] : []));
    const vocabulary = Math.min(10, ...vocabularies);
    return {
      dtype: 'int32' as const,
      data: Float32Array.from({ length: size }, () => Math.floor(next() * vocabulary)),
    };
  }
  const data = Float32Array.from({ length: size }, () => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  });
  return { dtype: 'float32' as const, data };
}

const batch = 2;

/**
 * Biases, γ, β and the moving statistics start as zeros and ones, under which a mix-up (γ for β,
 * mean for variance, a GRU's bias gates swapped) would give the same outputs: they get random
 * values, the variance a positive one. Kernels keep tfjs's random initial values.
 */
function spreadFlatWeights(tf: Tf, compiled: CompiledModel, next: () => number): void {
  for (const weight of compiled.model.weights) {
    const size = weight.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    const positive = /(gamma|moving_variance)$/.test(weight.originalName);
    if (!positive && !/(bias|beta|moving_mean)$/.test(weight.originalName)) continue;
    const values = Float32Array.from({ length: size }, () =>
      positive ? 0.5 + next() : 0.2 * (next() - 0.5),
    );
    weight.write(tf.tensor(values, weight.shape as number[]));
  }
}

function writeValueCase(tf: Tf, doc: GraphDocument, dir: string, seed: number): number[][] {
  const compiled = compileToLayersModel(tf, doc);
  try {
    const next = random(seed);
    spreadFlatWeights(tf, compiled, next);
    const inputs = compiled.inputs.map((id, i) => {
      const shape = [batch, ...(compiled.model.inputs[i]?.shape.slice(1) as number[])];
      const { dtype, data } = inputValues(
        doc,
        id,
        shape.reduce((a, b) => a * b, 1),
        next,
      );
      return { name: `input${i}`, data, shape, tensor: tf.tensor(data, shape, dtype) };
    });
    const predicted = compiled.model.predict(inputs.map((i) => i.tensor));
    const outputs = (Array.isArray(predicted) ? predicted : [predicted]) as Tensor[];
    const io = packTensors([
      ...inputs,
      ...outputs.map((t, i) => ({
        name: `output${i}`,
        data: t.dataSync() as Float32Array,
        shape: t.shape,
      })),
    ]);
    writeFileSync(join(dir, 'io.json'), JSON.stringify({ data: 'io.bin', tensors: io.tensors }));
    writeFileSync(join(dir, 'io.bin'), io.data);
    const weights = exportPyTorchWeights(compiled.model, doc);
    writeFileSync(join(dir, 'weights.json'), JSON.stringify(weights.manifest));
    writeFileSync(join(dir, 'weights.bin'), weights.data);
    const shapes = outputs.map((t) => [...t.shape]);
    tf.dispose([...inputs.map((i) => i.tensor), ...outputs]);
    return shapes;
  } finally {
    compiled.model.dispose();
  }
}

describe.skipIf(skip)('PyTorch export: modules and weights', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'netwright-pytorch-'));
  const prepared: Prepared[] = [];
  const results = new Map<string, PythonResult>();

  beforeAll(async () => {
    if (!python) throw new Error(noTorchReason);
    const { tf } = await loadTensorflow('wasm');
    const pythonCases: PythonCase[] = [];
    cases.forEach((c, i) => {
      const countDir = join(workDir, `case${i}`);
      mkdirSync(countDir);
      writeFileSync(join(countDir, 'model.py'), emitPyTorchModule(c.doc));
      let valueDir = countDir;
      if (c.valueDoc !== c.doc) {
        pythonCases.push({ dir: countDir, weights: false, inputs: 0 });
        valueDir = join(workDir, `case${i}-reduced`);
        mkdirSync(valueDir);
        writeFileSync(join(valueDir, 'model.py'), emitPyTorchModule(c.valueDoc));
      }
      const shapes = writeValueCase(tf, c.valueDoc, valueDir, 1000 + i);
      const inputs = c.valueDoc.nodes.filter((n) => n.type === 'Input').length;
      pythonCases.push({ dir: valueDir, weights: true, inputs });
      prepared.push({ countDir, valueDir, shapes });
    });
    writeFileSync(join(workDir, 'cases.json'), JSON.stringify(pythonCases));
    const run = runPython(python, [
      join(root, 'test/fixtures/pytorch/check_models.py'),
      join(workDir, 'cases.json'),
      join(workDir, 'results.json'),
    ]);
    if (run.status !== 0) throw new Error(`check_models.py failed:\n${run.stderr}`);
    const parsed = JSON.parse(
      readFileSync(join(workDir, 'results.json'), 'utf8'),
    ) as PythonResult[];
    for (const r of parsed) results.set(r.dir, r);
  }, 600_000);

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  const resultFor = (dir: string): PythonResult => {
    const r = results.get(dir);
    if (!r) throw new Error(`no result for ${dir}`);
    if (r.error) throw new Error(r.error);
    return r;
  };

  it.each(cases.map((c, i) => [c.label, i] as const))(
    '%s: parameter count equals the app’s',
    (_label, i) => {
      const { params } = inferGraph(cases[i]!.doc).totals;
      const r = resultFor(prepared[i]!.countDir);
      expect({ total: r.parameters + r.runningStats, trainable: r.trainable }).toEqual({
        total: params.total,
        trainable: params.trainable,
      });
    },
  );

  it.each(cases.map((c, i) => [c.label, i] as const))(
    `%s: outputs match tfjs within ${tolerance}`,
    (_label, i) => {
      const r = resultFor(prepared[i]!.valueDir);
      expect(r.outputs?.map((o) => o.shape)).toEqual(prepared[i]!.shapes);
      for (const output of r.outputs ?? [])
        expect(output.maxAbsDiff).toBeLessThanOrEqual(tolerance);
    },
  );
});

describe('PyTorch export: readable model.py (golden files)', () => {
  // A residual Add and a group; a Siamese pair whose twin reuses its owner's modules.
  it.each([
    ['residual-block', residualBlock],
    ['siamese-pair', siamesePair],
  ] as const)('%s', async (name, build) => {
    const source = emitPyTorchModule(build());
    await expect(source).toMatchFileSnapshot(`../fixtures/pytorch/${name}.model.py`);
  });

  it('has one module attribute per layer that owns a module, and spells the residual add', () => {
    const source = emitPyTorchModule(residualBlock());
    expect(source.match(/^ {8}self\.\w+ = nn\./gm)).toEqual([
      '        self.conv_a = nn.',
      '        self.conv_b = nn.',
      '        self.classes = nn.',
    ]);
    expect(source).toMatch(/^ {8}add_1 = image_nchw \+ conv_b$/m);
  });

  it('reports nothing the PyTorch export cannot express, for every template and example', () => {
    const reported = cases.flatMap((c) => exportProblems(c.doc, 'pytorch'));
    expect(reported).toEqual([]);
  });
});

/** The residual block with a run configuration that touches every setting train.py honours. */
function configuredDocument(): GraphDocument {
  const doc = residualBlock();
  const conv = doc.nodes.find((n) => n.id === 'conv_a');
  if (conv) conv.params.l2 = 0.01;
  doc.training = trainingConfigSchema.parse({
    epochs: 3,
    batchSize: 8,
    seed: 7,
    optimizer: { type: 'momentum', learningRate: 0.05, momentum: 0.8 },
    schedule: { type: 'exponential', factor: 0.5 },
    split: { unit: 'count', dev: 4, test: 4 },
    earlyStopping: { enabled: true, monitor: 'devLoss', patience: 5 },
    normalize: true,
    augmentation: { flipHorizontal: true, shift: 1, noise: 0.1 },
  });
  return doc;
}

describe.skipIf(skip)('PyTorch export: train.py, alone and under torchrun', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'netwright-pytorch-train-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  /** Writes the export of `doc` (with tfjs's weights saved as a run would) into a folder. */
  async function exported(name: string, doc: GraphDocument): Promise<string> {
    const dir = join(workDir, name);
    const { tf } = await loadTensorflow('wasm');
    const { model } = compileToLayersModel(tf, doc);
    await saveModelWeights(model, join(dir, 'run', 'final'));
    model.dispose();
    await writePyTorchExport(doc, join(dir, 'export'), { weights: join(dir, 'run') });
    return join(dir, 'export');
  }

  const learningRates = (stdout: string) =>
    [...stdout.matchAll(/^epoch \d+\/\d+ .* lr (\S+)$/gm)].map((m) => Number(m[1]));

  it('trains with the run configuration: momentum, exponential schedule, early stopping', async () => {
    const dir = await exported('configured', configuredDocument());
    const run = runPython(
      python!,
      ['train.py', '--weights', 'weights.json', '--random-samples', '40'],
      { cwd: dir },
    );
    expect(run.stderr).not.toMatch(/Traceback/);
    expect(run.status).toBe(0);
    // α0 = 0.05 halves every epoch (epoch counts from 0).
    expect(learningRates(run.stdout)).toEqual([0.05, 0.025, 0.0125]);
    expect(run.stdout).toMatch(/^test loss \d/m);
    expect(run.stdout).toMatch(/^saved model\.pt$/m);
  });

  it.each([
    ['multi-task template (four weighted sigmoid heads)', 'multi-task.json'],
    ['LSTM classifier template (token ids, sparse labels)', 'lstm-classifier.json'],
  ])('runs a few steps on random data: %s', async (_label, file) => {
    const doc = parseDocumentText(readFileSync(join(root, 'templates', file), 'utf8'));
    const dir = await exported(file.replace('.json', ''), doc);
    const run = runPython(python!, ['train.py', '--max-steps', '3'], { cwd: dir });
    expect(run.stderr).not.toMatch(/Traceback/);
    expect(run.status).toBe(0);
    const losses = [...run.stdout.matchAll(/^epoch \d+\/\d+ +loss (\S+)/gm)].map((m) =>
      Number(m[1]),
    );
    expect(losses.length).toBeGreaterThan(0);
    for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
  });

  it('runs under torchrun --nproc_per_node=2 with DistributedDataParallel on CPU (gloo)', async () => {
    const dir = await exported('distributed', configuredDocument());
    // --redirects/--tee work around torch 1.13's launcher on Python 3.11 (see the README).
    const run = runPython(
      python!,
      [
        '-m',
        'torch.distributed.run',
        '--redirects',
        '2',
        '--tee',
        '2',
        '--nproc_per_node=2',
        'train.py',
        '--max-steps',
        '4',
        '--random-samples',
        '40',
        '--out',
        'ddp.pt',
      ],
      { cwd: dir },
    );
    expect(run.stderr).not.toMatch(/Traceback/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^process 0 of 2 on cpu$/m);
    expect(run.stdout).toMatch(/^process 1 of 2 on cpu$/m);
    expect(run.stdout).toMatch(/^saved ddp\.pt$/m);
  });
});
