/**
 * Import, proven by round trips and by hand-written Keras files.
 *
 * Round trip: every template is compiled by the app, tfjs itself writes the model's topology
 * (`model.toJSON`), Netwright adds the Keras training config it exports beside it, and the import
 * must give back the same network. "The same" is compared structurally, because a model file
 * carries no node positions, groups or display names, and gives a layer applied twice one name:
 * - every node keeps its id except weight-sharing twins and loss nodes, which get new ids;
 * - so nodes are matched by a signature of their type, params and (recursively) inputs, which
 *   makes equal signature multisets mean the same graph, edges and ports included;
 * - params are compared with defaults filled in, leaving out settings a layer ignores (the
 *   random-normal deviation when no initializer is random normal, the leaky slope of another
 *   activation, the bias initializer of a layer without bias), which a model file cannot carry.
 * The parameter count is compared with inference and with what tfjs builds from the import.
 * With weights, the imported graph loaded with the file's weights predicts what the original did.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { modelJsonFor } from '../../app/engine/io/model-json.ts';
import type { GraphDocument, GraphNode } from '../../app/graph/document.ts';
import { DocumentError } from '../../app/graph/errors.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { parseDocumentText } from '../../app/graph/load.ts';
import { importModelText } from '../../app/import/import-model.ts';
import { importedWeightSpecs } from '../../app/import/weights.ts';
import { findLayer } from '../../app/layers/catalog.ts';
import { main } from '../../main/cli/index.ts';
import { withDefaults } from '../../app/layers/params.ts';
import { tf, useCpuBackend } from '../helpers/tfjs-oracle.ts';
import type { io as tfIo, Tensor as tfTensor } from '@tensorflow/tfjs';
import { allExamples, exampleDocument } from '../helpers/examples.ts';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'keras');
const templateFiles = (
  JSON.parse(readFileSync(join(root, 'templates', 'index.json'), 'utf8')) as { file: string }[]
).map((t) => t.file);

beforeAll(useCpuBackend);

/** What tfjs writes for the compiled document, with the training config Netwright adds. */
function exportedModelJson(doc: GraphDocument): string {
  const compiled = compileToLayersModel(tf, doc);
  const topology = compiled.model.toJSON(null, false) as object;
  compiled.model.dispose();
  return JSON.stringify(modelJsonFor(doc, topology));
}

function canonicalParams(node: GraphNode): Record<string, unknown> {
  const spec = findLayer(node.type);
  if (!spec) throw new Error(`unknown type ${node.type}`);
  const p = withDefaults(spec.params, node.params) as Record<string, unknown>;
  if (p.kernelInitializer !== 'randomNormal' && p.biasInitializer !== 'randomNormal') {
    delete p.kernelStddev;
  }
  if (p.activation !== 'leakyRelu') delete p.alpha;
  if (p.useBias === false) delete p.biasInitializer;
  return Object.fromEntries(Object.entries(p).sort(([a], [b]) => a.localeCompare(b)));
}

/** A hash per node of its type, params, weight owner and inputs (recursively), ids left out. */
function signatures(doc: GraphDocument): string[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const inputs = new Map<string, string[]>();
  for (const e of [...doc.edges].sort((a, b) => a.target.port - b.target.port)) {
    inputs.set(e.target.node, [...(inputs.get(e.target.node) ?? []), e.source.node]);
  }
  const memo = new Map<string, string>();
  const sign = (id: string): string => {
    const known = memo.get(id);
    if (known) return known;
    const node = byId.get(id) as GraphNode;
    const owner = node.shareWeightsWith;
    const text = JSON.stringify([
      node.type,
      canonicalParams(node),
      owner === undefined ? null : sign(owner),
      (inputs.get(id) ?? []).map(sign),
    ]);
    const hash = createHash('sha1').update(text).digest('hex');
    memo.set(id, hash);
    return hash;
  };
  return doc.nodes.map((n) => sign(n.id)).sort();
}

