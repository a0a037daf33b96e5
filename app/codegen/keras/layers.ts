/**
 * The catalog's TfCall descriptions, read as Keras. tfjs-layers is a port of Keras, so a tfjs
 * call carries over by rule: `layers.conv2d` is `layers.Conv2D`, `kernelSize` is `kernel_size`,
 * `initializers.heNormal` is `'he_normal'`. An entry whose Keras form differs says so in its own
 * `keras` description (spec.ts); the few places where tfjs and Keras disagree on a default are in
 * {@link kerasOnlyArguments} below. Paths under `netwright.` (Netwright's own tfjs layers) have no
 * Keras form: {@link kerasCallsFor} reports them as unexportable.
 */
import type { ParamSchema, ParamValues } from '../../layers/params.ts';
import type { LayerSpec } from '../../layers/spec.ts';
import { TfCall } from '../../layers/tfcall.ts';
import type { TfArgs, TfValue } from '../../layers/tfcall.ts';
import { withoutDefaults } from '../tfjs-defaults.ts';
import { pyCall, snakeCase } from './python.ts';
import type { PyCall, PyValue } from './python.ts';

/** A node's Keras layers, or why it has none. */
export type KerasLayers = { ok: true; calls: PyCall[] } | { ok: false; tfjsLayer: string };

/** The Keras layer calls for one node, from its entry's `keras` or else its `tfjs` description. */
export function kerasCallsFor(
  spec: LayerSpec,
  params: ParamValues<ParamSchema>,
  name: string,
): KerasLayers {
  const calls = spec.keras ? spec.keras(params, name) : spec.tfjs(params, name);
  const foreign = calls.find((c) => c.path.startsWith('netwright.'));
  if (foreign) return { ok: false, tfjsLayer: foreign.path.slice('netwright.'.length) };
  return { ok: true, calls: calls.map(kerasCall) };
}

/**
 * Arguments tfjs's layers imply that Keras must be told: tfjs builds only the GRU that applies
 * the reset gate before the recurrent product, which Keras calls `reset_after=False` (its
 * default since TensorFlow 2 is True, with twice the recurrent bias).
 */
const kerasOnlyArguments: Readonly<Record<string, TfArgs>> = {
  'layers.gru': { resetAfter: false },
};

/**
 * Keras defaults that tfjs-defaults.ts does not already leave out: a reader of the exported code
 * need not see them, and Keras would fill them in the same way.
 */
const kerasDefaults: Readonly<Record<string, (v: TfValue | undefined) => boolean>> = {
  kernelInitializer: (v) => isInitializer(v, 'glorotUniform'),
  depthwiseInitializer: (v) => isInitializer(v, 'glorotUniform'),
  pointwiseInitializer: (v) => isInitializer(v, 'glorotUniform'),
  recurrentActivation: (v) => v === 'sigmoid',
  axis: (v) => v === -1,
};

/** Layers whose `axis` means something else than the normalized axis (-1 is no default there). */
const axisIsMeaningful = new Set(['layers.concatenate']);

/** Keras's recurrent layers default to tanh, as tfjs's do. */
const tanhByDefault = new Set(['layers.simpleRNN', 'layers.lstm', 'layers.gru']);

export function kerasCall(call: TfCall): PyCall {
  if (call.path === 'input') return inputCall(call.args as TfArgs);
  const args = {
    ...(withoutDefaults(call) as TfArgs),
    ...kerasOnlyArguments[call.path],
  };
  const kwargs: [string, PyValue][] = [];
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    if (kerasDefaults[key]?.(value) && !(key === 'axis' && axisIsMeaningful.has(call.path))) {
      continue;
    }
    if (key === 'activation' && value === 'tanh' && tanhByDefault.has(call.path)) continue;
    kwargs.push([snakeCase(key), kerasValue(value)]);
  }
  // Keras's examples put the layer's name last; readers look for the settings first.
  kwargs.sort(([a], [b]) => Number(a === 'name') - Number(b === 'name'));
  return pyCall(`layers.${kerasClassName(call.path)}`, [], kwargs);
}

/** `layers.conv2dTranspose` → `Conv2DTranspose`, `layers.lstm` → `LSTM`. */
export function kerasClassName(path: string): string {
  const factory = path.slice(path.lastIndexOf('.') + 1);
  if (acronyms.has(factory)) return factory.toUpperCase();
  return (factory.charAt(0).toUpperCase() + factory.slice(1)).replace(/(\d)d/g, '$1D');
}

/** tfjs factories that are acronyms, all lower case in tfjs and all upper case in Keras. */
const acronyms = new Set(['lstm', 'gru']);

function inputCall(args: TfArgs): PyCall {
  const kwargs: [string, PyValue][] = [['shape', kerasValue(args.shape as TfValue)]];
  if (args.dtype !== undefined && args.dtype !== 'float32')
    kwargs.push(['dtype', args.dtype as string]);
  if (args.name !== undefined) kwargs.push(['name', args.name as string]);
  return pyCall('keras.Input', [], kwargs);
}

function kerasValue(value: TfValue): PyValue {
  if (value instanceof TfCall) return kerasObject(value);
  if (Array.isArray(value)) return (value as readonly TfValue[]).map(kerasValue);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, PyValue> = {};
    for (const [k, v] of Object.entries(value as TfArgs))
      if (v !== undefined) out[k] = kerasValue(v);
    return out;
  }
  return value;
}

/** Keras's names for tfjs's initializers, where snake_case of the tfjs name is not it. */
const initializerNames: Readonly<Record<string, string>> = { leCunNormal: 'lecun_normal' };

/** An initializer, regularizer or nested layer (Bidirectional's) as Keras writes it. */
function kerasObject(call: TfCall): PyValue {
  const [kind, name = ''] = call.path.split('.');
  const args = Array.isArray(call.args) ? {} : (call.args as TfArgs);
  const kwargs = Object.entries(args).flatMap(([k, v]): [string, PyValue][] =>
    v === undefined ? [] : [[snakeCase(k), kerasValue(v)]],
  );
  if (kind === 'initializers') {
    // Keras takes an initializer's name wherever it takes an initializer, as tfjs does.
    if (kwargs.length === 0) return initializerNames[name] ?? snakeCase(name);
    return pyCall(`keras.initializers.${name.charAt(0).toUpperCase()}${name.slice(1)}`, [], kwargs);
  }
  if (kind === 'regularizers') return regularizer(args);
  return kerasCall(call);
}

/** `L2(l2=0.01)` reads better than `L1L2(l1=0, l2=0.01)`; Keras has all three. */
function regularizer(args: TfArgs): PyValue {
  const l1 = typeof args.l1 === 'number' ? args.l1 : 0;
  const l2 = typeof args.l2 === 'number' ? args.l2 : 0;
  if (l1 === 0) return pyCall('keras.regularizers.L2', [], [['l2', l2]]);
  if (l2 === 0) return pyCall('keras.regularizers.L1', [], [['l1', l1]]);
  return pyCall(
    'keras.regularizers.L1L2',
    [],
    [
      ['l1', l1],
      ['l2', l2],
    ],
  );
}

function isInitializer(value: TfValue | undefined, name: string): boolean {
  return value instanceof TfCall && value.path === `initializers.${name}`;
}
