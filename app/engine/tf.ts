/**
 * The type of the tfjs namespace the engine works with. The engine never imports tfjs for its
 * values: callers hand in the `tf` they loaded (with whatever backend), which keeps app/ importable
 * without loading TensorFlow and lets tests pick a backend.
 */
import type * as tfjs from '@tensorflow/tfjs';

export type Tf = typeof tfjs;
export type SymbolicTensor = tfjs.SymbolicTensor;
export type Layer = tfjs.layers.Layer;
export type LayersModel = tfjs.LayersModel;
export type Tensor = tfjs.Tensor;
