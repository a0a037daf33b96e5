/**
 * A model file's weight manifest, renamed for the imported graph. tfjs and Keras name a weight
 * `<layer>/<weight>` (`conv1/kernel`); the compiler names each layer after its node, so a weight
 * keeps its name unless its layer's name had to change to become a node id. The bytes are not
 * touched: the manifest still describes them in order.
 */
import type { io } from '@tensorflow/tfjs';

export function importedWeightSpecs(
  specs: readonly io.WeightsManifestEntry[],
  nodeIdOfLayer: ReadonlyMap<string, string>,
): io.WeightsManifestEntry[] {
  return specs.map((spec) => {
    const slash = spec.name.indexOf('/');
    const layer = slash < 0 ? spec.name : spec.name.slice(0, slash);
    const id = nodeIdOfLayer.get(layer);
    return id === undefined || id === layer
      ? spec
      : { ...spec, name: id + spec.name.slice(layer.length) };
  });
}
