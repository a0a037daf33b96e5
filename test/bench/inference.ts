/**
 * How inference and loading scale with graph size. Inference runs on every edit, so its cost per
 * node must stay flat as graphs grow: the ratio columns compare each size's cost per node with
 * the 100-node graph's, measured in the same run. Graphs are residual conv stacks (conv → conv →
 * Add with the shortcut, each block a group, ten blocks to a stage group), like a deep ResNet.
 *
 * Reading the ratios: the passes are linear (the topological sort n log n), yet cost per node
 * rises at 5,000 nodes. That is V8's young-generation garbage collector: a big graph's working
 * set outlives the default 16 MB semi-space. With NODE_OPTIONS=--max-semi-space-size=64 the
 * 5,000-node figures roughly halve while the 1,000-node ones barely move.
 */
import { inferGraph } from '../../app/graph/infer.ts';
import { parseDocument, parseDocumentText, serializeDocument } from '../../app/graph/load.ts';
import { residualNetworkOfSize } from '../helpers/networks.ts';
import { fmt, ratio, time } from './measure.ts';
import type { BenchTable } from './measure.ts';

const SIZES = [100, 1_000, 5_000];

interface Measurement {
  nodes: number;
  edges: number;
  groups: number;
  kilobytes: number;
  /** Median milliseconds of inferGraph, parseDocument and parseDocumentText. */
  infer: number;
  parse: number;
  parseText: number;
  runs: number;
}

/** Fewer runs for big graphs keeps the whole bench near ten seconds on a small machine. */
const runsFor = (nodes: number) => (nodes <= 200 ? 41 : nodes <= 1_000 ? 15 : 7);

export async function benchInference(): Promise<BenchTable[]> {
  const graphs = SIZES.map((size) => {
    const doc = residualNetworkOfSize(size);
    const text = serializeDocument(doc);
    const inference = inferGraph(doc);
    if (inference.errorCount > 0) throw new Error(`The ${size}-node bench graph has errors.`);
    return { doc, text, raw: JSON.parse(text) as unknown };
  });
  // Warm the JIT on every size first, or the 100-node baseline pays for compilation.
  for (let i = 0; i < 5; i++) {
    for (const { doc, raw } of graphs) {
      inferGraph(doc);
      parseDocument(raw);
    }
  }
  const measured: Measurement[] = [];
  for (const { doc, text, raw } of graphs) {
    // Let timers and finalizers run between sizes, so one size's garbage is not charged to the next.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const runs = runsFor(doc.nodes.length);
    measured.push({
      nodes: doc.nodes.length,
      edges: doc.edges.length,
      groups: doc.groups.length,
      kilobytes: text.length / 1024,
      infer: time(() => inferGraph(doc), runs).medianMs,
      parse: time(() => parseDocument(raw), runs).medianMs,
      parseText: time(() => parseDocumentText(text), runs).medianMs,
      runs,
    });
  }
  const base = measured[0] as Measurement;
  const perNode = (ms: number, nodes: number) => (ms * 1000) / nodes;
  const baseInfer = perNode(base.infer, base.nodes);
  const baseParse = perNode(base.parse, base.nodes);

  return [
    {
      title: 'Inference and loading by graph size (median ms)',
      columns: [
        'nodes',
        'edges',
        'groups',
        'file KB',
        'runs',
        'inferGraph ms',
        'µs/node',
        'vs 100',
        'parseDocument ms',
        'µs/node',
        'vs 100',
        'parseDocumentText ms',
      ],
      rows: measured.map((m) => [
        String(m.nodes),
        String(m.edges),
        String(m.groups),
        fmt(m.kilobytes, 1),
        String(m.runs),
        fmt(m.infer),
        fmt(perNode(m.infer, m.nodes)),
        ratio(perNode(m.infer, m.nodes), baseInfer),
        fmt(m.parse),
        fmt(perNode(m.parse, m.nodes)),
        ratio(perNode(m.parse, m.nodes), baseParse),
        fmt(m.parseText),
      ]),
      notes: [
        '"vs 100" is the cost per node relative to the 100-node graph in this run: near 1× means linear scaling.',
        'parseDocument validates an already-parsed object (API payloads); parseDocumentText adds JSON.parse (files).',
      ],
    },
  ];
}
