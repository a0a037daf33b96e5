/**
 * Whether a past run's weights fit the network as it is now, for continuing training from them
 * (E213). Two checks, both pure:
 * - `snapshotMismatch` compares the run's document snapshot with the current document by
 *   inference alone, so the main side refuses a start at once, without loading TensorFlow.js;
 * - `weightsMismatch` compares the saved weights with the compiled model's, tensor by tensor: the
 *   worker's last word, since two layers can agree on their shapes and weight count and still
 *   hold differently shaped kernels (a 1×9 and a 3×3 convolution).
 */
import type { GraphDocument } from '../../app/graph/document.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import type { NodeInference } from '../../app/graph/infer.ts';
import type { Shape } from '../../app/layers/shape.ts';

/** What the run's network and the current one disagree on, for an E213 message; null if nothing. */
export function snapshotMismatch(run: GraphDocument, current: GraphDocument): string | null {
  const inRun = weightedLayers(run);
  const here = weightedLayers(current);
  for (const [id, layer] of here) {
    const saved = inRun.get(id);
    if (!saved) return `layer ${id} has weights here but none in the run`;
    if (saved.type !== layer.type) {
      return `layer ${id} is a ${layer.type} here and a ${saved.type} in the run`;
    }
    const [now, then] = [describe(layer.info), describe(saved.info)];
    if (now !== then) return `layer ${id} has shape ${now} here and ${then} in the run`;
  }
  for (const id of inRun.keys()) {
    if (!here.has(id)) return `layer ${id} has weights in the run but is not in this network`;
  }
  return null;
}

/**
 * The same question asked of the tensors themselves: `model` names each weight as tfjs's
 * `loadWeights` matches it (`hidden/kernel`), `saved` what the run's weight file holds.
 */
export function weightsMismatch(
  model: ReadonlyMap<string, Dims>,
  saved: ReadonlyMap<string, Dims>,
): string | null {
  for (const [name, shape] of model) {
    const stored = saved.get(name);
    if (!stored) return `weight ${name} is not in the run`;
    if (!sameShape(shape, stored)) {
      return `weight ${name} has shape ${dims(shape)} here and ${dims(stored)} in the run`;
    }
  }
  for (const name of saved.keys()) {
    if (!model.has(name)) return `weight ${name} of the run has no place in this network`;
  }
  return null;
}

/** A tensor's dimensions; tfjs types a variable's shape with nulls it never holds. */
type Dims = readonly (number | null)[];

interface WeightedLayer {
  type: string;
  info: NodeInference;
}

/** Layers that own weights, by node id (a node sharing another's weights owns none). */
function weightedLayers(doc: GraphDocument): Map<string, WeightedLayer> {
  const inference = inferGraph(doc);
  const out = new Map<string, WeightedLayer>();
  for (const node of doc.nodes) {
    const info = inference.nodes[node.id];
    if (!info || node.shareWeightsWith !== undefined) continue;
    if (info.params.trainable + info.params.nonTrainable === 0) continue;
    out.set(node.id, { type: node.type, info });
  }
  return out;
}

/** `[2] → [8], 24 weights`: what fixes a layer's weight shapes, given its type and settings. */
function describe(info: NodeInference): string {
  const inputs = info.inputShapes.map((s) => (s ? shapeText(s) : '?')).join(' + ');
  const output = info.outputShape ? shapeText(info.outputShape) : '?';
  const count = info.params.trainable + info.params.nonTrainable;
  return `${inputs} → ${output} (${count} weights)`;
}

/** A sample's shape, as the canvas shows it: the batch dimension left out. */
function shapeText(shape: Shape): string {
  const sample = shape[0] === null ? shape.slice(1) : shape;
  return `[${sample.map((d) => d ?? '?').join(', ')}]`;
}

function dims(shape: Dims): string {
  return shape.length === 0 ? 'scalar' : shape.map((d) => d ?? '?').join('×');
}

function sameShape(a: Dims, b: Dims): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
