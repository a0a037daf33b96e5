/**
 * Every graph problem inference can report, each provoked by the smallest graph that shows it,
 * plus the promise that one mistake gives one error, and totals checked by hand arithmetic.
 */
import { apiErrorCodes } from '../../app/api/contract.ts';
import { trainingProblemCodes } from '../../app/engine/training-errors.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../app/graph/document.ts';
import { problemCodes } from '../../app/graph/errors.ts';
import type { ProblemCode } from '../../app/graph/errors.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { parseDocument } from '../../app/graph/load.ts';
import { chain, doc, edge, node } from '../helpers/docs.ts';
import { inputNode } from '../helpers/examples.ts';
import { mlp, residualNetwork } from '../helpers/networks.ts';

interface ProblemCase {
  name: string;
  graph: GraphDocument;
  code: ProblemCode;
  /** The node the problem must be attached to; undefined for whole-graph problems. */
  node: string | undefined;
  /** Shapes, sizes and names the sentence must mention. */
  mentions: string[];
}

const vector = (id: string, size: number) => inputNode(id, [size]);
const image = (id: string, h: number, w: number, c: number) => inputNode(id, [h, w, c]);

const cases: ProblemCase[] = [
  {
    name: 'E010 a loop through a merge',
    graph: doc(
      [
        vector('x', 4),
        node('a', 'Dense', { units: 4 }),
        node('m', 'Add'),
        node('b', 'Dense', { units: 4 }),
        node('loss', 'MeanSquaredErrorLoss'),
      ],
      [edge('x', 'a'), edge('a', 'm', 0), edge('m', 'b'), edge('b', 'm', 1), edge('b', 'loss')],
    ),
    code: 'E010',
    node: 'm',
    mentions: ['m → b → m'],
  },
  {
    name: 'E011 a merge with one input',
    graph: chain(
      ['x', 'Input', { kind: 'vector', shape: [4] }],
      ['sum', 'Add'],
      ['loss', 'MeanSquaredErrorLoss'],
    ),
    code: 'E011',
    node: 'sum',
    mentions: ['at least 2 inputs', 'only 1 is connected'],
  },
  {
    name: 'E011 a layer with nothing connected',
    graph: doc(
      [vector('x', 4), node('d', 'Dense'), node('loss', 'MeanSquaredErrorLoss')],
      [edge('d', 'loss')],
    ),
    code: 'E011',
    node: 'd',
    mentions: ['Dense needs an input', 'none is connected'],
  },
  {
    name: 'E012 an Add of 32 and 16 features',
    graph: doc(
      [
        vector('x', 8),
        node('d1', 'Dense', { units: 32 }),
        node('d2', 'Dense', { units: 16 }),
        node('sum', 'Add'),
        node('loss', 'MeanSquaredErrorLoss'),
      ],
      [
        edge('x', 'd1'),
        edge('x', 'd2'),
        edge('d1', 'sum', 0),
        edge('d2', 'sum', 1),
        edge('sum', 'loss'),
      ],
    ),
    code: 'E012',
    node: 'sum',
    mentions: ['[null,32]', '[null,16]'],
  },
  {
    name: 'E012 a Concatenate of images of different sizes',
    graph: doc(
      [
        image('a', 8, 8, 3),
        image('b', 6, 6, 3),
        node('cat', 'Concatenate'),
        node('flat', 'Flatten'),
        node('loss', 'MeanSquaredErrorLoss'),
      ],
      [edge('a', 'cat', 0), edge('b', 'cat', 1), edge('cat', 'flat'), edge('flat', 'loss')],
    ),
    code: 'E012',
    node: 'cat',
    mentions: ['[null,8,8,3]', '[null,6,6,3]'],
  },
  {
    name: 'E013 Dense right after Conv2D suggests Flatten',
    graph: chain(
      ['x', 'Input', { kind: 'image', shape: [28, 28, 1] }],
      ['conv', 'Conv2D', { filters: 8 }],
      ['fc', 'Dense', { units: 10, activation: 'softmax' }],
      ['loss', 'CategoricalCrossentropyLoss'],
    ),
    code: 'E013',
    node: 'fc',
    mentions: ['[null,26,26,8]', 'Flatten'],
  },
  {
    name: 'E013 Conv2D on a vector',
    graph: chain(
      ['x', 'Input', { kind: 'vector', shape: [64] }],
      ['conv', 'Conv2D'],
      ['flat', 'Flatten'],
      ['loss', 'MeanSquaredErrorLoss'],
    ),
    code: 'E013',
    node: 'conv',
    mentions: ['[null,64]', '3-D'],
  },
  {
    name: 'E014 a 7×7 kernel on a 5×5 image',
    graph: chain(
      ['x', 'Input', { kind: 'image', shape: [5, 5, 1] }],
      ['conv', 'Conv2D', { filters: 4, kernelSize: [7, 7] }],
      ['flat', 'Flatten'],
      ['loss', 'MeanSquaredErrorLoss'],
    ),
    code: 'E014',
    node: 'conv',
    mentions: ['window of 7', 'input of 5'],
  },
  {
    name: 'E015 no Input node',
    graph: chain(['d', 'Dense'], ['loss', 'MeanSquaredErrorLoss']),
    code: 'E015',
    node: undefined,
    mentions: ['no Input node'],
  },
  {
    name: 'E016 no loss node',
    graph: chain(['x', 'Input', { kind: 'vector', shape: [4] }], ['d', 'Dense']),
    code: 'E016',
    node: undefined,
    mentions: ['no loss node'],
  },
  {
    name: 'E017 a branch that leads nowhere',
    graph: doc(
      [
        vector('x', 4),
        node('d', 'Dense'),
        node('loss', 'MeanSquaredErrorLoss'),
        node('spare', 'Dense', { units: 3 }),
      ],
      [edge('x', 'd'), edge('d', 'loss'), edge('x', 'spare')],
    ),
    code: 'E017',
    node: 'spare',
    mentions: ['"spare"', 'no loss'],
  },
  {
    name: 'E018 categorical cross-entropy on a single unit',
    graph: chain(
      ['x', 'Input', { kind: 'vector', shape: [4] }],
      ['out', 'Dense', { units: 1, activation: 'softmax' }],
      ['loss', 'CategoricalCrossentropyLoss'],
    ),
    code: 'E018',
    node: 'loss',
    mentions: ['[null,1]', 'at least 2 classes', 'binary cross-entropy'],
  },
  {
    name: 'E019 two edges into a Dense',
    graph: doc(
      [vector('x', 4), node('d', 'Dense'), node('loss', 'MeanSquaredErrorLoss')],
      [edge('x', 'd', 0), edge('x', 'd', 1), edge('d', 'loss')],
    ),
    code: 'E019',
    node: 'd',
    mentions: ['takes one input', '2 are connected'],
  },
  {
    name: 'E019 an edge into an Input',
    graph: doc(
      [vector('x', 4), vector('y', 4), node('loss', 'MeanSquaredErrorLoss')],
      [edge('x', 'y'), edge('y', 'loss')],
    ),
    code: 'E019',
    node: 'y',
    mentions: ['takes no inputs', '1 is connected'],
  },
  {
    name: 'E020 sharing weights across layer types',
    graph: doc(
      [
        vector('v', 4),
        node('d', 'Dense', { units: 4 }),
        image('img', 8, 8, 1),
        node('conv', 'Conv2D', {}, { shareWeightsWith: 'd' }),
        node('flat', 'Flatten'),
        node('lossA', 'MeanSquaredErrorLoss'),
        node('lossB', 'MeanSquaredErrorLoss'),
      ],
      [
        edge('v', 'd'),
        edge('d', 'lossA'),
        edge('img', 'conv'),
        edge('conv', 'flat'),
        edge('flat', 'lossB'),
      ],
    ),
    code: 'E020',
    node: 'conv',
    mentions: ['Conv2D', 'Dense'],
  },
  {
    // The borrower comes first in the document, so its owner is inferred after it.
    name: 'E020 shared weights on inputs of 6 and 4 features',
    graph: doc(
      [
        vector('b', 6),
        node('twin', 'Dense', { units: 3 }, { shareWeightsWith: 'owner' }),
        vector('a', 4),
        node('owner', 'Dense', { units: 3 }),
        node('lossA', 'MeanSquaredErrorLoss'),
        node('lossB', 'MeanSquaredErrorLoss'),
      ],
      [edge('a', 'owner'), edge('b', 'twin'), edge('owner', 'lossA'), edge('twin', 'lossB')],
    ),
    code: 'E020',
    node: 'twin',
    mentions: ['[null,6]', '[null,4]'],
  },
  {
    name: 'E020 shared weights with different units',
    graph: doc(
      [
        vector('a', 4),
        vector('b', 4),
        node('owner', 'Dense', { units: 3 }),
        node('twin', 'Dense', { units: 5 }, { shareWeightsWith: 'owner' }),
        node('lossA', 'MeanSquaredErrorLoss'),
        node('lossB', 'MeanSquaredErrorLoss'),
      ],
      [edge('a', 'owner'), edge('b', 'twin'), edge('owner', 'lossA'), edge('twin', 'lossB')],
    ),
    code: 'E020',
    node: 'twin',
    mentions: ['units is 5 here and 3 at owner'],
  },
  {
    name: 'E021 a loss feeding a layer',
    graph: doc(
      [
        vector('x', 4),
        node('d', 'Dense'),
        node('loss', 'MeanSquaredErrorLoss'),
        node('after', 'Dense'),
        node('loss2', 'MeanSquaredErrorLoss'),
      ],
      [edge('x', 'd'), edge('d', 'loss'), edge('loss', 'after'), edge('after', 'loss2')],
    ),
    code: 'E021',
    node: 'loss',
    mentions: ['cannot feed after'],
  },
  {
    name: 'W101 binary cross-entropy after ReLU',
    graph: chain(
      ['x', 'Input', { kind: 'vector', shape: [4] }],
      ['out', 'Dense', { units: 1, activation: 'relu' }],
      ['loss', 'BinaryCrossentropyLoss'],
    ),
    code: 'W101',
    node: 'loss',
    mentions: ['out ends in a relu activation', 'sigmoid'],
  },
  {
    name: 'W101 binary cross-entropy after softmax',
    graph: chain(
      ['x', 'Input', { kind: 'vector', shape: [4] }],
      ['out', 'Dense', { units: 3, activation: 'softmax' }],
      ['loss', 'BinaryCrossentropyLoss'],
    ),
    code: 'W101',
    node: 'loss',
    mentions: ['softmax', 'sigmoid'],
  },
  {
    name: 'W101 categorical cross-entropy after a linear layer (the default activation)',
    graph: chain(
      ['x', 'Input', { kind: 'vector', shape: [4] }],
      ['out', 'Dense', { units: 3 }],
      ['loss', 'CategoricalCrossentropyLoss'],
    ),
    code: 'W101',
    node: 'loss',
    mentions: ['linear', 'softmax'],
  },
  {
    name: 'W102 a Dense of a billion weights',
    graph: chain(
      ['x', 'Input', { kind: 'vector', shape: [1000] }],
      ['huge', 'Dense', { units: 1_000_000 }],
      ['loss', 'MeanSquaredErrorLoss'],
    ),
    code: 'W102',
    node: 'huge',
    mentions: ['1,001,000,000 parameters'],
  },
];

