/**
 * Turns the catalog's TfCall descriptions into real tfjs objects. Paths under `netwright.` name
 * Netwright's own layers (tfjs lacks a Subtract layer, for one); everything else is looked up on
 * the `tf` namespace.
 */
import { TfCall } from '../layers/tfcall.ts';
import type { TfValue } from '../layers/tfcall.ts';
import { customLayerFactories } from './custom-layers.ts';
import type { Tf } from './tf.ts';

export function resolveTfCall(tf: Tf, call: TfCall): unknown {
  const fn = lookup(tf, call.path);
  if (Array.isArray(call.args)) return fn(...call.args.map((v: TfValue) => resolveValue(tf, v)));
  return fn(resolveValue(tf, call.args));
}

function lookup(tf: Tf, path: string): (...args: unknown[]) => unknown {
  if (path.startsWith('netwright.')) {
    const factory = customLayerFactories(tf)[path.slice('netwright.'.length)];
    if (factory) return factory;
  } else {
    let at: unknown = tf;
    for (const part of path.split('.')) {
      at =
        typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[part] : undefined;
    }
    if (typeof at === 'function') return at as (...args: unknown[]) => unknown;
  }
  throw new Error(`tfjs has no factory tf.${path}`);
}

function resolveValue(tf: Tf, value: TfValue | undefined): unknown {
  if (value instanceof TfCall) return resolveTfCall(tf, value);
  if (Array.isArray(value)) return value.map((v: TfValue) => resolveValue(tf, v));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value))
      if (v !== undefined) out[key] = resolveValue(tf, v);
    return out;
  }
  return value;
}
