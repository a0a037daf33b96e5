/**
 * One walk over a document in topological order that decides everything the PyTorch exports need:
 * each node's module attribute, forward line and layout, where tensors change layout, which helper
 * pieces the file carries, and which nodes own weights. model.py (module.ts) prints it; the weight
 * exporter (weights.ts) reads its weight owners; the export problems come from it too.
 */
import { findLayer } from '../../layers/catalog.ts';
import type { TorchHelper, TorchInit, TorchLayer, TorchLayout } from '../../layers/pytorch.ts';
import type { Shape } from '../../layers/shape.ts';
import type { LayerSpec, LossSpec } from '../../layers/spec.ts';
import type { GraphDocument, GraphNode } from '../../graph/document.ts';
import { inferGraph, nodeParams } from '../../graph/infer.ts';
import type { Inference } from '../../graph/infer.ts';
import { PythonNames, pythonComment } from './names.ts';

/** A node that owns weights, with what its entry says about them. */
export interface WeightOwner {
  node: GraphNode;
  attr: string;
  layer: TorchLayer;
}

export interface PlannedInput {
  node: GraphNode;
  variable: string;
  shape: Shape;
}

export interface PlannedOutput {
  lossNode: GraphNode;
  loss: LossSpec;
  /** The node whose tensor the loss scores, and the (channels-last) variable that holds it. */
  node: string;
  variable: string;
  shape: Shape;
}

/** A node PyTorch cannot express with its settings, and why. */
export interface Unsupported {
  node: GraphNode;
  why: string;
}

export interface ModulePlan {
  inference: Inference;
  inputs: PlannedInput[];
  outputs: PlannedOutput[];
  /** `self.<attr> = …` lines (with group comments), unindented. */
  constructor: string[];
  /** The forward body, unindented, without its return. */
  forward: string[];
  /** How each module's parameters start, with the node that owns them. */
  init: { node: GraphNode; attr: string; init: TorchInit }[];
  helpers: Set<TorchHelper>;
  owners: WeightOwner[];
  unsupported: Unsupported[];
}

interface Value {
  variable: string;
  rank: number;
  layout: TorchLayout;
}

