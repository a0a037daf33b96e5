/**
 * The `model.json` Netwright writes for a document: tfjs's own topology (from `model.toJSON` or a
 * run's saved model), with two additions that make the file say all the document says:
 * - the Keras training config (losses, loss weights, metrics, optimizer) beside the topology, as
 *   `modelTopology: { model_config, training_config }`, the layout the tfjs converter writes for
 *   Keras models and tfjs's loadLayersModel reads; Netwright's import turns it back into loss
 *   nodes;
 * - settings tfjs-layers 4.22 leaves out of a layer's config: SeparableConv2D's getConfig() omits
 *   `depth_multiplier` (tfjs-layers src/layers/convolutional.ts), so a multiplier above 1 would
 *   load as 1, and the weights would not fit.
 * Pure: the caller hands in the topology and the weight manifest.
 */
import type { io } from '@tensorflow/tfjs';
import { kerasTrainingConfig } from '../../codegen/keras/training-config.ts';
import type { GraphDocument } from '../../graph/document.ts';
import { nodeParams } from '../../graph/infer.ts';
import { findLayer } from '../../layers/catalog.ts';

type Json = Record<string, unknown>;

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export function modelJsonFor(
  doc: GraphDocument,
  topology: object,
  weights: { specs: io.WeightsManifestEntry[]; path: string } | null = null,
): io.ModelJSON {
  const modelConfig = unwrapped(topology);
  return {
    format: 'layers-model',
    generatedBy: 'Netwright (TensorFlow.js tfjs-layers)',
    convertedBy: null,
    modelTopology: {
      model_config: withMissingSettings(modelConfig, doc),
      training_config: kerasTrainingConfig(doc),
    },
    weightsManifest: weights ? [{ paths: [weights.path], weights: weights.specs }] : [],
  };
}

/** A run's saved topology may already be wrapped as `{ model_config, … }`. */
function unwrapped(topology: object): Json {
  const wrapped = (topology as Json).model_config;
  return typeof wrapped === 'object' && wrapped !== null ? (wrapped as Json) : (topology as Json);
}

function withMissingSettings(topology: Json, doc: GraphDocument): Json {
  const config = topology.config as Json | undefined;
  const layers = config?.layers;
  if (!Array.isArray(layers)) return topology;
  const multiplierOf = new Map<string, number>();
  for (const node of doc.nodes) {
    const spec = findLayer(node.type);
    if (spec?.type !== 'SeparableConv2D' || node.shareWeightsWith) continue;
    multiplierOf.set(node.id, nodeParams(spec, node).depthMultiplier as number);
  }
  const patched = layers.map((layer: Json) => {
    const name = layer.name as string;
    const multiplier = multiplierOf.get(name);
    if (layer.class_name !== 'SeparableConv2D' || multiplier === undefined) return layer;
    return { ...layer, config: { ...(layer.config as Json), depth_multiplier: multiplier } };
  });
  return { ...topology, config: { ...config, layers: patched } };
}
