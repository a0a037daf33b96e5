/**
 * tfjs as the oracle for inference: build the document with the compiler and compare what
 * inference predicted with what tfjs itself built, node by node.
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import type { CompiledModel } from '../../app/engine/compile.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { inferGraph } from '../../app/graph/infer.ts';

export { tf };

/** Plain-JS backend: always there and the reference the other backends are checked against. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/**
 * Asserts that every node's inferred output shape equals the shape tfjs gives its tensor, and
 * that the inferred parameter total equals `model.countParams()`. Returns the compiled model.
 */
export function expectInferenceMatchesTfjs(doc: GraphDocument): CompiledModel {
  const inference = inferGraph(doc);
  expect(inference.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const compiled = compileToLayersModel(tf, doc);
  for (const [id, tensor] of compiled.tensors) {
    expect({ id, shape: inference.nodes[id]?.outputShape }).toEqual({ id, shape: tensor.shape });
  }
  expect(inference.totals.params.total).toBe(compiled.model.countParams());
  const trainable = compiled.model.trainableWeights.reduce(
    (n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1),
    0,
  );
  expect(inference.totals.params.trainable).toBe(trainable);
  return compiled;
}
