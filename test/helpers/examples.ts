/**
 * Turns a catalog entry's examples into small documents: one Input per example input, the node
 * under test, and a loss that closes the graph. Tests of every level (shapes against tfjs,
 * gradients, code generation) iterate over these.
 */
import { catalog } from '../../app/layers/catalog.ts';
import type { LayerExample, LayerSpec } from '../../app/layers/spec.ts';
import type { GraphDocument, GraphNode, ParamValue } from '../../app/graph/document.ts';
import { doc, edge, node } from './docs.ts';

const kindOfRank = ['vector', 'vector', 'sequence', 'image'] as const;

export function inputNode(
  id: string,
  shape: readonly number[],
  kind?: LayerExample['inputKind'],
): GraphNode {
  return node(id, 'Input', {
    kind: kind ?? kindOfRank[shape.length] ?? 'image',
    shape: [...shape],
  });
}

export function exampleDocument(spec: LayerSpec, example: LayerExample): GraphDocument {
  const params = { ...(example.params ?? {}) } as Record<string, ParamValue>;
  if (spec.role === 'input') {
    return doc(
      [node('x', 'Input', params), node('loss', 'MeanSquaredErrorLoss')],
      [edge('x', 'loss')],
      `${spec.type} ${example.name}`,
    );
  }
  if (spec.role === 'loss') {
    const shape = example.inputs[0] ?? [5];
    return doc(
      [
        inputNode('x', [8]),
        node('out', 'Dense', { units: shape.at(-1) ?? 5, activation: 'softmax' }),
        node('loss', spec.type, params),
      ],
      [edge('x', 'out'), edge('out', 'loss')],
      `${spec.type} ${example.name}`,
    );
  }
  const inputs = example.inputs.map((shape, i) => inputNode(`x${i}`, shape, example.inputKind));
  return doc(
    [...inputs, node('layer', spec.type, params), node('loss', 'MeanSquaredErrorLoss')],
    [...inputs.map((x, i) => edge(x.id, 'layer', i)), edge('layer', 'loss')],
    `${spec.type} ${example.name}`,
  );
}

/** Every (entry, example) pair of the catalog, for `it.each`-style tables. */
export function allExamples(): { label: string; spec: LayerSpec; example: LayerExample }[] {
  return catalog.flatMap((entry) => {
    const spec = entry as unknown as LayerSpec;
    return spec.examples.map((example) => ({
      label: `${spec.type}: ${example.name}`,
      spec,
      example,
    }));
  });
}
