/**
 * What a graph asks of its data: the one Input node's kind and shape, and the one loss node with
 * the prediction it scores. Read from inference (pure), so data can be opened and checked before
 * tfjs builds anything.
 */
import type { GraphDocument } from '../../graph/document.ts';
import { DocumentError } from '../../graph/errors.ts';
import { inferGraph, nodeParams } from '../../graph/infer.ts';
import { findLayer } from '../../layers/catalog.ts';
import { formatShape } from '../../layers/shape.ts';
import type { Shape } from '../../layers/shape.ts';
import type { LossSpec } from '../../layers/spec.ts';
import { TrainingError } from '../training-errors.ts';
import type { FeatureKind, SampleSource } from './source.ts';

export interface GraphIO {
  input: { node: string; kind: FeatureKind; shape: readonly number[] };
  output: { lossNode: string; node: string; prediction: Shape; loss: LossSpec };
}

export function graphIO(doc: GraphDocument): GraphIO {
  const inference = inferGraph(doc);
  const errors = inference.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new DocumentError(errors);
  const inputs = doc.nodes.filter((n) => findLayer(n.type)?.role === 'input');
  const losses = doc.nodes.filter((n) => findLayer(n.type)?.role === 'loss');
  if (inputs.length !== 1 || losses.length !== 1) {
    throw new TrainingError(
      'E211',
      `This graph has ${inputs.length} inputs and ${losses.length} loss nodes; the data sets give one input and one label per sample, so they train graphs with exactly one Input and one loss node.`,
    );
  }
  const inputNode = inputs[0] as (typeof inputs)[number];
  const lossNode = losses[0] as (typeof losses)[number];
  const inputParams = nodeParams(
    findLayer('Input') as NonNullable<ReturnType<typeof findLayer>>,
    inputNode,
  );
  const lossSpec = findLayer(lossNode.type) as NonNullable<ReturnType<typeof findLayer>>;
  const source = doc.edges.find((e) => e.target.node === lossNode.id)?.source.node as string;
  return {
    input: {
      node: inputNode.id,
      kind: inputParams.kind as FeatureKind,
      shape: inputParams.shape as number[],
    },
    output: {
      lossNode: lossNode.id,
      node: source,
      prediction: inference.nodes[source]?.outputShape as Shape,
      loss: (lossSpec.loss as NonNullable<typeof lossSpec.loss>)(nodeParams(lossSpec, lossNode)),
    },
  };
}

/**
 * Checks that the data's samples fit the Input node. Equal shapes fit; so do equal sizes into a
 * vector input (an MLP on MNIST reads each 28×28 image as 784 numbers).
 */
export function checkInputFits(source: SampleSource, input: GraphIO['input']): void {
  const data = source.featureShape;
  const same = data.length === input.shape.length && data.every((d, i) => d === input.shape[i]);
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  if (same || (input.kind === 'vector' && size(data) === size(input.shape))) return;
  const hint =
    size(data) === size(input.shape)
      ? `Make the input a vector of ${size(data)}, or give it the shape ${data.join('×')}.`
      : `Set the Input node's shape to ${data.join('×')}${data.length === 1 ? '' : ` (or a vector of ${size(data)})`}.`;
  throw new TrainingError(
    'E206',
    `The data (${source.description}) gives samples of shape ${formatShape([null, ...data])}, but the input node ${input.node} expects ${formatShape([null, ...input.shape])}. ${hint}`,
  );
}
