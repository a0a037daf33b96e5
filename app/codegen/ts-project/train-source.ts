/**
 * `src/train.ts` of the exported TypeScript project: trains the model of src/model.ts on the data
 * of src/data.ts with the run's batch size, epochs, learning-rate schedule, early stopping and
 * metrics, as app/engine/train.ts does, then reports the test split and saves the weights in
 * TensorFlow.js format. Only what the run configuration uses is written.
 */
import { higherIsBetter } from '../training-plan.ts';
import type { TrainingPlan } from '../training-plan.ts';

export function tsTrainModule(plan: TrainingPlan): string {
  const t = plan.training;
  const schedule = t.schedule;
  const stopping = plan.earlyStopping;
  const metrics = t.metrics.filter((m) => plan.classes || m === 'mae');
  const monitorMetric =
    stopping && stopping.monitor !== 'devLoss' ? monitorName(stopping.monitor) : null;
  const devMetrics = [...new Set([...metrics, ...(monitorMetric ? [monitorMetric] : [])])];
  const rate = {
    constant: '',
    inverseTime: `LEARNING_RATE / (1 + ${schedule.decay} * epoch)`,
    exponential: `LEARNING_RATE * ${schedule.factor} ** epoch`,
    step: `LEARNING_RATE * ${schedule.factor} ** Math.floor(epoch / ${schedule.everyEpochs})`,
  }[schedule.type];
  const predicted =
    plan.output.units > 1
      ? 'argMax(predictions, i, width)'
      : plan.labels === 'plus-minus-one'
        ? 'Number((predictions[i] as number) > 0)'
        : plan.labels === 'zero-one'
          ? 'Number((predictions[i] as number) > 0.5)'
          : 'Math.min(Math.max(Math.round(predictions[i] as number), 0), classes - 1)';

  return `/**
 * Trains the network with the run configuration saved in Netwright: ${t.epochs} epochs of batches of ${t.batchSize},
 * ${t.optimizer.type} at ${t.optimizer.learningRate}${schedule.type === 'constant' ? '' : ` with ${schedule.type} learning-rate decay`}${stopping ? `, early stopping on ${stopping.monitor}` : ''}.
 * Run it with \`npm run train\`.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, compileModel } from './model.js';
import { loadData } from './data.js';
import type { Part } from './data.js';
import { saveWeights } from './weights.js';

const EPOCHS = ${t.epochs};
const BATCH_SIZE = ${t.batchSize};
${rate ? `const LEARNING_RATE = ${t.optimizer.learningRate};\n` : ''}${stopping ? `const PATIENCE = ${stopping.patience};\n` : ''}
${
  devMetrics.length > 0
    ? `type Scores = Partial<Record<${devMetrics.map((m) => `'${m}'`).join(' | ')}, number>>;

${
  plan.output.units > 1
    ? `function argMax(values: Float32Array, row: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) {
    if ((values[row * width + j] as number) > (values[row * width + best] as number)) best = j;
  }
  return best;
}

`
    : ''
}/**
 * Metrics over a whole split, as Netwright reports them (app/engine/metrics.ts): accuracy, and
 * precision, recall and F1 for class 1 with two classes, else macro-averaged over the classes
 * that occur or are predicted; MAE against the labels as the loss reads them.
 */
function scores(model: tf.LayersModel, part: Part): Scores {
  const output = model.predict(part.x, { batchSize: BATCH_SIZE }) as tf.Tensor;
  const predictions = output.dataSync() as Float32Array;
  const targets = ${plan.labels === 'index' && plan.output.units > 1 ? `tf.oneHot(tf.tensor1d(part.labels, 'int32'), ${plan.output.units})` : 'part.y'}.dataSync();
  const width = output.shape[1] ?? 1;
  output.dispose();
  let absolute = 0;
  predictions.forEach((p, i) => (absolute += Math.abs(p - (targets[i] as number))));
  const result: Scores = {};
${devMetrics.includes('mae') ? '  result.mae = absolute / Math.max(predictions.length, 1);\n' : ''}${
        plan.classes && devMetrics.some((m) => m !== 'mae')
          ? `  const classes = part.labels.reduce((n, c) => Math.max(n, c + 1), ${plan.output.units > 1 ? 'width' : '2'});
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < part.count; i++) {
    const row = confusion[part.labels[i] as number] as number[];
    const column = ${predicted};
    row[column] = (row[column] as number) + 1;
  }
  const actual = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = confusion.map((_, c) => confusion.reduce((n, row) => n + (row[c] as number), 0));
  const hits = confusion.map((row, c) => row[c] as number);
  const perClass = (c: number) => {
    const precision = (predicted[c] as number) > 0 ? (hits[c] as number) / (predicted[c] as number) : 0;
    const recall = (actual[c] as number) > 0 ? (hits[c] as number) / (actual[c] as number) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1 };
  };
  const chosen =
    classes === 2
      ? [perClass(1)]
      : hits.flatMap((_, c) => ((actual[c] as number) + (predicted[c] as number) > 0 ? [perClass(c)] : []));
  const mean = (key: 'precision' | 'recall' | 'f1') =>
    chosen.length > 0 ? chosen.reduce((sum, m) => sum + m[key], 0) / chosen.length : 0;
${devMetrics.includes('accuracy') ? '  result.accuracy = hits.reduce((a, b) => a + b, 0) / Math.max(part.count, 1);\n' : ''}${(
              ['precision', 'recall', 'f1'] as const
            )
              .filter((m) => devMetrics.includes(m))
              .map((m) => `  result.${m} = mean('${m}');\n`)
              .join('')}`
          : ''
      }  return result;
}

function format(values: Scores): string {
  return Object.entries(values)
    .map(([name, value]) => \`\${name} \${value.toFixed(4)}\`)
    .join(', ');
}
`
    : ''
}
async function main(): Promise<void> {
  const data = loadData();
  console.log(\`Samples: \${data.train.count} train, \${data.dev.count} dev, \${data.test.count} test.\`);
  const model = buildModel();
  compileModel(model);
${stopping ? `  let best: { value: number; epoch: number; weights: tf.Tensor[] } | null = null;\n` : ''}
  await model.fit(data.train.x, data.train.y, {
    epochs: EPOCHS,
    batchSize: BATCH_SIZE,
    shuffle: true,
    ...(data.dev.count > 0 ? { validationData: [data.dev.x, data.dev.y] as [tf.Tensor, tf.Tensor] } : {}),
    callbacks: {
${
  rate
    ? `      // The learning rate for each epoch, counting from 0 (the first trains at LEARNING_RATE).
      // tfjs's optimizers read their learningRate field at every step.
      onEpochBegin: async (epoch) => {
        (model.optimizer as unknown as { learningRate: number }).learningRate = ${rate};
      },
`
    : ''
}      onEpochEnd: async (epoch, logs) => {
${devMetrics.length > 0 ? '        const dev = data.dev.count > 0 ? scores(model, data.dev) : {};\n' : ''}        const devLoss = logs?.val_loss === undefined ? '' : \`, dev loss \${logs.val_loss.toFixed(4)}\`;
        console.log(\`Epoch \${epoch + 1}: loss \${(logs?.loss ?? NaN).toFixed(4)}\${devLoss}${devMetrics.length > 0 ? "${data.dev.count > 0 ? `, dev ${format(dev)}` : ''}" : ''}\`);
${
  stopping
    ? `        // Early stopping on ${stopping.monitor}: stop after PATIENCE epochs without improvement.
        const value = ${stopping.monitor === 'devLoss' ? 'logs?.val_loss' : `dev.${monitorMetric}`};
        if (value === undefined) return;
        if (best === null || value ${higherIsBetter(stopping.monitor) ? '>' : '<'} best.value) {
          tf.dispose(best?.weights ?? []);
          best = { value, epoch, weights: ${stopping.restoreBest ? 'model.getWeights().map((w) => w.clone())' : '[]'} };
        } else if (epoch - best.epoch >= PATIENCE) {
          model.stopTraining = true;
        }
`
    : ''
}      },
    },
  });
${
  stopping?.restoreBest
    ? `  const kept = best as { epoch: number; weights: tf.Tensor[] } | null;
  if (kept) {
    console.log(\`Keeping the weights of epoch \${kept.epoch + 1}, the best on ${stopping.monitor}.\`);
    model.setWeights(kept.weights);
  }
`
    : ''
}
  if (data.test.count > 0) {
    const loss = model.evaluate(data.test.x, data.test.y, { batchSize: BATCH_SIZE }) as tf.Scalar | tf.Scalar[];
    const testLoss = (Array.isArray(loss) ? loss[0] : loss)?.dataSync()[0] ?? NaN;
    console.log(\`Test: loss \${testLoss.toFixed(4)}${metrics.length > 0 ? ', ${format(scores(model, data.test))}' : ''}\`);
  }
  await saveWeights(model, 'trained');
  console.log('Saved the trained weights in trained/ (model.json and weights.bin).');
}

await main();
`;
}

function monitorName(monitor: string): string {
  return monitor.slice(3).toLowerCase();
}
