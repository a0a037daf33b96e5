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
import { conv1d } from './entries/conv1d.ts';
import { depthwiseConv2d } from './entries/depthwise-conv2d.ts';
import { separableConv2d } from './entries/separable-conv2d.ts';
import { conv2dTranspose } from './entries/conv2d-transpose.ts';
import { maxPool2d } from './entries/max-pool2d.ts';
import { avgPool2d } from './entries/avg-pool2d.ts';
import { globalAvgPool2d } from './entries/global-avg-pool2d.ts';
import { globalMaxPool2d } from './entries/global-max-pool2d.ts';
import { reshape } from './entries/reshape.ts';
import { zeroPadding2d } from './entries/zero-padding2d.ts';
import { cropping2d } from './entries/cropping2d.ts';
import { upSampling2d } from './entries/up-sampling2d.ts';
import { activation } from './entries/activation.ts';
import { average } from './entries/average.ts';
import { batchNormalization } from './entries/batch-normalization.ts';
import { bidirectional } from './entries/bidirectional.ts';
import { dot } from './entries/dot.ts';
import { dropout } from './entries/dropout.ts';
import { embedding } from './entries/embedding.ts';
import { gru } from './entries/gru.ts';
import { layerNormalization } from './entries/layer-normalization.ts';
import { lstm } from './entries/lstm.ts';
import { maximum } from './entries/maximum.ts';
import { multiply } from './entries/multiply.ts';
import { simpleRnn } from './entries/simple-rnn.ts';
import { subtract } from './entries/subtract.ts';
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
  conv1d,
  depthwiseConv2d,
  separableConv2d,
  conv2dTranspose,
  maxPool2d,
  avgPool2d,
  globalAvgPool2d,
  globalMaxPool2d,
  flatten,
  reshape,
  zeroPadding2d,
  cropping2d,
  upSampling2d,
  add,
  concatenate,
  dropout,
  batchNormalization,
  layerNormalization,
  activation,
  embedding,
  simpleRnn,
  lstm,
  gru,
  bidirectional,
  multiply,
  average,
  subtract,
  maximum,
  dot,
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
