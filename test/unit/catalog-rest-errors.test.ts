/**
 * Graphs a learner can draw that cannot work, for the normalization, regularization, activation,
 * recurrent, embedding and merge entries: each must give one coded problem on the right node.
 */
import { describe, expect, it } from 'vitest';
import type { GraphDocument, ParamValue } from '../../app/graph/document.ts';
import { DocumentError } from '../../app/graph/errors.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { parseDocument } from '../../app/graph/load.ts';
import { chain, doc, edge, node } from '../helpers/docs.ts';

const image = (shape: number[]) => ({ kind: 'image', shape });
const vector = (n: number) => ({ kind: 'vector', shape: [n] });
const sequence = (steps: number, features: number) => ({
  kind: 'sequence',
  shape: [steps, features],
});

/** Inputs feeding one merge node in port order, the merge feeding a loss. */
function merge(
  id: string,
  type: string,
  inputs: Record<string, ParamValue>[],
  params: Record<string, ParamValue> = {},
): GraphDocument {
  const sources = inputs.map((p, i) => node(`in${i}`, 'Input', p));
  return doc(
    [...sources, node(id, type, params), node('loss', 'MeanSquaredErrorLoss')],
    [...sources.map((s, i) => edge(s.id, id, i)), edge(id, 'loss')],
  );
}

/** One layer between an Input and a loss. */
function single(
  id: string,
  type: string,
  input: Record<string, ParamValue>,
  params: Record<string, ParamValue> = {},
) {
  return chain(['x', 'Input', input], [id, type, params], ['loss', 'MeanSquaredErrorLoss']);
}

interface Case {
  name: string;
  graph: GraphDocument;
  node: string;
  code: string;
  /** Words the message must contain, so it says what is wrong in terms a learner can act on. */
  says: RegExp;
}

const cases: Case[] = [
  {
    name: 'LSTM on an image',
    graph: single('lstm', 'LSTM', image([28, 28, 1]), { units: 8 }),
    node: 'lstm',
    code: 'E013',
    says: /LSTM needs 2-D input per sample but got \[null,28,28,1\].*sequence/,
  },
  {
    name: 'GRU on a vector',
    graph: single('gru', 'GRU', vector(10)),
    node: 'gru',
    code: 'E013',
    says: /GRU needs 2-D input.*Embedding/,
  },
  {
    name: 'Bidirectional on an image',
    graph: single('bi', 'Bidirectional', image([8, 8, 3])),
    node: 'bi',
    code: 'E013',
    says: /Bidirectional needs 2-D input/,
  },
  {
    name: 'Add of [8,8,64] and [8,8,32]',
    graph: merge('add_3', 'Add', [image([8, 8, 64]), image([8, 8, 32])]),
    node: 'add_3',
    code: 'E012',
    says: /^E012 Add needs equal shapes: \[null,8,8,64\] vs \[null,8,8,32\] \(node add_3\)$/,
  },
  {
    name: 'Multiply of a vector and a sequence',
    graph: merge('mul', 'Multiply', [vector(4), sequence(3, 4)]),
    node: 'mul',
    code: 'E012',
    says: /Multiply needs equal shapes: \[null,4\] vs \[null,3,4\]/,
  },
  {
    name: 'Subtract with 3 inputs',
    graph: merge('sub', 'Subtract', [vector(4), vector(4), vector(4)]),
    node: 'sub',
    code: 'E019',
    says: /Subtract takes at most 2 inputs, but 3 are connected/,
  },
  {
    name: 'Dot of unequal lengths',
    graph: merge('dot', 'Dot', [vector(8), vector(6)]),
    node: 'dot',
    code: 'E012',
    says: /Dot needs equal lengths along axis -1: \[null,8\] vs \[null,6\]/,
  },
  {
    name: 'Dot with 3 inputs',
    graph: merge('dot', 'Dot', [vector(8), vector(8), vector(8)]),
    node: 'dot',
    code: 'E019',
    says: /Dot takes at most 2 inputs/,
  },
  {
    name: 'Dot of images',
    graph: merge('dot', 'Dot', [image([4, 4, 2]), image([4, 4, 2])]),
    node: 'dot',
    code: 'E013',
    says: /Dot takes vectors or sequences.*input 1 is \[null,4,4,2\]/,
  },
  {
    name: 'Dot over the batch axis',
    graph: merge('dot', 'Dot', [vector(8), vector(8)], { axes: 0 }),
    node: 'dot',
    code: 'E014',
    says: /Dot's axis 0/,
  },
  {
    name: 'Dot of vectors over axis 2',
    graph: merge('dot', 'Dot', [vector(8), vector(8)], { axes: 2 }),
    node: 'dot',
    code: 'E014',
    says: /Dot's axis 2/,
  },
  {
    // Inference knows shapes, not data types, so what it catches is the rank: an image is
    // 3-D per sample where token ids are 1-D. E013, with a hint to use a tokens Input.
    name: 'Embedding fed by a float image',
    graph: single('emb', 'Embedding', image([28, 28, 1]), { inputDim: 100, outputDim: 8 }),
    node: 'emb',
    code: 'E013',
    says: /Embedding needs 1-D input per sample but got \[null,28,28,1\].*tokens/,
  },
];

