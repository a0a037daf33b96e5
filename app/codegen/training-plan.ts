/**
 * What an exported training script must do to train as the app trains, decided once from the
 * document so the TypeScript project and the Keras script cannot disagree: the data set, how the
 * labels are encoded for the loss (app/engine/data/labels.ts decides the same way), the split,
 * normalization, optimizer, schedule, early stopping and metrics.
 *
 * Like the app's data sets, the scripts train graphs with one Input and one loss node; for other
 * graphs the plan says why not, and the exporters write the model without a training script.
 */
import type { GraphDocument } from '../graph/document.ts';
import { inferGraph, nodeParams } from '../graph/infer.ts';
import { datasetSchema, trainingConfigSchema } from '../graph/training.ts';
import type { DatasetConfig, MonitoredMetric, TrainingConfig } from '../graph/training.ts';
import { findLayer } from '../layers/catalog.ts';
import type { LossSpec } from '../layers/spec.ts';
import { labelKindFor, lossName } from '../engine/data/labels.ts';
import { defaultSplit } from '../engine/data/split.ts';
import { scoredNodes } from './scored-nodes.ts';

/**
 * How labels reach the loss: class numbers as they are (`index`), one-hot rows, 0/1 or −1/1 for
 * one yes/no unit, −1/1 rows for hinge over several units, or the data's own target values.
 */
export type LabelEncoding =
  'index' | 'one-hot' | 'zero-one' | 'plus-minus-one' | 'plus-minus-one-hot' | 'values';

export interface TrainingPlan {
  training: TrainingConfig;
  dataset: DatasetConfig;
  input: { node: string; kind: 'image' | 'vector' | 'sequence' | 'tokens'; shape: number[] };
  output: { node: string; lossNode: string; loss: LossSpec; units: number };
  labels: LabelEncoding;
  /** Whether accuracy, precision, recall and F1 apply (the data's labels are classes). */
  classes: boolean;
  split: NonNullable<TrainingConfig['split']>;
  earlyStopping: NonNullable<TrainingConfig['earlyStopping']> | null;
}

export type PlanResult = { ok: true; plan: TrainingPlan } | { ok: false; why: string };

export function trainingPlan(doc: GraphDocument): PlanResult {
  const inference = inferGraph(doc);
  const inputs = doc.nodes.filter((n) => findLayer(n.type)?.role === 'input');
  const outputs = scoredNodes(doc, inference);
  const [inputNode] = inputs;
  const [output] = outputs;
  if (inputs.length !== 1 || outputs.length !== 1 || !inputNode || !output) {
    return {
      ok: false,
      why: `This graph has ${inputs.length} inputs and ${outputs.length} loss nodes; like the app's data sets, the exported training script trains graphs with exactly one Input and one loss node.`,
    };
  }
  const units = output.prediction.at(-1);
  if (output.prediction.length !== 2 || typeof units !== 'number') {
    return {
      ok: false,
      why: `The output ${output.node} gives one value per unit only with shape [null, units], not ${JSON.stringify(output.prediction)}; the training script reads one label per sample.`,
    };
  }
  const training = trainingConfigSchema.parse(doc.training ?? {});
  const dataset = training.dataset ?? datasetSchema.parse({});
  const params = nodeParams(
    findLayer('Input') as NonNullable<ReturnType<typeof findLayer>>,
    inputNode,
  );
  const classes = dataset.source !== 'csv' || labelKindFor(output.loss) === 'classes';
  return {
    ok: true,
    plan: {
      training,
      dataset,
      input: {
        node: inputNode.id,
        kind: params.kind as TrainingPlan['input']['kind'],
        shape: params.shape as number[],
      },
      output: { node: output.node, lossNode: output.lossNode, loss: output.loss, units },
      labels: labelEncoding(lossName(output.loss), units, classes),
      classes,
      split: training.split ?? defaultSplit,
      earlyStopping: training.earlyStopping?.enabled ? training.earlyStopping : null,
    },
  };
}

/** As fitLabels (app/engine/data/labels.ts) decides, from the loss and the output's units. */
function labelEncoding(loss: string, units: number, classes: boolean): LabelEncoding {
  if (!classes) return 'values';
  switch (loss) {
    case 'sparseCategoricalCrossentropy':
      return 'index';
    case 'categoricalCrossentropy':
      return 'one-hot';
    case 'binaryCrossentropy':
      return units === 1 ? 'zero-one' : 'one-hot';
    case 'hinge':
      return units === 1 ? 'plus-minus-one' : 'plus-minus-one-hot';
    default:
      // A regression loss on classes: one-hot rows, or the class number itself for one unit.
      return units === 1 ? 'index' : 'one-hot';
  }
}

/** Whether a larger value of the monitored metric is better. */
export function higherIsBetter(metric: MonitoredMetric): boolean {
  return metric !== 'devLoss' && metric !== 'devMae';
}
