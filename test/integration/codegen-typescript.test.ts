/**
 * The TypeScript emitter, proven by running what it writes: every document in the table is
 * emitted into test/.generated/, type-checked in ONE TypeScript program with the project's strict
 * settings, imported, and its buildModel() compared with the in-app compiler's model (layer names
 * and classes in order, output shapes, parameter count). Weighted losses are checked by value.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitTypeScript } from '../../app/codegen/typescript.ts';
import { variableName } from '../../app/codegen/identifiers.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { resolveLosses } from '../../app/engine/losses.ts';
import type { ScoredOutput } from '../../app/engine/losses.ts';
import type { LayersModel, Tensor } from '../../app/engine/tf.ts';
import { catalog } from '../../app/layers/catalog.ts';
import type { LayerSpec } from '../../app/layers/spec.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { getLayer } from '../../app/layers/catalog.ts';
import { multiBranchGraphs, multiTask } from '../fixtures/graphs.ts';
import { doc, edge, node } from '../helpers/docs.ts';
import { allExamples, exampleDocument, inputNode } from '../helpers/examples.ts';
import { tf, useCpuBackend } from '../helpers/tfjs-oracle.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Inside the repo so `@tensorflow/tfjs` resolves from node_modules; git-ignored. One folder per
// run, so two runs at once (a watcher beside a full suite) never delete each other's files.
const outDir = join(repoRoot, 'test/.generated', `codegen-typescript-${process.pid}`);

interface GeneratedModule {
  buildModel(): LayersModel;
  compileModel(model: LayersModel): void;
  losses: unknown[];
}

const lossSpecs = catalog
  .map((entry) => entry as unknown as LayerSpec)
  .filter((spec) => spec.role === 'loss');

/** A Dense softmax output scored by the loss `type` with the given weight. */
function scoredBy(type: string, weight: number): GraphDocument {
  return doc(
    [
      inputNode('x', [6]),
      node('out', 'Dense', { units: 4, activation: 'softmax' }),
      node('loss', type, { weight }),
    ],
    [edge('x', 'out'), edge('out', 'loss')],
    `${type} weighted ${weight}`,
  );
}

const cases: { label: string; document: GraphDocument }[] = [
  ...multiBranchGraphs.map((g) => ({ label: g.name, document: g.build() })),
  { label: 'multi-task, head b weighted 1', document: multiTask(1) },
  { label: 'multi-task, head b weighted 2', document: multiTask(2) },
  ...lossSpecs.map((spec) => ({
    label: `${spec.type} weighted 2`,
    document: scoredBy(spec.type, 2),
  })),
  ...allExamples().map(({ label, spec, example }) => ({
    label: `example ${label}`,
    document: exampleDocument(spec, example),
  })),
];

const files = new Map<string, string>();
const sources = new Map<string, string>();
const diagnostics = new Map<string, string[]>();
const anyTypes = new Map<string, number>();

beforeAll(async () => {
  await useCpuBackend();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  cases.forEach(({ label, document }, i) => {
    const slug = label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const file = join(outDir, `m${String(i).padStart(3, '0')}-${slug}.ts`);
    const source = emitTypeScript(document);
    writeFileSync(file, source);
    files.set(label, file);
    sources.set(label, source);
  });
  typeCheckAll();
});

// The files are scratch output; left behind they would join the project's own tsc and lint runs.
afterAll(() => {
  if (!process.env.NETWRIGHT_KEEP_GENERATED) rmSync(outDir, { recursive: true, force: true });
});

