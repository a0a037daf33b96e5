/**
 * A document's losses, loss weights, metrics and optimizer as Keras writes them in a saved
 * model's `training_config`. Netwright puts it beside the topology in the model.json files it
 * exports (`modelTopology: { model_config, training_config }`, the layout of the tfjs converter,
 * which tfjs's loadLayersModel reads), so importing such a file brings the loss nodes back.
 */
import type { GraphDocument } from '../../graph/document.ts';
import { inferGraph } from '../../graph/infer.ts';
import { trainingConfigSchema } from '../../graph/training.ts';
import { kerasLossJson } from './losses.ts';
import type { KerasLossJson } from './losses.ts';
import { kerasOptimizerJson } from './optimizer.ts';
import { scoredNodes } from '../scored-nodes.ts';

export interface KerasTrainingConfig {
  /** One loss per model output, in output order. */
  loss: KerasLossJson[];
  /** Null when every weight is 1, as Keras writes it. */
  loss_weights: number[] | null;
  metrics: string[];
  optimizer_config: ReturnType<typeof kerasOptimizerJson>;
}

export function kerasTrainingConfig(doc: GraphDocument): KerasTrainingConfig {
  const outputs = scoredNodes(doc, inferGraph(doc));
  const training = trainingConfigSchema.parse(doc.training ?? {});
  const weights = outputs.map((o) => o.loss.weight);
  return {
    loss: outputs.map((o) => kerasLossJson(o.loss)),
    loss_weights: weights.every((w) => w === 1) ? null : weights,
    metrics: training.metrics.filter((m) => m === 'accuracy' || m === 'mae'),
    optimizer_config: kerasOptimizerJson(training),
  };
}
