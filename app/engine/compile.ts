/**
 * Document → tf.LayersModel through the functional API: branches, merges, shared weights,
 * several inputs and several loss nodes. The model's outputs are the tensors that feed the loss
 * nodes, in document order, each with the loss that scores it.
 */
import { getLayer } from '../layers/catalog.ts';
import type { Shape } from '../layers/shape.ts';
import type { LossSpec } from '../layers/spec.ts';
import type { GraphDocument, GraphNode } from '../graph/document.ts';
import { DocumentError } from '../graph/errors.ts';
import { inferGraph, nodeParams } from '../graph/infer.ts';
import type { Inference } from '../graph/infer.ts';
import { modelNameFor } from '../codegen/names.ts';
import { resolveTfCall } from './resolve.ts';
import type { ScoredOutput } from './losses.ts';
import type { Layer, LayersModel, SymbolicTensor, Tf } from './tf.ts';

/** One model output; hand the list to resolveLosses (./losses.ts) for `model.compile`. */
export interface CompiledOutput extends ScoredOutput {
  /** The loss node that scores this output. */
  lossNode: string;
  /** The node whose tensor is the model output. */
  node: string;
  loss: LossSpec;
  /** The shape of that output (batch first), which the loss scores. */
  prediction: Shape;
}

export interface CompiledModel {
  model: LayersModel;
  /** Input node ids in the order of `model.inputs`. */
  inputs: string[];
  outputs: CompiledOutput[];
  /** Every node's output tensor by node id (loss nodes excluded), for tests and inspection. */
  tensors: ReadonlyMap<string, SymbolicTensor>;
  inference: Inference;
}

export function compileToLayersModel(tf: Tf, doc: GraphDocument): CompiledModel {
  const inference = inferGraph(doc);
  const errors = inference.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new DocumentError(errors);

  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, string[]>();
  for (const edge of [...doc.edges].sort((a, b) => a.target.port - b.target.port)) {
    incoming.set(edge.target.node, [...(incoming.get(edge.target.node) ?? []), edge.source.node]);
  }

  // Layers are made once per weight owner, so a node that shares weights applies the same objects.
  const layersOf = new Map<string, Layer[]>();
  const layersFor = (node: GraphNode): Layer[] => {
    const ownerId = node.shareWeightsWith ?? node.id;
    const made = layersOf.get(ownerId);
    if (made) return made;
    const owner = byId.get(ownerId) as GraphNode;
    const spec = getLayer(owner.type);
    const layers = spec
      .tfjs(nodeParams(spec, owner), owner.id)
      .map((call) => resolveTfCall(tf, call) as Layer);
    layersOf.set(ownerId, layers);
    return layers;
  };

  const tensors = new Map<string, SymbolicTensor>();
  const inputs: string[] = [];
  const outputs: CompiledOutput[] = [];
  for (const id of inference.order) {
    const node = byId.get(id) as GraphNode;
    const spec = getLayer(node.type);
    const params = nodeParams(spec, node);
    const sources = (incoming.get(id) ?? []).map((s) => tensors.get(s) as SymbolicTensor);
    if (spec.role === 'input') {
      const [call] = spec.tfjs(params, id);
      tensors.set(id, resolveTfCall(tf, call as NonNullable<typeof call>) as SymbolicTensor);
      inputs.push(id);
    } else if (spec.role === 'loss') {
      const source = (incoming.get(id) ?? [])[0] as string;
      outputs.push({
        lossNode: id,
        node: source,
        loss: (spec.loss as NonNullable<typeof spec.loss>)(params),
        prediction: inference.nodes[source]?.outputShape as Shape,
      });
    } else {
      let x: SymbolicTensor | SymbolicTensor[] =
        spec.inputs.max > 1 ? sources : (sources[0] as SymbolicTensor);
      for (const layer of layersFor(node)) x = layer.apply(x) as SymbolicTensor;
      tensors.set(id, x as SymbolicTensor);
    }
  }
  // Keep the document's order of inputs and loss nodes, which the trainer and exporters rely on.
  const position = new Map(doc.nodes.map((n, i) => [n.id, i]));
  const at = (id: string) => position.get(id) ?? 0;
  outputs.sort((a, b) => at(a.lossNode) - at(b.lossNode));
  inputs.sort((a, b) => at(a) - at(b));

  const model = tf.model({
    name: modelNameFor(doc),
    inputs: inputs.map((i) => tensors.get(i) as SymbolicTensor),
    outputs: outputs.map((o) => tensors.get(o.node) as SymbolicTensor),
  });
  return { model, inputs, outputs, tensors, inference };
}