/** `E012 Add needs equal shapes: … (node sum)`: code, a capitalised sentence, then the node. */
const sentence = /^[EW]\d{3} [A-Z"].*[.;:,)a-z0-9\]]\.?( \(node [A-Za-z][A-Za-z0-9_]*\))?$/;

describe('inference reports every graph problem on the node where it starts', () => {
  it('covers every graph code in errors.ts', () => {
    // W103 comes from exportProblems (per export target), not inference; the export tests cover it.
    const graphCodes = Object.keys(problemCodes).filter((c) => c >= 'E010' && c !== 'W103');
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(graphCodes));
  });

  for (const c of cases) {
    it(c.name, () => {
      // Each case is a document a user could save: the loader accepts it.
      const inference = inferGraph(parseDocument(c.graph));
      const found = inference.problems.filter((p) => p.code === c.code);
      expect(found.map((p) => p.node)).toContain(c.node);
      const reported = found.find((p) => p.node === c.node);
      expect(reported?.message).toMatch(sentence);
      expect(reported?.message.endsWith('.') || reported?.message.endsWith(')')).toBe(true);
      for (const words of c.mentions) expect(reported?.message).toContain(words);
      expect(reported?.severity).toBe(c.code.startsWith('W') ? 'warning' : 'error');
      if (c.node) expect(inference.nodes[c.node]?.problems).toContainEqual(reported);
    });
  }
});

