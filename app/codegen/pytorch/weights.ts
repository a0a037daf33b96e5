/**
 * A tfjs model's weights in the form the exported model.py loads (`load_weights`): a JSON
 * manifest beside one binary file of little-endian float32 values. Tensors are named by the
 * module's state_dict keys and already in PyTorch's layouts (the catalog entries' `pytorch`
 * weight maps say how), so the Python side only copies them in:
 *
 *   weights.json  { "format": "netwright.pytorch-weights", "version": 1, "model": "LeNet5",
 *                   "data": "weights.bin",
 *                   "tensors": [{ "name": "conv1.weight", "shape": [6, 1, 5, 5],
 *                                 "dtype": "float32", "offset": 0 }, …] }
 *   weights.bin   the tensors' values, row-major, one after another at their byte offsets
 *
 * Numpy reads a tensor with `np.frombuffer(data, '<f4', count, offset).reshape(shape)`.
 */
import type { GraphDocument } from '../../graph/document.ts';
import type { LayersModel } from '../../engine/tf.ts';
import { pythonClassName } from './names.ts';
import { planModule } from './plan.ts';
import { applyTransforms } from './tensor.ts';
import type { HostTensor } from './tensor.ts';

export const weightsFormat = 'netwright.pytorch-weights';

export interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** Byte offset into the data file. */
  offset: number;
}

export interface TorchWeightsManifest {
  format: typeof weightsFormat;
  version: 1;
  /** The exported module's class. */
  model: string;
  /** The binary file, relative to the manifest. */
  data: string;
  tensors: TensorEntry[];
}

export interface PackedTensors {
  tensors: TensorEntry[];
  data: Uint8Array;
}

/**
 * The weights of `model` (built from `doc` by compileToLayersModel, trained or not) for the
 * module emitPyTorchModule(doc) writes. Throws when the model lacks a layer or weight the
 * document implies, which means the two do not belong together.
 */
export function exportPyTorchWeights(
  model: LayersModel,
  doc: GraphDocument,
  dataFile = 'weights.bin',
): { manifest: TorchWeightsManifest; data: Uint8Array } {
  const named: (HostTensor & { name: string })[] = [];
  for (const owner of planModule(doc).owners) {
    const layer = model.getLayer(owner.node.id);
    const values = layer.getWeights();
    const byName = new Map(layer.weights.map((w, i) => [w.originalName, values[i]]));
    for (const weight of owner.layer.weights ?? []) {
      const tfjsName = `${owner.node.id}/${weight.tfjs}`;
      const value = byName.get(tfjsName);
      if (!value) {
        const have = [...byName.keys()].join(', ');
        throw new Error(
          `The model's layer ${owner.node.id} has no weight ${tfjsName} (it has ${have})`,
        );
      }
      const host = { data: value.dataSync() as Float32Array, shape: value.shape };
      named.push({
        name: `${owner.attr}.${weight.torch}`,
        ...applyTransforms(host, weight.transform),
      });
    }
  }
  const { tensors, data } = packTensors(named);
  return {
    manifest: {
      format: weightsFormat,
      version: 1,
      model: pythonClassName(doc),
      data: dataFile,
      tensors,
    },
    data,
  };
}

/** The manifest as JSON with one tensor per line, easy to read and to diff. */
export function manifestText(manifest: TorchWeightsManifest): string {
  const { tensors, ...rest } = manifest;
  const head = Object.entries(rest).map(
    ([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`,
  );
  const lines = tensors.map((t) => `    ${JSON.stringify(t)}`).join(',\n');
  return `{\n${head.join('\n')}\n  "tensors": [\n${lines}\n  ]\n}\n`;
}

const littleEndianHost = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

/** Tensors one after another as little-endian float32, with their manifest entries. */
export function packTensors(list: readonly (HostTensor & { name: string })[]): PackedTensors {
  const total = list.reduce((n, t) => n + t.data.length, 0);
  const data = new Uint8Array(total * 4);
  const view = new DataView(data.buffer);
  const tensors: TensorEntry[] = [];
  let offset = 0;
  for (const t of list) {
    tensors.push({ name: t.name, shape: [...t.shape], dtype: 'float32', offset });
    if (littleEndianHost) {
      data.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), offset);
    } else {
      t.data.forEach((v, i) => view.setFloat32(offset + 4 * i, v, true));
    }
    offset += t.data.byteLength;
  }
  return { tensors, data };
}
