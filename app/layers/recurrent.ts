/**
 * What SimpleRNN, LSTM, GRU and Bidirectional have in common: one parameter schema, one shape
 * rule, one parameter count and one FLOP count, parameterized by the cell. Each cell is described
 * by how many gates it has (each gate is a W·x + U·h + b block) and how many element-wise
 * operations per unit it does on top of its matrix products.
 */
import { countWeights, weightArgs, weightParams } from './common.ts';
import type { KerasReader } from './keras.ts';
import { kernelInit, py, pyCall, transposed } from './pytorch.ts';
import type { TorchInit, TorchWeight, WeightTransform } from './pytorch.ts';
import { defineLayer } from './spec.ts';
import type { LayerExample, LayerSpec, ParamCount } from './spec.ts';
import { bool, float, int, oneOf } from './params.ts';
import type { ParamValues } from './params.ts';
import { expectRank, only } from './shape.ts';
import type { Shape } from './shape.ts';
import { tfCall } from './tfcall.ts';
import type { TfCall } from './tfcall.ts';

export const recurrentKinds = ['LSTM', 'GRU', 'SimpleRNN'] as const;
export type RecurrentKind = (typeof recurrentKinds)[number];

interface Cell {
  label: string;
  /** tfjs factory under `tf`. */
  factory: string;
  /** W·x + U·h + b blocks: 1 for a simple RNN, 3 for a GRU (z, r, h̃), 4 for an LSTM (i, f, g, o). */
  gates: number;
  /**
   * Element-wise FLOPs per unit and time step besides the matrix products and bias adds, one per
   * operation:
   * - SimpleRNN: the activation (1).
   * - LSTM: four gate nonlinearities (4); c = f·c + i·g (3); h = o·tanh(c) (2) → 9.
   * - GRU (tfjs, reset gate before the matrix product): three nonlinearities (3); r·h (1);
   *   h = z·h + (1 − z)·h̃ (4) → 8.
   */
  elementwise: number;
}

export const cells: Record<RecurrentKind, Cell> = {
  SimpleRNN: { label: 'Simple RNN', factory: 'layers.simpleRNN', gates: 1, elementwise: 1 },
  LSTM: { label: 'LSTM', factory: 'layers.lstm', gates: 4, elementwise: 9 },
  GRU: { label: 'GRU', factory: 'layers.gru', gates: 3, elementwise: 8 },
};

export const recurrentParams = {
  units: int({
    label: 'Units',
    default: 32,
    min: 1,
    max: 100_000,
    help: 'Size of the hidden state a⟨t⟩ (n_a in the course).',
  }),
  returnSequences: bool({
    label: 'Return sequences',
    default: false,
    help: 'Output the hidden state at every time step (to stack another recurrent layer) instead of only the last one.',
  }),
  activation: oneOf({
    label: 'Activation',
    options: ['tanh', 'relu', 'sigmoid', 'linear'],
    default: 'tanh',
    help: 'Squashes the new hidden state (and, in an LSTM, the cell candidate). tanh as in the course; the gates always use sigmoid.',
  }),
  dropout: float({
    label: 'Input dropout',
    default: 0,
    min: 0,
    max: 1,
    maxExclusive: true,
    help: 'Fraction of the inputs x⟨t⟩ dropped at each step while training (0 turns it off).',
  }),
  ...weightParams,
} as const;

export type RecurrentValues = ParamValues<typeof recurrentParams>;

/** Output of one recurrent layer over a [null, T, F] input. Throws E013 for any other rank. */
export function recurrentOutputShape(
  inputs: readonly Shape[],
  units: number,
  returnSequences: boolean,
  label: string,
): Shape {
  const x = only(inputs);
  const hint =
    x.length === 4
      ? 'Recurrent layers read a sequence (time steps × features); use Conv 2D for images, or Reshape the image into rows first.'
      : 'Feed it a sequence (time steps × features): an Input of kind sequence, or an Embedding of tokens.';
  expectRank(x, [3], label, hint);
  return returnSequences ? [null, x[1] ?? null, units] : [null, units];
}

