/** Which catalog entry reads each Keras class name, from the entries' own `fromKeras`. */
import { catalog } from '../layers/catalog.ts';
import type { LayerSpec } from '../layers/spec.ts';

const byClass = new Map<string, LayerSpec>();
for (const entry of catalog) {
  const spec = entry as unknown as LayerSpec;
  for (const name of spec.fromKeras?.classes ?? []) {
    // Two entries claiming one class would make import depend on catalog order.
    if (byClass.has(name)) throw new Error(`Keras class ${name} is claimed by two catalog entries`);
    byClass.set(name, spec);
  }
}

export function specForKerasClass(className: string): LayerSpec | undefined {
  return byClass.get(className);
}

/** Keras's model classes: a model used as a layer inside another. */
export const nestedModelClasses = new Set(['Sequential', 'Functional', 'Model']);
