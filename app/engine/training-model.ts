/**
 * Compiling a graph for training, the same way in the training thread and in every replica thread
 * (data-parallel training): the same losses and per-batch metrics, in the same order, so their
 * `trainOnBatch` results line up.
 */
import type { Optimizer } from '@tensorflow/tfjs';
import type { MetricName } from '../graph/training.ts';
import type { CompiledModel } from './compile.ts';
import type { LabelFit } from './data/labels.ts';
import { accuracyMetricName, resolveLosses } from './losses.ts';
import type { Tf } from './tf.ts';

/** Metrics tfjs computes per training batch. */
export type BatchMetric = 'accuracy' | 'mae';

/** Metrics tfjs can compute per training batch: accuracy for classes, MAE against dense labels. */
export function trainingMetrics(requested: readonly MetricName[], labels: LabelFit): BatchMetric[] {
  const out: BatchMetric[] = [];
  if (requested.includes('accuracy') && labels.classes !== null && labels.encoding !== 'values') {
    out.push('accuracy');
  }
  if (requested.includes('mae') && labels.encoding !== 'index') out.push('mae');
  return out;
}

export function compileForTraining(
  tf: Tf,
  compiled: CompiledModel,
  optimizer: Optimizer,
  metrics: readonly BatchMetric[],
): void {
  const accuracy = accuracyMetricName(compiled.outputs[0] as CompiledModel['outputs'][number]);
  compiled.model.compile({
    optimizer,
    loss: resolveLosses(tf, compiled.outputs),
    metrics: metrics.map((name) =>
      name === 'mae' ? tf.metrics.meanAbsoluteError : tf.metrics[accuracy],
    ),
  });
}