describe('what is not a problem', () => {
  const healthy: [string, GraphDocument][] = [
    ['an MLP ending in softmax before categorical cross-entropy', mlp()],
    [
      'binary cross-entropy after sigmoid',
      chain(
        ['x', 'Input', { kind: 'vector', shape: [4] }],
        ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
        ['loss', 'BinaryCrossentropyLoss'],
      ),
    ],
    [
      'a Siamese pair on equal inputs with equal settings',
      doc(
        [
          vector('a', 4),
          vector('b', 4),
          node('twin', 'Dense', { units: 3 }, { shareWeightsWith: 'owner' }),
          node('owner', 'Dense', { units: 3 }),
          node('sum', 'Add'),
          node('loss', 'MeanSquaredErrorLoss'),
        ],
        [
          edge('a', 'owner'),
          edge('b', 'twin'),
          edge('owner', 'sum', 0),
          edge('twin', 'sum', 1),
          edge('sum', 'loss'),
        ],
      ),
    ],
    ['a residual network', residualNetwork(4)],
  ];
  for (const [name, graph] of healthy) {
    it(name, () => {
      expect(inferGraph(graph).problems).toEqual([]);
    });
  }
});

describe('one mistake, one error', () => {
  it('a too-large kernel early in a chain blames only that convolution', () => {
    const graph = chain(
      ['x', 'Input', { kind: 'image', shape: [5, 5, 3] }],
      ['conv', 'Conv2D', { kernelSize: [7, 7] }],
      ['conv2', 'Conv2D', { padding: 'same' }],
      ['conv3', 'Conv2D', { padding: 'same' }],
      ['flat', 'Flatten'],
      ['fc', 'Dense', { units: 10, activation: 'softmax' }],
      ['loss', 'CategoricalCrossentropyLoss'],
    );
    const inference = inferGraph(graph);
    expect(inference.problems.map((p) => [p.code, p.node])).toEqual([['E014', 'conv']]);
    for (const id of ['conv2', 'conv3', 'flat', 'fc', 'loss']) {
      expect(inference.nodes[id]?.outputShape).toBeNull();
    }
    expect(inference.errorCount).toBe(1);
  });

  it('a mismatched Add in the middle of a residual stack blames only that Add', () => {
    const graph = residualNetwork(6);
    const broken = {
      ...graph,
      nodes: graph.nodes.map((n) =>
        n.id === 'b2_conv2' ? { ...n, params: { ...n.params, filters: 8 } } : n,
      ),
    };
    const inference = inferGraph(broken);
    expect(inference.problems.map((p) => [p.code, p.node])).toEqual([['E012', 'b2_add']]);
  });

  it('a loop is blamed on its members, not on what comes after it', () => {
    const graph = doc(
      [
        vector('x', 4),
        node('m', 'Add'),
        node('a', 'Dense', { units: 4 }),
        node('b', 'Dense', { units: 4 }),
        node('after', 'Dense', { units: 2 }),
        node('loss', 'MeanSquaredErrorLoss'),
      ],
      [
        edge('x', 'm', 0),
        edge('m', 'a'),
        edge('a', 'b'),
        edge('b', 'm', 1),
        edge('b', 'after'),
        edge('after', 'loss'),
      ],
    );
    const inference = inferGraph(graph);
    expect(inference.problems.map((p) => [p.code, p.node])).toEqual([
      ['E010', 'm'],
      ['E010', 'a'],
      ['E010', 'b'],
    ]);
  });

  it('a node feeding itself is a loop of one', () => {
    const graph = doc(
      [vector('x', 4), node('sum', 'Add'), node('loss', 'MeanSquaredErrorLoss')],
      [edge('x', 'sum', 0), edge('sum', 'sum', 1), edge('sum', 'loss')],
    );
    expect(inferGraph(graph).problems.map((p) => [p.code, p.node])).toEqual([['E010', 'sum']]);
  });

  it('a forgotten edge at the end of a four-layer branch gives one E017, at the loose end', () => {
    const graph = doc(
      [
        vector('x', 4),
        node('d', 'Dense'),
        node('loss', 'MeanSquaredErrorLoss'),
        node('s1', 'Dense'),
        node('s2', 'Dense'),
        node('s3', 'Dense'),
        node('s4', 'Dense'),
      ],
      [
        edge('x', 'd'),
        edge('d', 'loss'),
        edge('x', 's1'),
        edge('s1', 's2'),
        edge('s2', 's3'),
        edge('s3', 's4'),
      ],
    );
    expect(inferGraph(graph).problems.map((p) => [p.code, p.node])).toEqual([['E017', 's4']]);
  });
});

