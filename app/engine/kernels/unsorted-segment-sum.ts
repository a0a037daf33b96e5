/**
 * UnsortedSegmentSum (missing from the WebAssembly backend): the gradient of a gather, so of
 * every Embedding layer. ScatterNd adds up updates that land on the same index, which is exactly
 * a segment sum with the segment ids as indices.
 */
import type { TensorInfo, UnsortedSegmentSumAttrs } from '@tensorflow/tfjs';
import type { FastKernel } from './kernel-calls.ts';

export const unsortedSegmentSum: FastKernel = {
  kernelName: 'UnsortedSegmentSum',
  because: 'missing',
  run(calls, inputs, attrs) {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
    const count = segmentIds.shape.reduce((p, d) => p * d, 1);
    const inner = x.shape.slice(segmentIds.shape.length);
    const indices = calls.reshape(segmentIds, [count, 1]);
    const updates = calls.reshape(x, [count, ...inner]);
    return calls.run('ScatterNd', { indices, updates }, { shape: [numSegments, ...inner] });
  },
};