/** kernel (F × g·u) + recurrent kernel (u × g·u) + bias (g·u), as tfjs builds it. */
export function recurrentParamCount(
  kind: RecurrentKind,
  inputs: readonly Shape[],
  p: RecurrentValues,
): ParamCount {
  const features = only(inputs).at(-1) ?? 0;
  const { gates } = cells[kind];
  return countWeights(gates * (p.units * features + p.units * p.units + p.units), p.trainable);
}

/**
 * One direction over the whole sequence: per time step, each gate's W·x + U·h is one dot product
 * of length F + u per unit (2 FLOPs per multiply-add), plus a bias add per gate and unit, plus the
 * cell's element-wise work. An unknown sequence length counts as one step.
 */
export function recurrentFlops(
  kind: RecurrentKind,
  inputs: readonly Shape[],
  units: number,
): number {
  const x = only(inputs);
  const steps = x[1] ?? 1;
  const features = x[2] ?? 0;
  const { gates, elementwise } = cells[kind];
  const perStep = 2 * gates * units * (features + units) + gates * units + elementwise * units;
  return steps * perStep;
}

/**
 * The tfjs layer for one recurrent layer. Gates use the logistic sigmoid, as in the course and in
 * Keras 2; tfjs's own default is the piecewise-linear hard sigmoid of Keras 1. The recurrent
 * kernel keeps tfjs's (and Keras's) orthogonal initializer.
 */
export function recurrentCall(kind: RecurrentKind, p: RecurrentValues, name: string): TfCall {
  return tfCall(cells[kind].factory, {
    name,
    units: p.units,
    returnSequences: p.returnSequences,
    activation: p.activation,
    ...(kind === 'SimpleRNN' ? {} : { recurrentActivation: 'sigmoid' }),
    ...(p.dropout > 0 ? { dropout: p.dropout } : {}),
    ...weightArgs(p),
  });
}

/**
 * The shared recurrent params from a Keras LSTM, GRU or SimpleRNN config. Settings that change
 * what the layer computes and that tfjs cannot build are refused (a GRU's `reset_after`, Keras's
 * default since TensorFlow 2, is one).
 */
export function recurrentParamsFromKeras(k: KerasReader): RecurrentValues {
  if (k.className !== 'SimpleRNN') {
    k.expect('recurrent_activation', ['sigmoid'], 'the catalog’s gates use the logistic sigmoid.');
  }
  if (k.className === 'GRU') {
    k.expect(
      'reset_after',
      [false],
      'TensorFlow.js builds only the GRU that resets before the recurrent product (reset_after=False).',
    );
  }
  k.expect('use_bias', [true], 'the catalog’s recurrent layers always have a bias.');
  for (const key of ['return_state', 'go_backwards', 'stateful']) {
    k.expect(key, [false], 'the catalog’s recurrent layers read each sequence once, forwards.');
  }
  k.ignore('recurrent_dropout', (v) => v === 0, 'it only affects training');
  k.ignore('recurrent_regularizer', () => false, 'Netwright regularizes kernels only');
  k.ignore('recurrent_constraint', () => false, 'Netwright has no weight constraints');
  k.ignore(
    'recurrent_initializer',
    (v) => (typeof v === 'string' ? v === 'orthogonal' : JSON.stringify(v).includes('Orthogonal')),
    'the recurrent kernel starts orthogonal (this matters only when training from scratch)',
  );
  const { kernelInitializer, kernelStddev, biasInitializer, l1, l2, trainable } = k.weights();
  return {
    units: k.int('units', 32),
    returnSequences: k.bool('return_sequences', false),
    activation: k.oneOf('activation', ['tanh', 'relu', 'sigmoid', 'linear'], 'tanh'),
    dropout: k.number('dropout', 0),
    kernelInitializer,
    kernelStddev,
    biasInitializer,
    l1,
    l2,
    trainable,
  };
}

