/**
 * Realistic graphs for tests and benchmarks: a small MLP, an inception-like branchy network
 * with two heads, and a residual conv stack of any size with its blocks grouped into stages.
 */
import type { GraphDocument, GraphEdge, GraphGroup, GraphNode } from '../../app/graph/document.ts';
import { doc, edge, node } from './docs.ts';
import { inputNode } from './examples.ts';

/** 784 → 128 ReLU → 10 softmax → categorical cross-entropy: the classic MNIST network. */
export function mlp(): GraphDocument {
  return doc(
    [
      inputNode('x', [784]),
      node('hidden', 'Dense', { units: 128, activation: 'relu' }),
      node('out', 'Dense', { units: 10, activation: 'softmax' }),
      node('loss', 'CategoricalCrossentropyLoss'),
    ],
    [edge('x', 'hidden'), edge('hidden', 'out'), edge('out', 'loss')],
    'MLP',
  );
}

/**
 * Three convolution branches joined by a Concatenate (an inception module), a residual Add, and
 * two heads with their own losses, in a group: most features a document can hold.
 */
export function branchy(): GraphDocument {
  const nodes: GraphNode[] = [
    inputNode('img', [16, 16, 3]),
    node('b1', 'Conv2D', { filters: 4, kernelSize: [1, 1], activation: 'relu' }),
    node('b3', 'Conv2D', { filters: 6, kernelSize: [3, 3], padding: 'same' }),
    node('b5', 'Conv2D', { filters: 2, kernelSize: [5, 5], padding: 'same' }),
    node('cat', 'Concatenate'),
    node('proj', 'Conv2D', { filters: 12, kernelSize: [1, 1] }),
    node('res', 'Add'),
    node('flat', 'Flatten'),
    node('cls', 'Dense', { units: 5, activation: 'softmax' }),
    node('reg', 'Dense', { units: 1 }),
    node('clsLoss', 'CategoricalCrossentropyLoss'),
    node('regLoss', 'MeanSquaredErrorLoss', { weight: 0.5 }),
  ].map((n, i) => ({ ...n, position: { x: 200 * (i % 4), y: 120 * Math.floor(i / 4) } }));
  for (const n of nodes) if (['b1', 'b3', 'b5', 'cat'].includes(n.id)) n.group = 'inception';
  const edges = [
    edge('img', 'b1'),
    edge('img', 'b3'),
    edge('img', 'b5'),
    edge('b1', 'cat', 0),
    edge('b3', 'cat', 1),
    edge('b5', 'cat', 2),
    edge('cat', 'proj'),
    edge('cat', 'res', 0),
    edge('proj', 'res', 1),
    edge('res', 'flat'),
    edge('flat', 'cls'),
    edge('flat', 'reg'),
    edge('cls', 'clsLoss'),
    edge('reg', 'regLoss'),
  ];
  return {
    ...doc(nodes, edges, 'Branchy'),
    groups: [{ id: 'inception', name: 'Inception', collapsed: false }],
  };
}

/**
 * A stem convolution, `blocks` residual blocks (conv → conv → Add with the shortcut), then
 * Flatten → Dense softmax → loss: 3 × blocks + 5 nodes. Each block is a group; every ten
 * blocks form a stage group that holds them, as ResNet's stages hold their blocks.
 */
export function residualNetwork(blocks: number, filters = 16, size = 32): GraphDocument {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const groups: GraphGroup[] = [];
  const place = (n: GraphNode, column: number, row: number) =>
    nodes.push({ ...n, position: { x: column * 220, y: row * 140 } });
  const conv = (id: string, activation: string) =>
    node(id, 'Conv2D', { filters, kernelSize: [3, 3], padding: 'same', activation });

  place(inputNode('x', [size, size, 3]), 0, 0);
  place(conv('stem', 'relu'), 1, 0);
  edges.push(edge('x', 'stem'));
  let previous = 'stem';
  for (let b = 0; b < blocks; b++) {
    const stage = `stage_${Math.floor(b / 10)}`;
    if (b % 10 === 0) groups.push({ id: stage, name: `Stage ${b / 10 + 1}`, collapsed: true });
    const group = `block_${b}`;
    groups.push({ id: group, name: `Block ${b + 1}`, collapsed: false, parent: stage });
    const [c1, c2, sum] = [`b${b}_conv1`, `b${b}_conv2`, `b${b}_add`];
    place({ ...conv(c1, 'relu'), group }, 2 + b * 3, 1);
    place({ ...conv(c2, 'linear'), group }, 3 + b * 3, 1);
    place({ ...node(sum, 'Add'), group }, 4 + b * 3, 0);
    edges.push(edge(previous, c1), edge(c1, c2), edge(previous, sum, 0), edge(c2, sum, 1));
    previous = sum;
  }
  const end = 2 + blocks * 3;
  place(node('flat', 'Flatten'), end, 0);
  place(node('out', 'Dense', { units: 10, activation: 'softmax' }), end + 1, 0);
  place(node('loss', 'CategoricalCrossentropyLoss'), end + 2, 0);
  edges.push(edge(previous, 'flat'), edge('flat', 'out'), edge('out', 'loss'));
  return { ...doc(nodes, edges, `Residual ×${blocks}`), groups };
}

/** A residual network of about `count` nodes (within 2). */
export function residualNetworkOfSize(count: number): GraphDocument {
  return residualNetwork(Math.max(1, Math.round((count - 5) / 3)));
}

/** Two inputs through one shared Dense (a Siamese pair), summed and scored. */
export function siamese(): GraphDocument {
  return doc(
    [
      inputNode('left', [6]),
      inputNode('right', [6]),
      node('encoder', 'Dense', { units: 4, activation: 'tanh' }),
      node('twin', 'Dense', { units: 4, activation: 'tanh' }, { shareWeightsWith: 'encoder' }),
      node('sum', 'Add'),
      node('score', 'Dense', { units: 1, activation: 'sigmoid' }),
      node('loss', 'BinaryCrossentropyLoss'),
    ],
    [
      edge('left', 'encoder'),
      edge('right', 'twin'),
      edge('encoder', 'sum', 0),
      edge('twin', 'sum', 1),
      edge('sum', 'score'),
      edge('score', 'loss'),
    ],
    'Siamese',
  );
}
