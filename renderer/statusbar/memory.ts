/**
 * Training memory at a batch size, estimated from inference totals (float32 throughout):
 * the weights, their gradients, Adam's two moment estimates, and every layer's activations for
 * the whole batch (kept for the backward pass). Framework overhead and workspace are left out,
 * so this is a floor, not a promise.
 */
import type { Inference } from '../../app/graph/infer.ts';

const BYTES_PER_FLOAT = 4;

export interface MemoryEstimate {
  weights: number;
  gradients: number;
  adam: number;
  activations: number;
  total: number;
}

export function trainingMemory(inference: Inference, batchSize: number): MemoryEstimate {
  const params = inference.totals.params.total;
  const trainable = inference.totals.params.trainable;
  const weights = params * BYTES_PER_FLOAT;
  const gradients = trainable * BYTES_PER_FLOAT;
  const adam = 2 * trainable * BYTES_PER_FLOAT;
  const activations = inference.totals.activationBytes * batchSize;
  return { weights, gradients, adam, activations, total: weights + gradients + adam + activations };
}