describe('totals against a hand count', () => {
  it('the 784 → 128 → 10 MLP', () => {
    const inference = inferGraph(mlp());
    // Weights and biases: 784·128 + 128 = 100,480 and 128·10 + 10 = 1,290.
    expect(inference.nodes.hidden?.params.trainable).toBe(100_480);
    expect(inference.nodes.out?.params.trainable).toBe(1_290);
    expect(inference.totals.params).toEqual({
      trainable: 101_770,
      nonTrainable: 0,
      total: 101_770,
    });
    // A multiply-add is 2 FLOPs: 2·784·128 = 200,704 and 2·128·10 = 2,560.
    expect(inference.totals.flops).toBe(200_704 + 2_560);
    // Float32 activations per sample: input 784, hidden 128, output 10 values; the loss holds none.
    expect(inference.nodes.x?.activationBytes).toBe(784 * 4);
    expect(inference.nodes.hidden?.activationBytes).toBe(512);
    expect(inference.nodes.out?.activationBytes).toBe(40);
    expect(inference.nodes.loss?.activationBytes).toBe(0);
    expect(inference.totals.activationBytes).toBe(3_136 + 512 + 40);
  });

  it('a LeNet-like CNN with a frozen layer', () => {
    const graph = chain(
      ['x', 'Input', { kind: 'image', shape: [28, 28, 1] }],
      ['conv', 'Conv2D', { filters: 6, kernelSize: [5, 5], trainable: false }],
      ['flat', 'Flatten'],
      ['out', 'Dense', { units: 10, activation: 'softmax' }],
      ['loss', 'CategoricalCrossentropyLoss'],
    );
    const inference = inferGraph(graph);
    // conv: 28 − 5 + 1 = 24, so 24×24×6 = 3,456 outputs; 5·5·1·6 + 6 = 156 frozen weights.
    expect(inference.nodes.conv?.outputShape).toEqual([null, 24, 24, 6]);
    expect(inference.totals.params).toEqual({
      trainable: 34_570,
      nonTrainable: 156,
      total: 34_726,
    });
    // conv: 2 · 24·24 positions · 6 filters · 25 taps = 172,800; dense: 2 · 3,456 · 10 = 69,120.
    expect(inference.totals.flops).toBe(172_800 + 69_120);
    // 784 + 3,456 + 3,456 + 10 floats.
    expect(inference.totals.activationBytes).toBe((784 + 3_456 + 3_456 + 10) * 4);
  });

  it('a node that borrows weights adds none to the total', () => {
    const graph = doc(
      [
        vector('a', 4),
        vector('b', 4),
        node('owner', 'Dense', { units: 3 }),
        node('twin', 'Dense', { units: 3 }, { shareWeightsWith: 'owner' }),
        node('sum', 'Add'),
        node('loss', 'MeanSquaredErrorLoss'),
      ],
      [
        edge('a', 'owner'),
        edge('b', 'twin'),
        edge('owner', 'sum', 0),
        edge('twin', 'sum', 1),
        edge('sum', 'loss'),
      ],
    );
    const inference = inferGraph(graph);
    // One 4×3 kernel and 3 biases, counted at the owner only.
    expect(inference.totals.params.total).toBe(15);
    expect(inference.nodes.twin?.params).toEqual({ trainable: 0, nonTrainable: 0 });
    // Both apply it, though: 2 · 2·4·3 FLOPs, plus 3 for the Add.
    expect(inference.totals.flops).toBe(48 + 3);
  });
});

describe('docs/errors.md', () => {
  it('gives every problem code a row with its cause and fix', () => {
    const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const codes = [
      ...Object.keys(problemCodes),
      ...Object.keys(trainingProblemCodes),
      ...Object.keys(apiErrorCodes),
    ];
    for (const code of codes) {
      expect(page, code).toMatch(new RegExp(`^\\| ${code} \\| [^|]{20,} \\| [^|]{10,} \\|$`, 'm'));
    }
  });
});