export function planModule(doc: GraphDocument): ModulePlan {
  const inference = inferGraph(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const groupName = new Map(doc.groups.map((g) => [g.id, g.name]));
  const sources = new Map<string, string[]>();
  for (const edge of [...doc.edges].sort((a, b) => a.target.port - b.target.port)) {
    sources.set(edge.target.node, [...(sources.get(edge.target.node) ?? []), edge.source.node]);
  }
  const names = new PythonNames();
  const nameOf = new Map(doc.nodes.map((n) => [n.id, names.take(n.id)]));
  const values = new Map<string, Value>();
  // A tensor moved to the other layout once is reused by every later reader.
  const converted = new Map<string, string>();

  const plan: ModulePlan = {
    inference,
    inputs: [],
    outputs: [],
    constructor: [],
    forward: [],
    init: [],
    helpers: new Set(),
    owners: [],
    unsupported: [],
  };

  const inLayout = (value: Value, layout: TorchLayout): string => {
    if (value.rank < 3 || value.layout === layout) return value.variable;
    const key = `${value.variable}→${layout}`;
    const known = converted.get(key);
    if (known) return known;
    const variable = names.take(`${value.variable}_${layoutSuffix(value.rank, layout)}`);
    const why =
      layout === 'channelsFirst' ? 'channels first, for PyTorch' : "channels last, the app's order";
    plan.forward.push(
      `${variable} = ${value.variable}.permute(${permutation(value.rank, layout).join(', ')})  # ${why}`,
    );
    converted.set(key, variable);
    return variable;
  };

  let group: string | undefined;
  for (const id of inference.order) {
    const node = byId.get(id) as GraphNode;
    const spec = findLayer(node.type) as LayerSpec;
    const info = inference.nodes[id];
    const output = info?.outputShape ?? null;
    if (spec.role === 'loss' || output === null) continue;
    const variable = nameOf.get(id) as string;
    if (spec.role === 'input') {
      plan.inputs.push({ node, variable, shape: output });
      values.set(id, { variable, rank: output.length, layout: 'channelsLast' });
      continue;
    }
    if (node.group !== group) {
      group = node.group;
      const heading =
        group === undefined
          ? ['']
          : ['', `# ── ${pythonComment(groupName.get(group) ?? group)} ──`];
      plan.forward.push(...heading);
      plan.constructor.push(...heading);
    }
    const ownerId = node.shareWeightsWith ?? id;
    const owner = byId.get(ownerId) ?? node;
    const attr = nameOf.get(ownerId) as string;
    const exported = spec.pytorch?.(nodeParams(spec, owner), {
      attr,
      name: ownerId,
      inputs: info?.inputShapes.map((s) => s ?? []) ?? [],
      output,
    }) ?? { unsupported: `${spec.label} has no PyTorch form yet.` };
    const named = node.name && node.name !== id ? `  # ${pythonComment(node.name)}` : '';
    if ('unsupported' in exported) {
      plan.unsupported.push({ node, why: exported.unsupported });
      const message = `${id}: ${exported.unsupported}`;
      plan.forward.push(`raise NotImplementedError(${JSON.stringify(message)})`);
      values.set(id, { variable, rank: output.length, layout: 'channelsLast' });
      continue;
    }
    const inputs = (sources.get(id) ?? []).map((s) => values.get(s) as Value);
    const layout = exported.layout === 'any' ? cheapestLayout(inputs, converted) : exported.layout;
    const args = inputs.map((v) => inLayout(v, layout));
    if (ownerId === id && exported.module !== undefined) {
      plan.constructor.push(`self.${attr} = ${exported.module}${named}`);
      if (exported.frozen) plan.constructor.push(`self.${attr}.requires_grad_(False)  # frozen`);
      for (const init of exported.init ?? []) plan.init.push({ node, attr, init });
    }
    if (ownerId === id && (exported.weights?.length ?? 0) > 0) {
      plan.owners.push({ node, attr, layer: exported });
    }
    for (const helper of exported.helpers ?? []) plan.helpers.add(helper);
    const note = ownerId !== id ? `  # shares weights with ${ownerId}` : named;
    plan.forward.push(`${variable} = ${exported.forward(args, layout)}${note}`);
    values.set(id, {
      variable,
      rank: output.length,
      layout: output.length >= 3 ? layout : 'channelsLast',
    });
  }

  // Outputs in the loss nodes' document order, as the app's compiler orders them.
  for (const lossNode of doc.nodes) {
    const spec = findLayer(lossNode.type);
    const source = sources.get(lossNode.id)?.[0];
    const value = source === undefined ? undefined : values.get(source);
    if (spec?.role !== 'loss' || !spec.loss || source === undefined || !value) continue;
    plan.outputs.push({
      lossNode,
      loss: spec.loss(nodeParams(spec, lossNode)),
      node: source,
      variable: inLayout(value, 'channelsLast'),
      shape: inference.nodes[source]?.outputShape ?? [],
    });
  }
  return plan;
}

/**
 * For a layer that works in either layout (a merge, an activation): the one that needs the fewest
 * new permutes of its inputs, counting conversions already made; channels first on a tie when an
 * input is there already, so a convolution stack stays channels first.
 */
function cheapestLayout(
  inputs: readonly Value[],
  converted: ReadonlyMap<string, string>,
): TorchLayout {
  const cost = (layout: TorchLayout) =>
    inputs.filter(
      (v) => v.rank >= 3 && v.layout !== layout && !converted.has(`${v.variable}→${layout}`),
    ).length;
  const first = cost('channelsFirst');
  const last = cost('channelsLast');
  if (first !== last) return first < last ? 'channelsFirst' : 'channelsLast';
  return inputs.some((v) => v.layout === 'channelsFirst') ? 'channelsFirst' : 'channelsLast';
}

/** Axes order that moves the channel axis of a rank-`rank` tensor to the layout's place. */
function permutation(rank: number, to: TorchLayout): number[] {
  const middle = Array.from({ length: rank - 2 }, (_, i) => i + 1);
  return to === 'channelsFirst' ? [0, rank - 1, ...middle] : [0, ...middle.map((a) => a + 1), 1];
}

function layoutSuffix(rank: number, layout: TorchLayout): string {
  const spatial = rank === 3 ? ['l'] : rank === 4 ? ['h', 'w'] : ['d', 'h', 'w'];
  return layout === 'channelsFirst' ? `nc${spatial.join('')}` : `n${spatial.join('')}c`;
}