describe('graphs that cannot work give a coded problem on the node', () => {
  it.each(cases)('$name → $code', ({ graph, node: id, code, says }) => {
    const inference = inferGraph(graph);
    const onNode = inference.problems.filter((p) => p.node === id);
    expect(onNode.map((p) => p.code)).toEqual([code]);
    expect(onNode[0]?.message).toMatch(says);
    expect(inference.nodes[id]?.outputShape).toBeNull();
  });

  it('and the same layers accept a graph that fits (the table is not failing for another reason)', () => {
    const fits = [
      single('lstm', 'LSTM', sequence(5, 3)),
      merge('add_3', 'Add', [image([8, 8, 64]), image([8, 8, 64])]),
      merge('sub', 'Subtract', [vector(4), vector(4)]),
      merge('dot', 'Dot', [vector(8), vector(8)]),
      single('emb', 'Embedding', { kind: 'tokens', shape: [12] }),
    ];
    for (const graph of fits) expect(inferGraph(graph).problems).toEqual([]);
  });
});

describe('parameters out of range are refused when the document loads', () => {
  const withParams = (type: string, params: Record<string, ParamValue>) =>
    single('layer', type, vector(4), params);

  const outOfRange: { type: string; params: Record<string, ParamValue>; key: string }[] = [
    { type: 'Dropout', params: { rate: 1 }, key: 'rate' },
    { type: 'Dropout', params: { rate: -0.1 }, key: 'rate' },
    { type: 'BatchNormalization', params: { momentum: 1 }, key: 'momentum' },
    { type: 'LayerNormalization', params: { epsilon: 0 }, key: 'epsilon' },
    { type: 'LSTM', params: { units: 0 }, key: 'units' },
    { type: 'Bidirectional', params: { mergeMode: 'max' }, key: 'mergeMode' },
    { type: 'Activation', params: { activation: 'leaky_relu' }, key: 'activation' },
    { type: 'Embedding', params: { inputDim: 2.5 }, key: 'inputDim' },
  ];

  it.each(outOfRange)('$type $key = $params → E007', ({ type, params, key }) => {
    let thrown: unknown;
    try {
      parseDocument(withParams(type, params));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DocumentError);
    const problems = (thrown as DocumentError).problems;
    expect(problems.map((p) => [p.code, p.path])).toEqual([['E007', `nodes[1].params.${key}`]]);
  });

  it('says why a dropout rate of 1 is refused', () => {
    // The loader words the sentence; what matters here is that it names the layer and the limit.
    expect(() => parseDocument(withParams('Dropout', { rate: 1 }))).toThrow(
      /^E007 .*Dropout.* below 1, but is 1/,
    );
  });
});
