/**
 * Loss nodes in Keras's vocabulary, read generically from the catalog's LossSpec: a tfjs loss
 * name is Keras's in snake_case (`categoricalCrossentropy` → `'categorical_crossentropy'`); a
 * `tf.losses` function with settings is Keras's loss class of that name (`huberLoss` with
 * `{ delta: 1 }` → `keras.losses.Huber(delta=1)`). Keras weighs losses itself (`loss_weights`), so
 * no wrapper functions are needed, unlike in tfjs.
 */
import type { LossSpec } from '../../layers/spec.ts';
import { pyCall, snakeCase } from './python.ts';
import type { PyValue } from './python.ts';

/** As Keras serializes a loss in a training config: a name, or `{ class_name, config }`. */
export type KerasLossJson = string | { class_name: string; config: Record<string, number> };

export function kerasLossJson(loss: LossSpec): KerasLossJson {
  if (typeof loss.tfjs === 'string') return snakeCase(loss.tfjs);
  const base = loss.tfjs.fn.replace(/Loss$/, '');
  return {
    class_name: base.charAt(0).toUpperCase() + base.slice(1),
    config: { ...loss.tfjs.extra },
  };
}

/** The loss as Python source for `model.compile`. */
export function kerasLossSource(loss: LossSpec): PyValue {
  const json = kerasLossJson(loss);
  if (typeof json === 'string') return json;
  return pyCall(`keras.losses.${json.class_name}`, [], Object.entries(json.config));
}
