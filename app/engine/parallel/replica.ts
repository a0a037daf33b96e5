/**
 * A replica thread of data-parallel training: it holds its own copy of the model on its own
 * backend and, for every step the trainer asks for, computes the gradients of its part of the
 * batch at the trainer's current weights. It never updates weights itself; the trainer averages
 * all parts' gradients and takes the one optimizer step (parallel/replicas.ts).
 */
import type { BackendName } from '../backend.ts';
import type { GraphDocument } from '../../graph/document.ts';
import { compileToLayersModel } from '../compile.ts';
import type { PreparedData } from '../data/pipeline.ts';
import { samplesToTensors } from '../evaluate.ts';
import { flatLayout, gradientCapture, writeWeights } from '../flat-weights.ts';
import type { Tf } from '../tf.ts';
import type { BatchMetric } from '../training-model.ts';
import { compileForTraining } from '../training-model.ts';
import { Command, Slot, openChannel } from './channel.ts';
import type { ChannelShape } from './channel.ts';

/** What a replica thread starts with (structured-cloneable: it crosses into the thread). */
export interface ReplicaInit {
  document: GraphDocument;
  backend: BackendName;
  metrics: BatchMetric[];
  input: PreparedData['input'];
  shape: ChannelShape;
  buffer: SharedArrayBuffer;
  weights: SharedArrayBuffer;
}

/** Serves steps until the trainer says quit. Throws (ending the thread) on any failure. */
export async function serveReplica(tf: Tf, init: ReplicaInit): Promise<void> {
  const channel = openChannel(init.buffer, init.weights, init.shape);
  const { control } = channel;
  const compiled = compileToLayersModel(tf, init.document);
  const { model } = compiled;
  const layout = flatLayout(model);
  if (layout.size !== init.shape.weights) {
    throw new Error(
      `The replica's model has ${layout.size} trainable weights, the trainer's ${init.shape.weights}`,
    );
  }
  compileForTraining(tf, compiled, gradientCapture(tf, layout, channel.gradients), init.metrics);
  Atomics.store(control, Slot.ready, 1);
  Atomics.notify(control, Slot.ready);

  let seen = 0;
  for (;;) {
    // Blocking is right here: this thread has nothing else to do until the next step.
    Atomics.wait(control, Slot.go, seen);
    seen = Atomics.load(control, Slot.go);
    if (Atomics.load(control, Slot.command) === Command.quit) break;
    const count = Atomics.load(control, Slot.count);
    writeWeights(tf, model, layout, channel.weights);
    const { x, y } = samplesToTensors(tf, init.input, init.shape.labelWidth, {
      x: channel.x,
      y: channel.y,
      count,
    });
    try {
      const result = await model.trainOnBatch(x, y);
      channel.values.set(Array.isArray(result) ? result : [result]);
    } finally {
      tf.dispose([x, y]);
    }
    Atomics.store(control, Slot.done, seen);
    Atomics.notify(control, Slot.done);
  }
  model.dispose();
}
