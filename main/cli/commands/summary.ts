/**
 * `netwright summary <file>`: the network as a Keras-style table (layer, type, output shape,
 * parameters, inputs), groups as section rows, then the totals, FLOPs and any problems.
 */
import { parseArgs } from 'node:util';
import type { GraphDocument, GraphNode } from '../../../app/graph/document.ts';
import { indexEdges, inferGraph } from '../../../app/graph/infer.ts';
import type { Inference } from '../../../app/graph/infer.ts';
import { findLayer } from '../../../app/layers/catalog.ts';
import { formatShape } from '../../../app/layers/shape.ts';
import { modelNameFor } from '../../../app/codegen/names.ts';
import { exitCodes } from '../command.ts';
import type { Command } from '../command.ts';
import { requireDocument } from '../load-document.ts';
import { formatCount, formatFlops, formatTable } from '../table.ts';
import type { Row } from '../table.ts';
import { oneFileArgument } from './arguments.ts';

const usage = 'netwright summary <file>';

export const summaryCommand: Command = {
  name: 'summary',
  usage,
  summary: 'print the layers, shapes, parameter counts and FLOPs of a network',
  async run(args, io) {
    const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
    const path = oneFileArgument(positionals, usage);
    const document = await requireDocument(path);
    const inference = inferGraph(document);
    io.out(summaryLines(document, inference).join('\n') + '\n');
    return inference.errorCount > 0 ? exitCodes.failed : exitCodes.ok;
  },
};

export function summaryLines(document: GraphDocument, inference: Inference): string[] {
  const byId = new Map(document.nodes.map((n) => [n.id, n]));
  const { incoming } = indexEdges(document);
  const groups = new Map(document.groups.map((g) => [g.id, g]));
  /** The chain of group names from the outermost down to the node's own group. */
  const groupPath = (id: string | undefined): string[] => {
    const names: string[] = [];
    for (
      let g = id ? groups.get(id) : undefined;
      g;
      g = g.parent ? groups.get(g.parent) : undefined
    ) {
      names.unshift(g.name);
      if (names.length > groups.size) break; // a cycle; the loader reports it
    }
    return names;
  };

  const rows: Row[] = [];
  let currentGroup: string | undefined;
  for (const id of [...inference.order, ...blockedNodes(document, inference)]) {
    const node = byId.get(id) as GraphNode;
    const path = groupPath(node.group);
    if (node.group !== currentGroup) {
      currentGroup = node.group;
      if (path.length > 0)
        rows.push({ title: `${'  '.repeat(path.length - 1)}[${path.join(' / ')}]` });
    }
    const info = inference.nodes[id];
    const spec = findLayer(node.type);
    const isLoss = spec?.role === 'loss';
    const weight = node.params.weight;
    const type = [
      node.type,
      isLoss && typeof weight === 'number' && weight !== 1 ? `× ${weight}` : '',
      node.shareWeightsWith ? `(shares ${node.shareWeightsWith})` : '',
      info?.problems.some((p) => p.severity === 'error') ? '(!)' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const params = info ? info.params.trainable + info.params.nonTrainable : 0;
    rows.push({
      cells: [
        `${'  '.repeat(path.length)}${node.name ? `${node.name} (${id})` : id}`,
        type,
        isLoss ? '—' : info?.outputShape ? formatShape(info.outputShape) : '?',
        formatCount(params),
        (incoming.get(id) ?? []).map((e) => e.source.node).join(', '),
      ],
    });
  }

  const { params, flops } = inference.totals;
  const problems = inference.problems;
  return [
    `Model: "${modelNameFor(document)}" (${document.metadata.title})`,
    ...formatTable(
      [
        { header: 'Layer (name)' },
        { header: 'Type' },
        { header: 'Output shape' },
        { header: 'Params', align: 'right' },
        { header: 'Connected to' },
      ],
      rows,
    ),
    `Total params: ${formatCount(params.total)}`,
    `Trainable params: ${formatCount(params.trainable)}`,
    `Non-trainable params: ${formatCount(params.nonTrainable)}`,
    `FLOPs: ${formatFlops(flops)} per sample (a multiply-add counts 2)`,
    ...(problems.length > 0
      ? ['', `Problems (${problems.length}):`, ...problems.map((p) => `  ${p.message}`)]
      : []),
  ];
}

/** Nodes on a cycle have no place in the order; list them last so none goes missing. */
function blockedNodes(document: GraphDocument, inference: Inference): string[] {
  const placed = new Set(inference.order);
  return document.nodes.filter((n) => !placed.has(n.id)).map((n) => n.id);
}
