/**
 * Loss and metrics of a model over a whole split (dev after each epoch, test at the end), one
 * forward pass per batch: the loss from the compiled model's own loss function, the metrics from
 * the same predictions.
 */
import type { MetricName, MetricValues } from '../graph/training.ts';
import type { DataBatch, Part, PreparedData } from './data/pipeline.ts';
import { MetricAccumulator } from './metrics.ts';
import type { LayersModel, Tensor, Tf } from './tf.ts';

/**
 * Evaluation keeps no gradients, so twice the training batch fits in the memory training used;
 * more than 256 at a time gains little speed.
 */
const evalBatchSize = (trainingBatch: number) =>
  Math.max(trainingBatch, Math.min(256, 2 * trainingBatch));

export interface Evaluation {
  loss: number;
  metrics: MetricValues;
}

export function batchTensors(
  tf: Tf,
  data: Pick<PreparedData, 'input' | 'labels'>,
  batch: Pick<DataBatch, 'x' | 'y' | 'count'>,
): { x: Tensor; y: Tensor } {
  return samplesToTensors(tf, data.input, data.labels.width, batch);
}

/**
 * Tensors of `count` samples from the start of `x` and `y`, copied: the arrays may be views of
 * memory that changes after this returns (a training thread's shared buffer), and the plain-JS
 * backend would keep a reference instead of copying.
 */
export function samplesToTensors(
  tf: Tf,
  input: PreparedData['input'],
  labelWidth: number,
  { x, y, count }: Pick<DataBatch, 'x' | 'y' | 'count'>,
): { x: Tensor; y: Tensor } {
  const shape = [count, ...input.shape];
  const features = x.subarray(0, count * inputSize(input));
  return {
    x:
      input.dtype === 'int32'
        ? tf.tensor(Int32Array.from(features), shape, 'int32')
        : tf.tensor(features.slice(), shape, 'float32'),
    y: tf.tensor(y.slice(0, count * labelWidth), [count, labelWidth], 'float32'),
  };
}

export function inputSize(input: PreparedData['input']): number {
  return input.shape.reduce((a, b) => a * b, 1);
}

export async function evaluate(
  tf: Tf,
  model: LayersModel,
  data: PreparedData,
  part: Part,
  batchSize: number,
  metrics: readonly MetricName[],
): Promise<Evaluation> {
  const lossFn = model.lossFunctions[0] as (yTrue: Tensor, yPred: Tensor) => Tensor;
  const outputWidth = (model.outputs[0]?.shape.at(-1) as number | undefined) ?? 1;
  const accumulator = new MetricAccumulator(data.labels, outputWidth);
  let lossSum = 0;
  let count = 0;
  for await (const batch of data.batches(part, evalBatchSize(batchSize))) {
    const { x, y } = batchTensors(tf, data, batch);
    const prediction = model.predict(x) as Tensor;
    const loss = tf.tidy(() => {
      const perSample = lossFn(y, prediction);
      // tfjs-layers losses give one value per sample; tf.losses.* ones already give the mean.
      return perSample.rank === 0 ? tf.mul(perSample, batch.count) : tf.sum(perSample);
    });
    lossSum += (await loss.data())[0] as number;
    accumulator.add((await prediction.data()) as Float32Array, batch.raw, batch.y, batch.count);
    count += batch.count;
    tf.dispose([x, y, prediction, loss]);
  }
  return { loss: count > 0 ? lossSum / count : NaN, metrics: accumulator.result(metrics) };
}
