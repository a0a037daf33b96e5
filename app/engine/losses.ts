/**
 * How each model output is scored, described once as data and read twice: the engine turns the
 * description into functions for `model.compile`, the TypeScript emitter prints it as source.
 *
 * Why functions at all: tfjs's `model.compile` has no `lossWeights`, so a loss node weighted w ≠ 1
 * becomes `(yTrue, yPred) => w · loss(yTrue, yPred)`. tfjs sums the per-output mean losses, so
 * this is exactly Keras's weighted total. The base functions below are tfjs's own named losses
 * through its public API (`tf.metrics.*` are the same functions `model.compile` looks up by name),
 * and the tests check weight 2 against 2 × the named loss for every loss in the catalog. An
 * unweighted loss stays a name, so tfjs treats it exactly as Keras would (sparse labels, accuracy).
 *
 * This module imports tfjs for types only, so the emitter (pure code) can read the descriptions.
 */
import type { LossSpec } from '../layers/spec.ts';
import type { Shape } from '../layers/shape.ts';
import type { ModelCompileArgs } from '@tensorflow/tfjs';
import type { Tensor, Tf } from './tf.ts';

/** A tfjs expression over the loss function's two arguments. */
export type LossTerm =
  | { readonly op: 'call'; readonly path: string; readonly args: readonly LossTerm[] }
  | { readonly op: 'arg'; readonly name: 'yTrue' | 'yPred' }
  /** A constant argument; undefined stands for a skipped optional positional argument. */
  | { readonly op: 'const'; readonly value: number | string | undefined };

export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** What `model.compile` gets for one output: tfjs's loss name, or a function body. */
export type LossPlan =
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'function'; readonly body: LossTerm };

/** One scored output: its loss node's spec and the shape of the prediction it scores. */
export interface ScoredOutput {
  readonly loss: LossSpec;
  readonly prediction: Shape;
}

const yTrue: LossTerm = { op: 'arg', name: 'yTrue' };
const yPred: LossTerm = { op: 'arg', name: 'yPred' };
const call = (path: string, ...args: LossTerm[]): LossTerm => ({ op: 'call', path, args });
const constant = (value: number | string | undefined): LossTerm => ({
  op: 'const',
  value,
});

/**
 * tfjs's named losses spelled with its public API, per sample like the named ones. Names missing
 * here cannot be weighted: add them with a test (codegen-typescript.test.ts checks every loss).
 */
const namedLossBodies: Readonly<Record<string, LossTerm>> = {
  meanSquaredError: call('metrics.meanSquaredError', yTrue, yPred),
  meanAbsoluteError: call('metrics.meanAbsoluteError', yTrue, yPred),
  binaryCrossentropy: call('metrics.binaryCrossentropy', yTrue, yPred),
  categoricalCrossentropy: call('metrics.categoricalCrossentropy', yTrue, yPred),
  // tfjs-layers' hinge: the mean over the last axis of max(0, 1 − y·ŷ).
  hinge: call(
    'mean',
    call('relu', call('sub', constant(1), call('mul', yTrue, yPred))),
    constant(-1),
  ),
};

function baseBody(loss: LossSpec): LossTerm {
  if (typeof loss.tfjs !== 'string') {
    const { fn, extra } = loss.tfjs;
    if (fn === 'huberLoss') {
      return call(
        'losses.huberLoss',
        yTrue,
        yPred,
        constant(undefined),
        constant(extra.delta ?? 1),
      );
    }
    throw new Error(`Netwright does not know how to call tf.losses.${fn}.`);
  }
  if (loss.tfjs === 'sparseCategoricalCrossentropy') {
    // tfjs takes class-number labels ([batch, 1]) only for this loss by name; as a function it
    // would demand labels shaped like the prediction, which these are not.
    throw new Error(
      'Sparse categorical cross-entropy cannot be weighted in tfjs: set its weight to 1, or use categorical cross-entropy with one-hot labels.',
    );
  }
  const body = namedLossBodies[loss.tfjs];
  if (!body) throw new Error(`Netwright cannot weight the tfjs loss '${loss.tfjs}' yet.`);
  return body;
}

/** Names where tfjs knows the loss and the weight is 1; a function otherwise. Throws if unweightable. */
export function lossPlan(loss: LossSpec): LossPlan {
  if (typeof loss.tfjs === 'string' && loss.weight === 1) return { kind: 'named', name: loss.tfjs };
  const body = baseBody(loss);
  return {
    kind: 'function',
    body: loss.weight === 1 ? body : call('mul', body, constant(loss.weight)),
  };
}

/**
 * The accuracy metric tfjs picks for 'accuracy' given the loss by name (compile() in tfjs-layers'
 * training.ts). Handed a loss function it can only guess from the shape, so callers that pass
 * functions name the metric per output.
 */
export function accuracyMetricName(
  output: ScoredOutput,
): 'binaryAccuracy' | 'categoricalAccuracy' | 'sparseCategoricalAccuracy' {
  const { loss, prediction } = output;
  if (prediction.at(-1) === 1 || loss.tfjs === 'binaryCrossentropy') return 'binaryAccuracy';
  if (loss.tfjs === 'sparseCategoricalCrossentropy') return 'sparseCategoricalAccuracy';
  return 'categoricalAccuracy';
}

/**
 * The `loss` argument for `model.compile`, one entry per output in output order. tfjs looks each
 * entry of a list up on its own (`losses.get`), so names and functions may mix; its TypeScript
 * type does not say so, hence the one cast here.
 */
export function resolveLosses(tf: Tf, outputs: readonly ScoredOutput[]): ModelCompileArgs['loss'] {
  const list = outputs.map(({ loss }): string | LossFn => {
    const plan = lossPlan(loss);
    if (plan.kind === 'named') return plan.name;
    const body = plan.body;
    return (t: Tensor, p: Tensor) => evaluate(tf, body, t, p) as Tensor;
  });
  return list as ModelCompileArgs['loss'];
}

function evaluate(tf: Tf, term: LossTerm, t: Tensor, p: Tensor): unknown {
  switch (term.op) {
    case 'arg':
      return term.name === 'yTrue' ? t : p;
    case 'const':
      return term.value;
    case 'call': {
      let fn: unknown = tf;
      for (const part of term.path.split('.')) {
        fn =
          typeof fn === 'object' && fn !== null ? (fn as Record<string, unknown>)[part] : undefined;
      }
      if (typeof fn !== 'function') throw new Error(`tfjs has no function tf.${term.path}`);
      return (fn as (...args: unknown[]) => unknown)(
        ...term.args.map((a) => evaluate(tf, a, t, p)),
      );
    }
  }
}
