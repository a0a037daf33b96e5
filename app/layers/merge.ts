/**
 * What the element-wise merges (Add, Multiply, Average, Subtract, Maximum) have in common: they
 * take two or more tensors of one shape and give that shape back.
 */
import { LayerShapeError } from '../graph/errors.ts';
import { elementsPerSample, formatShape, sameShape } from './shape.ts';
import type { Shape } from './shape.ts';
import { defineLayer } from './spec.ts';
import type { LayerSpec } from './spec.ts';
import { tfCall } from './tfcall.ts';

export function equalShapesOrThrow(inputs: readonly Shape[], label: string): Shape {
  const first = inputs[0];
  if (!first) throw new LayerShapeError('E011', `${label} has no inputs connected.`);
  for (const other of inputs.slice(1)) {
    if (!sameShape(first, other)) {
      throw new LayerShapeError(
        'E012',
        // No final period: problem() appends "(node id)", and the code reads as in STYLE.md.
        `${label} needs equal shapes: ${formatShape(first)} vs ${formatShape(other)}`,
      );
    }
  }
  return first;
}

export function elementwiseMerge(options: {
  type: string;
  label: string;
  help: string;
  verb: string;
  /** tfjs factory under `tf.layers`; Subtract has none and uses our custom layer. */
  factory: string;
  /** Class names in Keras and tfjs model files. */
  kerasClasses: readonly string[];
  maxInputs?: number;
  /** The merge in PyTorch, over the input expressions (all in one layout). */
  torch: (inputs: readonly string[]) => string;
}): LayerSpec<Record<string, never>> {
  return defineLayer({
    type: options.type,
    label: options.label,
    category: 'merge',
    help: options.help,
    role: 'layer',
    inputs: { min: 2, max: options.maxInputs ?? Infinity },
    weighted: false,
    examples: [
      {
        name: 'two images',
        inputs: [
          [6, 6, 4],
          [6, 6, 4],
        ],
      },
      {
        name: 'vectors',
        inputs: Array.from({ length: Math.min(3, options.maxInputs ?? 3) }, () => [5]),
      },
    ],
    params: {},
    describe: () => options.verb,
    outputShape: (inputs) => equalShapesOrThrow(inputs, options.label),
    countParams: () => ({ trainable: 0, nonTrainable: 0 }),
    flops: (inputs, out) => (inputs.length - 1) * elementsPerSample(out),
    fromKeras: { classes: options.kerasClasses, params: () => ({}) },
    tfjs: (_p, name) => [tfCall(options.factory, { name })],
    pytorch: () => ({ layout: 'any', forward: options.torch }),
  });
}
