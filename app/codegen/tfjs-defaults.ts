/**
 * Arguments a reader of exported code need not see because tfjs assumes them anyway: `useBias:
 * true`, `dilationRate: [1, 1]`, a zeros bias initializer. The catalog spells every argument out
 * (the compiler should not lean on defaults); the emitter leaves these out for readability. The
 * codegen tests compare every layer's getConfig() between the emitted and the in-app model, so a
 * wrong entry here fails a test. Strides and padding stay: learners look for them.
 */
import { TfCall } from '../layers/tfcall.ts';
import type { TfArgs, TfValue } from '../layers/tfcall.ts';

const isOnes = (v: TfValue | undefined) =>
  v === 1 || (Array.isArray(v) && v.every((d: TfValue) => d === 1));
const isCallTo = (v: TfValue | undefined, path: string) => v instanceof TfCall && v.path === path;

/** Defaults tfjs applies to every layer that takes the argument. */
const everywhere: Readonly<Record<string, (v: TfValue | undefined) => boolean>> = {
  useBias: (v) => v === true,
  dilationRate: isOnes,
  depthMultiplier: (v) => v === 1,
  returnSequences: (v) => v === false,
  biasInitializer: (v) => isCallTo(v, 'initializers.zeros'),
};

/** Layers whose activation defaults to linear (tfjs's recurrent layers default to tanh). */
const linearByDefault = new Set([
  'layers.dense',
  'layers.conv1d',
  'layers.conv2d',
  'layers.conv2dTranspose',
  'layers.depthwiseConv2d',
  'layers.separableConv2d',
]);

/** The layer call's config without the arguments tfjs would fill in the same way. */
export function withoutDefaults(call: TfCall): TfArgs | readonly TfValue[] {
  if (!call.path.startsWith('layers.') || Array.isArray(call.args)) return call.args;
  const args = call.args as TfArgs;
  const kept: Record<string, TfValue | undefined> = {};
  for (const [key, value] of Object.entries(args)) {
    if (everywhere[key]?.(value)) continue;
    if (key === 'activation' && value === 'linear' && linearByDefault.has(call.path)) continue;
    kept[key] = value;
  }
  return kept;
}

/**
 * `'glorotUniform'` for `tf.initializers.glorotUniform({})`: tfjs takes an initializer's name
 * wherever it takes an initializer, and builds the same object from it.
 */
export function initializerName(call: TfCall): string | null {
  if (!call.path.startsWith('initializers.')) return null;
  const noArgs = Array.isArray(call.args)
    ? call.args.length === 0
    : Object.keys(call.args).length === 0;
  return noArgs ? call.path.slice('initializers.'.length) : null;
}
