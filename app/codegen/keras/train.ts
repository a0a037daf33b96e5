/**
 * Document → `train.py`: loads the run's data, splits it, standardizes it, encodes the labels for
 * the loss, and trains the model of model.py with the run's optimizer, learning-rate schedule,
 * early stopping and metrics, as app/engine/train.ts trains it. Only what the configuration uses
 * is written: no schedule function for a constant rate, no early stopping when it is off.
 * Returns null, with the reason, for graphs the app's data sets cannot train (see training-plan.ts).
 */
import type { GraphDocument } from '../../graph/document.ts';
import { higherIsBetter, trainingPlan } from '../training-plan.ts';
import type { LabelEncoding, TrainingPlan } from '../training-plan.ts';
import { pythonDataSource } from './data-source.ts';
import { pyComment, pyList, pyNumber, pySource } from './python.ts';

export type KerasTraining = { ok: true; source: string } | { ok: false; why: string };

export function emitKerasTraining(doc: GraphDocument): KerasTraining {
  const result = trainingPlan(doc);
  if (!result.ok) return result;
  const plan = result.plan;
  const data = pythonDataSource(plan);
  const t = plan.training;
  const ownTest = plan.dataset.source === 'builtin' && plan.dataset.name === 'mnist';
  const devScores = plan.earlyStopping !== null && plan.earlyStopping.monitor !== 'devLoss';
  const reported = plan.training.metrics.length > 0 || devScores;
  const lines = [
    `"""Trains ${pyComment(doc.metadata.title)} with its Netwright run configuration.`,
    '',
    ...describePlan(plan),
    '',
    'Run it beside model.py with TensorFlow 2 and NumPy installed: python train.py',
    '"""',
    ...data.imports,
    'import numpy as np',
    'from tensorflow import keras',
    '',
    'from model import build_model, compile_model',
    '',
    `SEED = ${t.seed}`,
    `EPOCHS = ${t.epochs}`,
    `BATCH_SIZE = ${t.batchSize}`,
    `INPUT_SHAPE = ${pySource(plan.input.shape)}`,
    ...splitConstants(plan),
    ...(plan.dataset.limit !== undefined
      ? [`LIMIT = ${plan.dataset.limit}  # samples per part`]
      : []),
    ...scheduleConstants(plan),
    ...data.constants,
    '',
    '',
    ...data.body,
    '',
    '',
    ...splitFunction(plan),
    '',
    '',
    ...encodeFunction(plan),
    ...(t.schedule.type === 'constant' ? [] : ['', '', ...scheduleFunction(plan)]),
    ...(reported ? ['', '', ...scoresFunction(plan)] : []),
    ...(devScores ? ['', '', ...devScoresCallback()] : []),
    '',
    '',
    'def main():',
    '    keras.utils.set_random_seed(SEED)',
    '    x, y, test = load_data()',
    ...(plan.dataset.limit !== undefined
      ? [
          '    rng = np.random.default_rng(SEED)',
          '    keep = rng.permutation(len(x))[:LIMIT]',
          '    x, y = x[keep], y[keep]',
          ...(ownTest
            ? [
                '    keep = rng.permutation(len(test[0]))[:LIMIT]',
                '    test = test[0][keep], test[1][keep]',
              ]
            : []),
        ]
      : []),
    ...(ownTest
      ? [
          '    (x_dev, y_dev), _, (x_train, y_train) = split(x.reshape((-1, *INPUT_SHAPE)), y)',
          '    x_test, y_test = test[0].reshape((-1, *INPUT_SHAPE)), test[1]',
        ]
      : [
          '    (x_dev, y_dev), (x_test, y_test), (x_train, y_train) = split(',
          '        x.reshape((-1, *INPUT_SHAPE)), y',
          '    )',
        ]),
    ...(t.normalize && plan.input.kind !== 'tokens'
      ? [
          '    # Standardize each feature (last axis) with statistics of the training split only.',
          '    axes = tuple(range(x_train.ndim - 1))',
          '    mean, std = x_train.mean(axis=axes), x_train.std(axis=axes)',
          '    std[std < 1e-7] = 1',
          '    x_train, x_dev, x_test = [(part - mean) / std for part in (x_train, x_dev, x_test)]',
        ]
      : []),
    '',
    '    model = build_model()',
    '    compile_model(model)',
    ...fitCall(plan, devScores),
    '    if len(x_test) > 0:',
    "        print('Test:', model.evaluate(x_test, encode_labels(y_test), verbose=0, return_dict=True))",
    ...(reported
      ? [
          '        test_scores = scores(model, x_test, y_test)',
          "        print('Test scores:', {name: test_scores[name] for name in METRICS})",
        ]
      : []),
    "    model.save_weights('trained.weights.h5')",
    '',
    '',
    "if __name__ == '__main__':",
    '    main()',
    '',
  ];
  return { ok: true, source: lines.join('\n') };
}

