/**
 * Netwright's batch and layer norms (used when γ or β is off, since tfjs's cannot train then) must
 * compute what tfjs's own layers compute. The oracle is tfjs's layer with γ = 1 and β = 0, its
 * initial values, which is the same function as ours without γ and β. The exported source of the
 * same classes is transpiled, run, and held to the same answers.
 */
import { runInThisContext } from 'node:vm';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizationLayerSources } from '../../app/codegen/normalization-layers-source.ts';
import { customLayerFactories } from '../../app/engine/custom-layers.ts';
import type { Layer, Tensor } from '../../app/engine/tf.ts';
import { tf, useCpuBackend } from '../helpers/tfjs-oracle.ts';

beforeAll(useCpuBackend);

type Make = (args: Record<string, unknown>) => Layer;

const fromEngine: Record<'batchNorm' | 'layerNorm', Make> = {
  batchNorm: (args) => customLayerFactories(tf).batchNorm?.(args) as Layer,
  layerNorm: (args) => customLayerFactories(tf).layerNorm?.(args) as Layer,
};

/** The classes exported modules carry, compiled from their source text. */
function fromSource(key: 'batchNorm' | 'layerNorm', className: string): Make {
  const source = normalizationLayerSources[key] as string;
  const js = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
  }).outputText;
  // Run in this realm, so arrays and tensors are the ones tfjs knows; `tf` comes in as a parameter,
  // as the exported module's import provides it.
  const withTf = runInThisContext(`(function (tf) {\n${js}\nreturn ${className};\n})`) as (
    namespace: typeof tf,
  ) => new (args: Record<string, unknown>) => Layer;
  const cls = withTf(tf);
  return (args) => new cls(args);
}

const x = () =>
  tf.tensor3d(
    [
      [
        [1, 2, 3],
        [4, -5, 6],
      ],
      [
        [0.5, 0, -1],
        [2, 2, 9],
      ],
      [
        [-3, 1, 1],
        [7, 0.25, -2],
      ],
    ],
    [3, 2, 3],
  );

const values = (t: Tensor | Tensor[]) => Array.from((t as Tensor).dataSync());

function expectClose(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 5));
}

const implementations = [
  ['app/engine', fromEngine],
  [
    'exported source',
    {
      batchNorm: fromSource('batchNorm', 'BatchNorm'),
      layerNorm: fromSource('layerNorm', 'LayerNorm'),
    },
  ],
] as const;

describe.each(implementations)('normalization without γ and β (%s)', (_where, make) => {
  it('batch norm: training output and moving statistics equal tfjs batchNormalization', () => {
    const settings = { momentum: 0.9, epsilon: 0.001 };
    const ours = make.batchNorm({ ...settings, center: false, scale: false });
    const theirs = tf.layers.batchNormalization(settings);
    expectClose(
      values(ours.apply(x(), { training: true }) as Tensor),
      values(theirs.apply(x(), { training: true }) as Tensor),
    );
    // tfjs's weights are [γ, β, moving mean, moving variance]; ours hold only the last two.
    const [mean, variance] = ours.getWeights();
    const [, , tfMean, tfVariance] = theirs.getWeights();
    expectClose(values(mean as Tensor), values(tfMean as Tensor));
    expectClose(values(variance as Tensor), values(tfVariance as Tensor));
    // And at test time both use the moving statistics just updated.
    expectClose(values(ours.apply(x()) as Tensor), values(theirs.apply(x()) as Tensor));
  });

  it('batch norm without γ: β is learned and the moving statistics are not', async () => {
    const input = tf.input({ shape: [2, 3] });
    const norm = make.batchNorm({ momentum: 0.5, epsilon: 0.001, center: true, scale: false });
    const model = tf.model({ inputs: input, outputs: norm.apply(input) as tf.SymbolicTensor });
    expect(model.trainableWeights.map((w) => w.shape)).toEqual([[3]]);
    expect(model.countParams()).toBe(9);
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
    await model.fit(x(), tf.onesLike(x()), { epochs: 1, batchSize: 3, verbose: 0 });
    const [beta] = norm.getWeights();
    // Normalized outputs have mean 0 per channel, so the gradient pushes β towards the target 1.
    for (const b of values(beta as Tensor)) expect(b).toBeGreaterThan(0);
  });

  it('layer norm: output equals tfjs layerNormalization', () => {
    const ours = make.layerNorm({ epsilon: 0.001, center: false, scale: false });
    const theirs = tf.layers.layerNormalization({ epsilon: 0.001 });
    expectClose(values(ours.apply(x()) as Tensor), values(theirs.apply(x()) as Tensor));
  });

  it('layer norm without β trains γ', async () => {
    const input = tf.input({ shape: [2, 3] });
    const norm = make.layerNorm({ epsilon: 0.001, center: false, scale: true });
    const model = tf.model({ inputs: input, outputs: norm.apply(input) as tf.SymbolicTensor });
    expect(model.trainableWeights.map((w) => w.shape)).toEqual([[3]]);
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    await model.fit(x(), tf.zerosLike(x()), { epochs: 1, batchSize: 3, verbose: 0 });
    // A target of zero pulls the scale γ (initially 1) down.
    for (const g of values(norm.getWeights()[0] as Tensor)) expect(g).toBeLessThan(1);
  });
});
