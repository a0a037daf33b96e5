/**
 * The shared memory between the training thread and one replica thread (data-parallel training).
 * Each step the trainer writes the replica's part of the batch and bumps `go`; the replica reads
 * the current weights, computes that part's gradients, loss and metrics with tfjs, writes them
 * back and sets `done` to the step number. Weights live in one buffer all replicas read.
 *
 * Shared memory and Atomics rather than messages: a LeNet step is ~10 ms, and structured-clone
 * messages of 250 KB of gradients each way, plus an event-loop turn per message, would eat much of
 * what a second core gains.
 */
import type { FlatLayout } from '../flat-weights.ts';

/** Slots of the control array. */
export const Slot = {
  /** The step number the trainer last asked for. */
  go: 0,
  /** The step number whose results the replica last wrote. */
  done: 1,
  /** What `go` asks: a step or quitting. */
  command: 2,
  /** Samples in this step's part. */
  count: 3,
  /** 0 while the replica starts, 1 once its model is compiled and it waits for steps. */
  ready: 4,
} as const;

export const Command = { step: 0, quit: 1 } as const;

export interface ChannelShape {
  /** The most samples one part can hold. */
  maxCount: number;
  /** Floats per sample of input and of encoded labels. */
  inputSize: number;
  labelWidth: number;
  /** Floats of all trainable weights (FlatLayout.size). */
  weights: number;
  /** The loss then each training metric, as `trainOnBatch` returns them. */
  values: number;
}

export interface Channel {
  control: Int32Array;
  x: Float32Array;
  y: Float32Array;
  gradients: Float32Array;
  values: Float32Array;
  /** Shared by every replica; only the trainer writes it, and only between steps. */
  weights: Float32Array;
}

const CONTROL_INTS = 8;

function sizes(shape: ChannelShape) {
  return {
    control: CONTROL_INTS,
    x: shape.maxCount * shape.inputSize,
    y: shape.maxCount * shape.labelWidth,
    gradients: shape.weights,
    values: shape.values,
  };
}

/** Bytes of one replica's buffer (all parts are 4-byte words, so views line up). */
export function channelBytes(shape: ChannelShape): number {
  return Object.values(sizes(shape)).reduce((a, b) => a + b, 0) * 4;
}

/** Views over one replica's buffer and the shared weights; both sides call this alike. */
export function openChannel(
  buffer: SharedArrayBuffer,
  weights: SharedArrayBuffer,
  shape: ChannelShape,
): Channel {
  const n = sizes(shape);
  let at = 0;
  const take = <T>(make: (offset: number, length: number) => T, length: number): T => {
    const view = make(at, length);
    at += length * 4;
    return view;
  };
  const floats = (offset: number, length: number) => new Float32Array(buffer, offset, length);
  return {
    control: take((offset, length) => new Int32Array(buffer, offset, length), n.control),
    x: take(floats, n.x),
    y: take(floats, n.y),
    gradients: take(floats, n.gradients),
    values: take(floats, n.values),
    weights: new Float32Array(weights, 0, shape.weights),
  };
}

export function weightsBuffer(layout: FlatLayout): SharedArrayBuffer {
  return new SharedArrayBuffer(layout.size * 4);
}