function describePlan(plan: TrainingPlan): string[] {
  const t = plan.training;
  const d = plan.dataset;
  const data =
    d.source === 'csv'
      ? `the CSV file ${d.path ?? ''}`
      : d.source === 'images'
        ? `the image folder ${d.path ?? ''}`
        : `the built-in ${d.name} data set`;
  const split =
    plan.split.unit === 'percent'
      ? `${plan.split.dev}% dev, ${plan.split.test}% test`
      : `${plan.split.dev} dev and ${plan.split.test} test samples`;
  const schedule =
    t.schedule.type === 'constant'
      ? 'a constant learning rate'
      : `the ${t.schedule.type} learning-rate schedule`;
  const stopping = plan.earlyStopping
    ? `early stopping on ${plan.earlyStopping.monitor} (patience ${plan.earlyStopping.patience})`
    : 'no early stopping';
  const notes = [
    `Data: ${data}; split ${split}${t.normalize ? ', standardized' : ''}.`,
    `Training: ${t.epochs} epochs of batches of ${t.batchSize}, ${t.optimizer.type} at ${t.optimizer.learningRate} with ${schedule}, ${stopping}.`,
  ];
  const augmentation = t.augmentation;
  if (
    augmentation &&
    (augmentation.flipHorizontal ||
      augmentation.flipVertical ||
      augmentation.shift > 0 ||
      augmentation.noise > 0)
  ) {
    notes.push(
      "Not included: the run's image augmentation (add keras.layers.RandomFlip and such).",
    );
  }
  return notes.flatMap((n) => wrap(pyComment(n)));
}

function splitConstants(plan: TrainingPlan): string[] {
  const { unit, dev, test } = plan.split;
  const ownTest = plan.dataset.source === 'builtin' && plan.dataset.name === 'mnist';
  const what = unit === 'percent' ? 'percent of the samples' : 'samples';
  return [
    `DEV = ${dev}  # ${what}`,
    ownTest
      ? '# MNIST has its own test set, so none is taken from the training digits.'
      : `TEST = ${test}  # ${what}`,
  ];
}

function splitFunction(plan: TrainingPlan): string[] {
  const ownTest = plan.dataset.source === 'builtin' && plan.dataset.name === 'mnist';
  const size = (name: string) =>
    plan.split.unit === 'percent' ? `round(len(x) * ${name} / 100)` : name;
  return [
    'def split(x, y):',
    '    """Dev, test and training samples from one seeded shuffle, so all three share a distribution."""',
    '    order = np.random.default_rng(SEED).permutation(len(x))',
    `    dev, test = ${size('DEV')}, ${ownTest ? '0' : size('TEST')}`,
    '    parts = order[:dev], order[dev : dev + test], order[dev + test :]',
    '    return [(x[part], y[part]) for part in parts]',
  ];
}

const encodings: Record<LabelEncoding, { doc: string; body: string }> = {
  index: { doc: 'Class numbers as they are', body: "y.astype('float32')[:, None]" },
  'one-hot': {
    doc: 'One-hot rows, one column per output unit',
    body: 'keras.utils.to_categorical(y, UNITS)',
  },
  'zero-one': { doc: 'One yes/no value per sample: 0 or 1', body: "y.astype('float32')[:, None]" },
  'plus-minus-one': {
    doc: 'One value per sample, −1 or 1 as the hinge loss wants',
    body: "(2 * y - 1).astype('float32')[:, None]",
  },
  'plus-minus-one-hot': {
    doc: 'Rows of −1 with 1 at the class, as the hinge loss wants',
    body: '2 * keras.utils.to_categorical(y, UNITS) - 1',
  },
  values: {
    doc: 'The target values as they are',
    body: "y.astype('float32').reshape((len(y), -1))",
  },
};

function encodeFunction(plan: TrainingPlan): string[] {
  const encoding = encodings[plan.labels];
  const sparse = plan.labels === 'index' && plan.output.units > 1;
  return [
    ...(plan.labels.endsWith('one-hot') ? [`UNITS = ${plan.output.units}`, '', ''] : []),
    'def encode_labels(y):',
    `    """${encoding.doc}, as the ${pyComment(plan.output.lossNode)} loss wants them."""`,
    // Sparse categorical cross-entropy takes class numbers as a flat vector.
    `    return ${sparse ? 'y' : encoding.body}`,
  ];
}

function scheduleConstants(plan: TrainingPlan): string[] {
  const { schedule, optimizer } = plan.training;
  const rate = [`LEARNING_RATE = ${pyNumber(optimizer.learningRate)}`];
  switch (schedule.type) {
    case 'constant':
      return [];
    case 'inverseTime':
      return [...rate, `DECAY = ${pyNumber(schedule.decay)}`];
    case 'exponential':
      return [...rate, `FACTOR = ${pyNumber(schedule.factor)}`];
    case 'step':
      return [
        ...rate,
        `FACTOR = ${pyNumber(schedule.factor)}`,
        `EVERY_EPOCHS = ${schedule.everyEpochs}`,
      ];
  }
}