/** One TypeScript program over every emitted file, with the project's compiler settings. */
function typeCheckAll(): void {
  const configPath = join(repoRoot, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p)) as {
    config: unknown;
  };
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot);
  const program = ts.createProgram({
    rootNames: [...files.values()],
    options: { ...options, noEmit: true },
  });
  const byFile = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const name = d.file?.fileName ?? '(no file)';
    const at =
      d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    const where = at ? `${at.line + 1}:${at.character + 1} ` : '';
    byFile.set(name, [
      ...(byFile.get(name) ?? []),
      `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    ]);
  }
  for (const [label, file] of files) {
    const sourceFile = program.getSourceFile(file);
    diagnostics.set(label, byFile.get(file) ?? (sourceFile ? [] : ['file not in the program']));
    let count = 0;
    const visit = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.AnyKeyword) count++;
      ts.forEachChild(n, visit);
    };
    if (sourceFile) visit(sourceFile);
    anyTypes.set(label, count);
  }
  // Diagnostics outside the emitted files (a broken tfjs typing) would go unseen otherwise.
  const elsewhere = [...byFile.keys()].filter((f) => ![...files.values()].includes(f));
  diagnostics.set(
    '(other files)',
    elsewhere.flatMap((f) => byFile.get(f) ?? []),
  );
}

async function load(label: string): Promise<GeneratedModule> {
  const file = files.get(label) as string;
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as GeneratedModule;
}

function describeModel(model: LayersModel) {
  return {
    layers: model.layers.map((l) => [l.name, l.getClassName()]),
    // Every argument tfjs kept, initializers and regularizers included. A seed left out reads as
    // null when an initializer is named and undefined when built; tfjs treats both alike.
    configs: model.layers.map((l): unknown =>
      JSON.parse(JSON.stringify(l.getConfig(), (_k, v: unknown) => (v === null ? undefined : v))),
    ),
    inputs: model.inputs.map((t) => t.shape),
    outputs: model.outputs.map((t) => t.shape),
    params: model.countParams(),
  };
}

/** Random inputs for a model and labels that fit each output's loss. */
function batchFor(model: LayersModel, outputs: readonly ScoredOutput[], size = 4) {
  const xs = model.inputs.map((t) => {
    const shape = [size, ...(t.shape.slice(1) as number[])];
    return t.dtype === 'int32'
      ? tf.randomUniform(shape, 0, 3, 'int32')
      : tf.randomUniform(shape, 0, 1, 'float32');
  });
  const ys = outputs.map(({ loss, prediction }) => {
    const shape = [size, ...(prediction.slice(1) as number[])];
    if (loss.tfjs === 'sparseCategoricalCrossentropy') {
      const classes = shape.at(-1) as number;
      return tf.floor(tf.randomUniform([...shape.slice(0, -1), 1], 0, classes));
    }
    if (loss.tfjs === 'hinge') return tf.sign(tf.randomUniform(shape, -1, 1));
    return tf.randomUniform(shape, 0, 1);
  });
  return { xs, ys };
}

/** The loss values `model.evaluate` reports: the total, then one per output when there are several. */
function evaluate(model: LayersModel, xs: Tensor[], ys: Tensor[]): number[] {
  const result = model.evaluate(xs, ys, { batchSize: xs[0]?.shape[0] ?? 1 });
  const values = (Array.isArray(result) ? result : [result]).map((t) => t.dataSync()[0] as number);
  // tfjs 4 puts one extra value in front for multi-output models; its names say what the rest are.
  return values.slice(-model.metricsNames.length);
}

describe('emitted TypeScript type-checks under the project’s strict settings', () => {
  it('in one program, with no errors outside the emitted files', () => {
    expect(diagnostics.get('(other files)')).toEqual([]);
  });
  it.each(cases.map((c) => c.label))('%s', (label) => {
    expect(diagnostics.get(label)).toEqual([]);
    expect(anyTypes.get(label), 'the type `any`').toBe(0);
  });
});

describe('emitted buildModel() builds the model the app builds', () => {
  it.each(cases)('$label', async ({ label, document }) => {
    const emitted = (await load(label)).buildModel();
    const inApp = compileToLayersModel(tf, document).model;
    expect(describeModel(emitted)).toEqual(describeModel(inApp));
  });
});

describe('emitted code reads like a person wrote it', () => {
  it.each(cases)('$label', ({ label, document }) => {
    const source = sources.get(label) as string;
    for (const n of document.nodes) {
      if (getLayer(n.type).role === 'loss') continue;
      const declarations = source.match(new RegExp(`^\\s*const ${variableName(n.id)} =`, 'gm'));
      expect(declarations?.length ?? 0, `const ${n.id}`).toBe(1);
    }
    for (const g of document.groups) expect(source).toContain(`// ── ${g.name} ──`);
  });
});