export function describeRecurrent(p: RecurrentValues): string {
  const extras = [
    p.returnSequences ? 'all steps' : 'last step',
    p.activation === 'tanh' ? '' : p.activation,
    p.dropout > 0 ? `dropout ${p.dropout}` : '',
  ].filter(Boolean);
  return `${p.units} units, ${extras.join(', ')}`;
}

/** A catalog entry for one recurrent cell type; the entry files add help text and examples. */
export function defineRecurrent(options: {
  kind: RecurrentKind;
  help: string;
  examples: readonly LayerExample[];
}): LayerSpec<typeof recurrentParams> {
  const { kind } = options;
  const { label } = cells[kind];
  return defineLayer({
    type: kind,
    label,
    category: 'recurrent',
    help: options.help,
    role: 'layer',
    inputs: { min: 1, max: 1 },
    weighted: true,
    examples: options.examples,
    params: recurrentParams,
    describe: describeRecurrent,
    outputShape: (inputs, p) => recurrentOutputShape(inputs, p.units, p.returnSequences, label),
    countParams: (inputs, p) => recurrentParamCount(kind, inputs, p),
    flops: (inputs, _out, p) => recurrentFlops(kind, inputs, p.units),
    fromKeras: { classes: [kind], params: recurrentParamsFromKeras },
    tfjs: (p, name) => [recurrentCall(kind, p, name)],
    pytorch: (p, ctx) => ({
      layout: 'channelsLast',
      module: recurrentModule(kind, p, only(ctx.inputs).at(-1) ?? 0),
      forward: ([x]) => `self.${ctx.attr}(${x ?? ''})`,
      weights: recurrentWeights(kind, '', ''),
      init: recurrentInit(p, ''),
      frozen: !p.trainable,
      helpers: ['Recurrent'],
    }),
  });
}

/**
 * Netwright's Recurrent module (in the exported file) for one layer: written out instead of
 * nn.LSTM / nn.GRU, which have two biases per gate, only tanh, and a GRU that resets after the
 * recurrent product, where tfjs has one bias, any activation, and resets before.
 */
export function recurrentModule(kind: RecurrentKind, p: RecurrentValues, features: number): string {
  return pyCall('Recurrent', [py(torchCells[kind]), String(features), String(p.units)], {
    activation: p.activation === 'tanh' ? undefined : py(p.activation),
    return_sequences: p.returnSequences ? 'True' : undefined,
    dropout: p.dropout > 0 ? py(p.dropout) : undefined,
  });
}

const torchCells: Record<RecurrentKind, string> = { SimpleRNN: 'rnn', LSTM: 'lstm', GRU: 'gru' };

/**
 * tfjs's kernel [F, g·u], recurrent kernel [u, g·u] and bias [g·u] to PyTorch's weight_ih
 * [g·u, F], weight_hh [g·u, u] and bias. LSTM gates are i, f, c, o in both; tfjs's GRU has
 * z, r, h where PyTorch has r, z, n, so its blocks are swapped.
 */
export function recurrentWeights(kind: RecurrentKind, tfjsPrefix: string, torchPrefix: string) {
  const reorder: WeightTransform[] =
    kind === 'GRU' ? [{ op: 'reorderBlocks', axis: -1, order: [1, 0, 2] }] : [];
  const weights: TorchWeight[] = [
    {
      tfjs: `${tfjsPrefix}kernel`,
      torch: `${torchPrefix}weight_ih`,
      transform: [...reorder, ...transposed],
    },
    {
      tfjs: `${tfjsPrefix}recurrent_kernel`,
      torch: `${torchPrefix}weight_hh`,
      transform: [...reorder, ...transposed],
    },
    { tfjs: `${tfjsPrefix}bias`, torch: `${torchPrefix}bias`, transform: reorder },
  ];
  return weights;
}

/** The input kernel and bias start as set in the app; the recurrent kernel starts orthogonal. */
export function recurrentInit(p: RecurrentValues, torchPrefix: string): TorchInit[] {
  return kernelInit(p, [`${torchPrefix}weight_ih`], `${torchPrefix}bias`);
}