function scheduleFunction(plan: TrainingPlan): string[] {
  const formula = {
    constant: 'LEARNING_RATE',
    inverseTime: 'LEARNING_RATE / (1 + DECAY * epoch)',
    exponential: 'LEARNING_RATE * FACTOR**epoch',
    step: 'LEARNING_RATE * FACTOR ** (epoch // EVERY_EPOCHS)',
  }[plan.training.schedule.type];
  return [
    'def learning_rate(epoch, _current):',
    '    """The rate for an epoch, counting from 0: the first epoch trains at LEARNING_RATE."""',
    `    return ${formula}`,
  ];
}

/** Netwright's metrics over a whole split, as app/engine/metrics.ts computes them. */
function scoresFunction(plan: TrainingPlan): string[] {
  const predicted =
    plan.output.units > 1
      ? 'predictions.argmax(axis=1)'
      : plan.labels === 'plus-minus-one'
        ? '(predictions[:, 0] > 0).astype(int)'
        : plan.labels === 'zero-one'
          ? '(predictions[:, 0] > 0.5).astype(int)'
          : 'np.clip(np.round(predictions[:, 0]), 0, y.max()).astype(int)';
  const classification = plan.classes
    ? [
        `    predicted = ${predicted}`,
        '    size = max(int(y.max()), int(predicted.max()), 1) + 1',
        '    confusion = np.zeros((size, size))',
        '    np.add.at(confusion, (y.astype(int), predicted), 1)',
        '    hits = np.diag(confusion)',
        "    with np.errstate(divide='ignore', invalid='ignore'):",
        '        precision = np.nan_to_num(hits / confusion.sum(axis=0))',
        '        recall = np.nan_to_num(hits / confusion.sum(axis=1))',
        '        f1 = np.nan_to_num(2 * precision * recall / (precision + recall))',
        '    # Class 1 of two; else the mean over the classes that occur or are predicted.',
        '    present = (confusion.sum(axis=0) + confusion.sum(axis=1)) > 0',
        '    chosen = [1] if size == 2 else np.flatnonzero(present)',
        "    result['accuracy'] = hits.sum() / max(confusion.sum(), 1)",
        "    result['precision'] = precision[chosen].mean()",
        "    result['recall'] = recall[chosen].mean()",
        "    result['f1'] = f1[chosen].mean()",
      ]
    : [];
  return [
    `METRICS = ${pyList(plan.training.metrics.filter((m) => plan.classes || m === 'mae'))}`,
    '',
    '',
    'def scores(model, x, y):',
    '    """Metrics over a whole split, as Netwright reports them (app/engine/metrics.ts)."""',
    '    predictions = model.predict(x, batch_size=BATCH_SIZE, verbose=0)',
    '    targets = encode_labels(y)',
    '    if targets.ndim == 1:  # class numbers; MAE compares with their one-hot rows',
    '        targets = keras.utils.to_categorical(targets, predictions.shape[1])',
    "    result = {'mae': np.abs(predictions - targets).mean()}",
    ...classification,
    '    return {name: float(value) for name, value in result.items()}',
  ];
}

function devScoresCallback(): string[] {
  return [
    'class DevScores(keras.callbacks.Callback):',
    '    """Puts the dev scores into the epoch logs, where EarlyStopping reads them."""',
    '',
    '    def __init__(self, x, y):',
    '        super().__init__()',
    '        self.x, self.y = x, y',
    '',
    '    def on_epoch_end(self, epoch, logs=None):',
    "        logs.update({f'dev_{name}': value for name, value in scores(self.model, self.x, self.y).items()})",
  ];
}

function fitCall(plan: TrainingPlan, devScores: boolean): string[] {
  const stopping = plan.earlyStopping;
  const callbacks: string[] = [];
  if (devScores) callbacks.push('DevScores(x_dev, y_dev)');
  if (plan.training.schedule.type !== 'constant') {
    callbacks.push('keras.callbacks.LearningRateScheduler(learning_rate)');
  }
  if (stopping) {
    const metric =
      stopping.monitor === 'devLoss'
        ? 'val_loss'
        : `dev_${stopping.monitor.slice(3).toLowerCase()}`;
    callbacks.push(
      `keras.callbacks.EarlyStopping(monitor='${metric}', mode='${higherIsBetter(stopping.monitor) ? 'max' : 'min'}', patience=${stopping.patience}, restore_best_weights=${stopping.restoreBest ? 'True' : 'False'})`,
    );
  }
  return [
    '    model.fit(',
    '        x_train,',
    '        encode_labels(y_train),',
    '        batch_size=BATCH_SIZE,',
    '        epochs=EPOCHS,',
    '        validation_data=(x_dev, encode_labels(y_dev)) if len(x_dev) > 0 else None,',
    ...(callbacks.length === 0
      ? []
      : ['        callbacks=[', ...callbacks.map((c) => `            ${c},`), '        ],']),
    '    )',
  ];
}

function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length > 90) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
