/**
 * The one list of layer types. The palette, React Flow's nodeTypes, the validator, the compiler
 * and every exporter derive from it: adding a layer type is one file in entries/ plus one line here.
 */
import { add } from './entries/add.ts';
import { concatenate } from './entries/concatenate.ts';
import { conv2d } from './entries/conv2d.ts';
import { dense } from './entries/dense.ts';
import { flatten } from './entries/flatten.ts';
import { input } from './entries/input.ts';
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  hinge,
  huber,
  meanAbsoluteError,
  meanSquaredError,
  sparseCategoricalCrossentropy,
} from './entries/losses.ts';
import type { LayerSpec } from './spec.ts';

export const catalog = [
  input,
  dense,
  conv2d,
  flatten,
  add,
  concatenate,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  meanSquaredError,
  meanAbsoluteError,
  huber,
  hinge,
] as const;

export type LayerType = (typeof catalog)[number]['type'];

// Entries are declared with their own param types; lookups by name see the general shape.
type AnySpec = LayerSpec;
const byType = new Map<string, AnySpec>(
  catalog.map((spec) => [spec.type, spec as unknown as AnySpec]),
);

export function findLayer(type: string): AnySpec | undefined {
  return byType.get(type);
}

export function getLayer(type: string): AnySpec {
  const spec = byType.get(type);
  if (!spec) throw new Error(`Unknown layer type ${type}`);
  return spec;
}

export const layerTypes: readonly string[] = catalog.map((spec) => spec.type);