describe('a document with errors', () => {
  it('still emits, headed by its problems, so a code view never goes blank', () => {
    const broken = multiTask(1);
    broken.edges = broken.edges.filter((e) => e.target.node !== 'head_b');
    const source = emitTypeScript(broken);
    expect(source).toMatch(
      /problems to fix before this code can run:\n \* - E011 .*\(node head_b\)/,
    );
    expect(source).toContain('export function buildModel(): tf.LayersModel {');
  });
});

describe('emitted compileModel() and one training step', () => {
  it.each(['inception module', 'Siamese pair', 'multi-task, head b weighted 2'])(
    '%s',
    async (label) => {
      const document = cases.find((c) => c.label === label)?.document as GraphDocument;
      const generated = await load(label);
      const model = generated.buildModel();
      generated.compileModel(model);
      const { outputs } = compileToLayersModel(tf, document);
      const { xs, ys } = batchFor(model, outputs);
      const history = await model.fit(xs, ys, { epochs: 1, batchSize: 4, verbose: 0 });
      const loss = history.history.loss?.[0];
      expect(typeof loss === 'number' && Number.isFinite(loss)).toBe(true);
    },
  );
});

describe('a loss weight of 2 doubles that output’s loss (tfjs has no lossWeights)', () => {
  it('in the app and in emitted code, for the multi-task model', async () => {
    const one = compileToLayersModel(tf, multiTask(1));
    const two = compileToLayersModel(tf, multiTask(2));
    two.model.setWeights(one.model.getWeights());
    one.model.compile({ optimizer: 'sgd', loss: resolveLosses(tf, one.outputs) });
    two.model.compile({ optimizer: 'sgd', loss: resolveLosses(tf, two.outputs) });
    const { xs, ys } = batchFor(one.model, one.outputs);
    const [total1, a1, b1] = evaluate(one.model, xs, ys) as [number, number, number];
    const [total2, a2, b2] = evaluate(two.model, xs, ys) as [number, number, number];
    expect(a2).toBeCloseTo(a1, 5);
    expect(b2).toBeCloseTo(2 * b1, 5);
    expect(total2).toBeCloseTo(total1 + b1, 5);

    for (const [label, expected] of [
      ['multi-task, head b weighted 1', [total1, a1, b1]],
      ['multi-task, head b weighted 2', [total2, a2, b2]],
    ] as const) {
      const generated = await load(label);
      const model = generated.buildModel();
      model.setWeights(one.model.getWeights());
      generated.compileModel(model);
      const got = evaluate(model, xs, ys);
      expected.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    }
  });

  // tfjs accepts class-number labels only for this loss by name, so it cannot take a weight.
  const unweightable = new Set(['SparseCategoricalCrossentropyLoss']);

  it.each(lossSpecs.map((s) => s.type))('%s: weight 2 is twice tfjs’s own loss', async (type) => {
    const one = compileToLayersModel(tf, scoredBy(type, 1));
    const two = compileToLayersModel(tf, scoredBy(type, 2));
    if (unweightable.has(type)) {
      expect(() => resolveLosses(tf, two.outputs)).toThrow(/cannot be weighted/);
      expect(sources.get(`${type} weighted 2`)).toContain('cannot be weighted');
      return;
    }
    two.model.setWeights(one.model.getWeights());
    // Weight 1 goes to tfjs by name, so tfjs's own loss is the reference.
    one.model.compile({ optimizer: 'sgd', loss: resolveLosses(tf, one.outputs) });
    two.model.compile({ optimizer: 'sgd', loss: resolveLosses(tf, two.outputs) });
    expect(typeof one.model.loss).not.toBe('function');
    const { xs, ys } = batchFor(one.model, one.outputs, 8);
    const [loss1] = evaluate(one.model, xs, ys) as [number];
    const [loss2] = evaluate(two.model, xs, ys) as [number];
    expect(loss1).toBeGreaterThan(0);
    expect(loss2).toBeCloseTo(2 * loss1, 5);

    const generated = await load(`${type} weighted 2`);
    const emitted = generated.buildModel();
    emitted.setWeights(one.model.getWeights());
    generated.compileModel(emitted);
    const [emittedLoss] = evaluate(emitted, xs, ys) as [number];
    expect(emittedLoss).toBeCloseTo(loss2, 5);
  });
});
