/**
 * `weights.py`, written beside model.py when an export carries a run's weights: it reads the
 * TensorFlow.js files Netwright saves (model.json and weights.bin) with NumPy alone and puts them
 * into the Keras model layer by layer. Both name a layer's weights `<layer name>/…` (the node
 * id), keep them in the same layouts (a Dense kernel is inputs × units, a Conv2D kernel
 * height × width × in × out, LSTM gates i, f, c, o) and list them in the same order within a
 * layer, so no weight needs converting.
 */
export const kerasWeightsSource = `"""Loads weights saved by Netwright (TensorFlow.js model.json + weights.bin) into a Keras model.

    from model import build_model
    from weights import load_tfjs_weights

    model = build_model()
    load_tfjs_weights(model, 'weights/model.json')
"""
import json
from pathlib import Path

import numpy as np

DTYPES = {'float32': np.float32, 'int32': np.int32, 'bool': np.bool_}


def read_tfjs_weights(model_json):
    """Every weight in the files, by its TensorFlow.js name (\`dense/kernel\`), in stored order."""
    path = Path(model_json)
    manifest = json.loads(path.read_text())['weightsManifest']
    data = b''.join((path.parent / name).read_bytes() for group in manifest for name in group['paths'])
    weights, offset = {}, 0
    for group in manifest:
        for spec in group['weights']:
            dtype = np.dtype(DTYPES[spec['dtype']])
            count = int(np.prod(spec['shape'], dtype=np.int64))
            values = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
            weights[spec['name']] = values.reshape(spec['shape'])
            offset += count * dtype.itemsize
    return weights


def load_tfjs_weights(model, model_json):
    """Sets each layer's weights from the ones saved under its name."""
    weights = read_tfjs_weights(model_json)
    for layer in model.layers:
        own = [values for name, values in weights.items() if name.startswith(layer.name + '/')]
        if own:
            layer.set_weights(own)
`;