function expectSameNetwork(original: GraphDocument, imported: GraphDocument): void {
  // Readable differences first: nodes that kept their id.
  const importedById = new Map(imported.nodes.map((n) => [n.id, n]));
  // A twin's id is new, so an input from a twin is named by its weight owner.
  const sourcesOf = (doc: GraphDocument, id: string) =>
    doc.edges
      .filter((e) => e.target.node === id)
      .sort((a, b) => a.target.port - b.target.port)
      .map((e) => {
        const owner = doc.nodes.find((n) => n.id === e.source.node)?.shareWeightsWith;
        return owner === undefined ? e.source.node : `twin of ${owner}`;
      });
  for (const node of original.nodes) {
    const twin = importedById.get(node.id);
    if (!twin || node.shareWeightsWith || findLayer(node.type)?.role === 'loss') continue;
    expect({ id: node.id, type: twin.type, params: canonicalParams(twin) }).toEqual({
      id: node.id,
      type: node.type,
      params: canonicalParams(node),
    });
    expect({ id: node.id, inputs: sourcesOf(imported, node.id) }).toEqual({
      id: node.id,
      inputs: sourcesOf(original, node.id),
    });
  }
  expect(imported.nodes.length).toBe(original.nodes.length);
  expect(imported.edges.length).toBe(original.edges.length);
  expect(signatures(imported)).toEqual(signatures(original));
  const a = inferGraph(original);
  const b = inferGraph(imported);
  expect(b.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(b.totals.params).toEqual(a.totals.params);
}

function loadTemplate(file: string): GraphDocument {
  return parseDocumentText(readFileSync(join(root, 'templates', file), 'utf8'));
}

describe('every template survives tfjs model.json and back', () => {
  it.each(templateFiles)('%s', (file) => {
    const original = loadTemplate(file);
    const imported = importModelText(exportedModelJson(original)).doc;
    expectSameNetwork(original, imported);
  });
});

describe('every catalog example survives tfjs model.json and back', () => {
  it.each(allExamples().map((e) => [e.label, e] as const))('%s', (_label, { spec, example }) => {
    const original = exampleDocument(spec, example);
    const imported = importModelText(exportedModelJson(original)).doc;
    expectSameNetwork(original, imported);
  });
});

function importFixture(name: string) {
  return importModelText(readFileSync(join(fixtures, name), 'utf8'));
}

/** The coded problems an import throws, as their messages. */
function importProblems(text: string): string[] {
  try {
    importModelText(text);
  } catch (err) {
    if (err instanceof DocumentError) return err.problems.map((p) => p.message);
    throw err;
  }
  throw new Error('the import succeeded');
}

describe('hand-written Keras files', () => {
  it('reads a tf.keras 2 Sequential convnet (model.to_json())', () => {
    const { doc } = importFixture('keras2-sequential-mnist.json');
    expect(doc.nodes.map((n) => [n.id, n.type])).toEqual([
      ['conv2d_input', 'Input'],
      ['conv2d', 'Conv2D'],
      ['max_pooling2d', 'MaxPool2D'],
      ['flatten', 'Flatten'],
      ['dense', 'Dense'],
      ['dropout', 'Dropout'],
      ['dense_1', 'Dense'],
    ]);
    expect(doc.nodes.find((n) => n.id === 'dense')?.params).toMatchObject({
      units: 128,
      activation: 'relu',
    });
    const inference = inferGraph(doc);
    // By hand: 3·3·1·32 + 32 = 320; 13·13·32 = 5,408 features → 5,408·128 + 128 = 692,352;
    // 128·10 + 10 = 1,290 (Keras's model.summary() of this model says 694,962).
    expect(inference.totals.params.total).toBe(320 + 692_352 + 1_290);
    // model.to_json() saves no loss, so there is no loss node and inference says so.
    expect(inference.problems.map((p) => p.code)).toContain('E016');
    // Laid out top to bottom, one row per layer.
    expect(new Set(doc.nodes.map((n) => n.position.y)).size).toBe(doc.nodes.length);
  });

  it('reads a Keras 3 functional model with a residual Add and its compile config', () => {
    const { doc, notes } = importFixture('keras3-functional-residual.json');
    const edges = doc.edges.map((e) => `${e.source.node}→${e.target.node}:${e.target.port}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        'relu→conv_1:0',
        'relu→add:0',
        'conv_1→add:1',
        'classes→classes_loss:0',
      ]),
    );
    expect(doc.nodes.find((n) => n.id === 'relu')).toMatchObject({
      type: 'Activation',
      params: { activation: 'relu' },
    });
    expect(doc.nodes.find((n) => n.id === 'conv')?.params).toMatchObject({
      useBias: false,
      kernelInitializer: 'heNormal',
    });
    expect(doc.nodes.find((n) => n.id === 'classes_loss')).toMatchObject({
      type: 'CategoricalCrossentropyLoss',
      params: { weight: 1 },
    });
    expect(doc.training?.optimizer).toMatchObject({
      type: 'momentum',
      learningRate: 0.01,
      momentum: 0.9,
    });
    const inference = inferGraph(doc);
    expect(inference.problems.filter((p) => p.severity === 'error')).toEqual([]);
    // By hand: conv 3·3·3·16 = 432 (no bias); batch norm 4·16 = 64; conv_1 3·3·16·16 + 16 =
    // 2,320; dense 16·10 + 10 = 170.
    expect(inference.totals.params.total).toBe(432 + 64 + 2_320 + 170);
    expect(notes).toEqual([]);
    // And tfjs builds it with that count.
    const compiled = compileToLayersModel(tf, doc);
    expect(compiled.model.countParams()).toBe(2_986);
    compiled.model.dispose();
  });

  it('names every layer the catalog does not know, with its class, and opens nothing', () => {
    const text = readFileSync(join(fixtures, 'keras2-unknown-layers.json'), 'utf8');
    expect(importProblems(text)).toEqual([
      'E004 Layer "attention" is a Keras MultiHeadAttention, which Netwright\'s layer catalog does not have; the model cannot be opened without it. (at layer "attention")',
      'E004 Layer "scale" is a Keras Lambda, which Netwright\'s layer catalog does not have; the model cannot be opened without it. (at layer "scale")',
    ]);
  });
});

/** A functional tf.keras 2 model from layer entries `[class, config, inputs]`. */
function kerasModel(
  layers: [string, Record<string, unknown>, string[]][],
  outputs: string[],
): string {
  return JSON.stringify({
    class_name: 'Functional',
    config: {
      name: 'model',
      layers: layers.map(([className, config, inputs]) => ({
        class_name: className,
        name: config.name,
        config,
        inbound_nodes: inputs.length
          ? [inputs.map((i) => [i.replace(/#.*/, ''), Number(i.split('#')[1] ?? 0), 0, {}])]
          : [],
      })),
      input_layers: [['x', 0, 0]],
      output_layers: outputs.map((o) => [o, 0, 0]),
    },
    keras_version: '2.15.0',
  });
}

const input = (
  shape: (number | null)[],
  dtype = 'float32',
): [string, Record<string, unknown>, string[]] => [
  'InputLayer',
  { name: 'x', batch_input_shape: [null, ...shape], dtype },
  [],
];

describe('what an import refuses, and why', () => {
  it('refuses a GRU with reset_after (Keras 2 and 3 default), which tfjs cannot build', () => {
    const text = kerasModel(
      [
        input([5, 3]),
        [
          'GRU',
          { name: 'gru', units: 4, reset_after: true, recurrent_activation: 'sigmoid' },
          ['x'],
        ],
      ],
      ['gru'],
    );
    expect(importProblems(text)).toEqual([
      'E007 GRU "gru" has reset_after = true, which Netwright cannot express: TensorFlow.js builds only the GRU that resets before the recurrent product (reset_after=False). (at layer "gru")',
    ]);
  });

  it('checks a batch norm axis written as a number against the input rank', () => {
    const bn = (axis: unknown) =>
      kerasModel([input([4, 4, 2]), ['BatchNormalization', { name: 'bn', axis }, ['x']]], ['bn']);
    expect(importModelText(bn([3])).doc.nodes[1]?.type).toBe('BatchNormalization');
    expect(importProblems(bn([1]))).toEqual([
      'E007 Layer "bn" (Batch norm) normalizes over axis 1, but its input\'s last axis is 3; Netwright normalizes over the last axis only. (at layer "bn")',
    ]);
  });

  it('refuses a sequence of unknown length, and files that are not models', () => {
    expect(importProblems(kerasModel([input([null, 3])], ['x']))[0]).toMatch(
      /^E007 InputLayer "x" takes samples of shape \[null,3\]; Netwright needs every size fixed/,
    );
    expect(importProblems('{"nodes": []}')[0]).toMatch(/^E002 /);
    expect(importProblems('{not json')[0]).toMatch(/^E001 /);
  });

  it('gives a layer applied twice a twin that shares its weights', () => {
    // Keras lists a shared layer once, with one inbound node per application.
    const text = JSON.stringify({
      class_name: 'Functional',
      config: {
        name: 'twice',
        layers: [
          {
            class_name: 'InputLayer',
            name: 'x',
            config: { batch_input_shape: [null, 3] },
            inbound_nodes: [],
          },
          {
            class_name: 'Dense',
            name: 'shared',
            config: { name: 'shared', units: 3, activation: 'tanh' },
            inbound_nodes: [[['x', 0, 0, {}]], [['shared', 0, 0, {}]]],
          },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['shared', 1, 0]],
      },
    });
    const { doc } = importModelText(text);
    expect(doc.nodes.map((n) => [n.id, n.shareWeightsWith ?? null])).toEqual([
      ['x', null],
      ['shared', null],
      ['shared_2', 'shared'],
    ]);
    expect(doc.edges.map((e) => `${e.source.node}→${e.target.node}`)).toEqual([
      'x→shared',
      'shared→shared_2',
    ]);
    expect(inferGraph(doc).totals.params.total).toBe(3 * 3 + 3);
  });

  it('reads an older Sequential whose first layer carries the input shape', () => {
    const text = JSON.stringify({
      class_name: 'Sequential',
      config: [
        {
          class_name: 'Dense',
          config: { name: 'hidden', units: 8, activation: 'relu', batch_input_shape: [null, 20] },
        },
        { class_name: 'Dense', config: { name: 'out', units: 1, activation: 'sigmoid' } },
      ],
    });
    const { doc } = importModelText(text);
    expect(doc.nodes.map((n) => n.type)).toEqual(['Input', 'Dense', 'Dense']);
    expect(inferGraph(doc).totals.params.total).toBe(20 * 8 + 8 + 8 + 1);
  });
});

describe('a tfjs model.json with weights', () => {
  it('loads into the imported graph and predicts what the original did', async () => {
    const original = loadTemplate('siamese-face-verification.json');
    const compiled = compileToLayersModel(tf, original);
    let artifacts: tfIo.ModelArtifacts | undefined;
    await compiled.model.save(
      tf.io.withSaveHandler((a) => {
        artifacts = a;
        return Promise.resolve({
          modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
        });
      }),
    );
    const saved = artifacts as tfIo.ModelArtifacts;
    const specs = saved.weightSpecs ?? [];
    const text = JSON.stringify(
      modelJsonFor(original, saved.modelTopology as object, { specs, path: 'weights.bin' }),
    );
    const imported = importModelText(text);
    expect(imported.file.weightPaths).toEqual(['weights.bin']);
    const rebuilt = compileToLayersModel(tf, imported.doc);
    const data = tf.io.CompositeArrayBuffer.join(saved.weightData ?? []);
    rebuilt.model.loadWeights(
      tf.io.decodeWeights(
        data,
        importedWeightSpecs(imported.file.weightSpecs, imported.nodeIdOfLayer),
      ),
    );

    const inputs = compiled.model.inputs.map((t, i) =>
      tf.randomUniform([2, ...(t.shape.slice(1) as number[])], 0, 1, 'float32', 7 + i),
    );
    const expected = compiled.model.predict(inputs) as tfTensor;
    const actual = rebuilt.model.predict(inputs) as tfTensor;
    const difference = tf.max(tf.abs(tf.sub(expected, actual))).dataSync()[0];
    expect(difference).toBeLessThanOrEqual(1e-6);
    tf.dispose([...inputs, expected, actual]);
    compiled.model.dispose();
    rebuilt.model.dispose();
  });
});

describe('the model.json Netwright writes', () => {
  it('is one tfjs itself loads, with the settings tfjs leaves out of its own topology', async () => {
    // A separable convolution with depth multiplier 2: tfjs-layers' getConfig() drops the
    // multiplier, so its own topology would load as multiplier 1 and the weights would not fit.
    const spec = findLayer('SeparableConv2D');
    const example = spec?.examples.find((e) => e.params?.depthMultiplier === 2);
    if (!spec || !example)
      throw new Error('the catalog has no separable example with multiplier 2');
    const original = exampleDocument(spec, example);
    const compiled = compileToLayersModel(tf, original);
    let artifacts: tfIo.ModelArtifacts | undefined;
    await compiled.model.save(
      tf.io.withSaveHandler((a) => {
        artifacts = a;
        return Promise.resolve({
          modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
        });
      }),
    );
    const saved = artifacts as tfIo.ModelArtifacts;
    const json = modelJsonFor(original, saved.modelTopology as object, {
      specs: saved.weightSpecs ?? [],
      path: 'weights.bin',
    });
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]?.weights,
        weightData: saved.weightData,
      }),
    );
    const input = tf.randomNormal(
      [2, ...(compiled.model.inputs[0]?.shape.slice(1) as number[])],
      0,
      1,
      'float32',
      3,
    );
    const expected = compiled.model.predict(input) as tfTensor;
    const actual = loaded.predict(input) as tfTensor;
    expect(tf.max(tf.abs(tf.sub(expected, actual))).dataSync()[0]).toBeLessThanOrEqual(1e-6);
    tf.dispose([input, expected, actual]);
    compiled.model.dispose();
    loaded.dispose();
  });
});

describe('netwright import', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'netwright-import-'));
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));
  const capture = () => {
    const io = {
      text: '',
      out: (t: string) => void (io.text += t),
      err: (t: string) => void (io.text += t),
    };
    return io;
  };

  it('writes the imported document, which loads as any other', async () => {
    const out = join(workspace, 'residual.json');
    const io = capture();
    const code = await main(
      ['import', join(fixtures, 'keras3-functional-residual.json'), '--out', out],
      io,
    );
    expect(code).toBe(0);
    expect(io.text).toContain(`Wrote ${out}: 9 nodes.`);
    const written = parseDocumentText(readFileSync(out, 'utf8'));
    expect(written.nodes.map((n) => n.type)).toContain('CategoricalCrossentropyLoss');
  });

  it('refuses a model with unknown layers, naming them, and writes nothing', async () => {
    const out = join(workspace, 'unknown.json');
    const io = capture();
    const code = await main(
      ['import', join(fixtures, 'keras2-unknown-layers.json'), '--out', out],
      io,
    );
    expect(code).toBe(1);
    expect(io.text).toContain('E004 Layer "attention" is a Keras MultiHeadAttention');
    expect(io.text).toContain('E004 Layer "scale" is a Keras Lambda');
    expect(existsSync(out)).toBe(false);
  });
});
