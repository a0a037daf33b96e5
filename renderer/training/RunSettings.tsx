/**
 * The run configuration form. Every change is written into the document's `training` field as an
 * undoable edit (typing in one box is one step), so the settings travel with the file, the CLI
 * trains with them, and Undo takes them back.
 */
import {
  augmentationSchema,
  builtinDatasets,
  earlyStoppingSchema,
  metricNames,
  monitoredMetrics,
  optimizerSchema,
  scheduleSchema,
  splitSchema,
  trainingConfigSchema,
} from '../../app/graph/training.ts';
import type {
  BuiltinDataset,
  DatasetConfig,
  MetricName,
  TrainingConfig,
} from '../../app/graph/training.ts';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { useEditor } from '../store/editor-store.ts';
import { useUi } from '../store/ui-store.ts';
import { batchSizeHint, datasetOf, effectiveConfig, setField } from './config-model.ts';
import { NumberField, SelectField, SwitchField, TextField } from './fields.tsx';
import { metricLabels } from './format.ts';
import { editTrainingConfig } from './training-actions.ts';
import { reportOf, useTraining } from './training-store.ts';

const datasetLabels: Record<BuiltinDataset, string> = {
  mnist: 'MNIST digits (28×28)',
  planar: 'Planar flower (2-D)',
  moons: 'Moons (2-D)',
  circles: 'Circles (2-D)',
  spirals: 'Spirals (2-D)',
  xor: 'XOR (2-D)',
  sequence: 'Sequence task',
};

type DatasetChoice = BuiltinDataset | 'csv' | 'images';

const datasetOptions: { value: DatasetChoice; label: string }[] = [
  ...builtinDatasets.map((name) => ({ value: name, label: datasetLabels[name] })),
  { value: 'csv', label: 'CSV file…' },
  { value: 'images', label: 'Image folder…' },
];

const optimizerOptions = [
  { value: 'sgd', label: 'SGD' },
  { value: 'momentum', label: 'SGD with momentum' },
  { value: 'rmsprop', label: 'RMSprop' },
  { value: 'adam', label: 'Adam' },
  { value: 'adagrad', label: 'Adagrad' },
  { value: 'adamax', label: 'Adamax' },
] as const;

const scheduleOptions = [
  { value: 'constant', label: 'Constant α₀' },
  { value: 'inverseTime', label: 'α₀ / (1 + decay · epoch)' },
  { value: 'exponential', label: 'α₀ · factor^epoch' },
  { value: 'step', label: 'Step: × factor every N epochs' },
] as const;

const monitorLabels: Record<(typeof monitoredMetrics)[number], string> = {
  devLoss: 'Dev loss',
  devAccuracy: 'Dev accuracy',
  devPrecision: 'Dev precision',
  devRecall: 'Dev recall',
  devF1: 'Dev F1',
  devMae: 'Dev MAE',
};

const limitSchema = z.number().int().min(1).max(100_000_000);

export function RunSettings() {
  const doc = useEditor((s) => s.doc);
  const mode = useUi((s) => s.mode);
  const trainSamples = useTraining((s) => reportOf(s.preflight)?.samples.train ?? null);

  const config = effectiveConfig(doc);
  const dataset = datasetOf(config);
  const set = (path: string, value: unknown) =>
    editTrainingConfig(setField(config, path, value), path);
  const opt = config.optimizer;
  const split = config.split ?? splitSchema.parse({});
  const early = config.earlyStopping ?? earlyStoppingSchema.parse({});
  const schedule = config.schedule;
  const choice: DatasetChoice =
    dataset.source === 'builtin' ? (dataset.name as BuiltinDataset) : dataset.source;

  const chooseDataset = (value: DatasetChoice) => {
    const next: DatasetConfig =
      value === 'csv' || value === 'images'
        ? {
            source: value,
            name: dataset.name,
            options: {},
            ...(dataset.source === value && dataset.path ? { path: dataset.path } : {}),
          }
        : { source: 'builtin', name: value, options: {} };
    set('dataset', next);
  };

  return (
    <div className="train-settings" data-testid="training-settings">
      <Section title="Data">
        <SelectField
          label="Data set"
          testId="train-dataset"
          wide
          value={choice}
          options={datasetOptions}
          onChange={chooseDataset}
        />
        {dataset.source !== 'builtin' ? (
          <TextField
            label={dataset.source === 'csv' ? 'CSV file' : 'Image folder (one subfolder per class)'}
            testId="train-data-path"
            wide
            value={dataset.path ?? ''}
            placeholder={dataset.source === 'csv' ? 'data/train.csv' : 'data/images'}
            hint={
              mode === 'browser'
                ? 'A path inside the workspace folder.'
                : 'A full path, or one from the network file’s folder.'
            }
            onChange={(path) => set('dataset', { ...dataset, path })}
          />
        ) : null}
        {dataset.source === 'csv' ? (
          <TextField
            label="Label column"
            testId="train-csv-label"
            wide
            value={typeof dataset.options.label === 'string' ? dataset.options.label : ''}
            placeholder="the last column"
            hint="Every other column is a feature; categorical columns are one-hot encoded."
            onChange={(label) =>
              set('dataset', { ...dataset, options: { ...dataset.options, label } })
            }
          />
        ) : null}
        <SelectField
          label="Split by"
          testId="train-split-unit"
          value={split.unit}
          options={[
            { value: 'percent', label: 'Percent' },
            { value: 'count', label: 'Samples' },
          ]}
          onChange={(unit) => set('split', { ...split, unit })}
        />
        <NumberField
          label="Use at most"
          testId="train-limit"
          value={dataset.limit}
          optional
          placeholder="all samples"
          schema={limitSchema.optional()}
          onChange={(limit) =>
            set('dataset', limit === undefined ? omitLimit(dataset) : { ...dataset, limit })
          }
        />
        <NumberField
          label="Dev"
          testId="train-split-dev"
          value={split.dev}
          suffix={split.unit === 'percent' ? '%' : undefined}
          schema={splitSchema.shape.dev}
          onChange={(dev) => set('split', { ...split, dev })}
        />
        <NumberField
          label="Test"
          testId="train-split-test"
          value={split.test}
          suffix={split.unit === 'percent' ? '%' : undefined}
          schema={splitSchema.shape.test}
          onChange={(test) => set('split', { ...split, test })}
        />
        <SwitchField
          label="Normalize inputs"
          testId="train-normalize"
          wide
          value={config.normalize}
          hint="Mean 0, deviation 1 per feature, fitted on the training split only."
          onChange={(v) => set('normalize', v)}
        />
      </Section>

      <Section title="Optimization">
        <NumberField
          label="Epochs"
          testId="train-epochs"
          value={config.epochs}
          schema={trainingConfigSchema.shape.epochs}
          onChange={(v) => set('epochs', v)}
        />
        <NumberField
          label="Batch size"
          testId="train-batch-size"
          value={config.batchSize}
          schema={trainingConfigSchema.shape.batchSize}
          onChange={(v) => set('batchSize', v)}
        />
        <p className="field__help train-field--wide train-hint" data-testid="train-batch-hint">
          {batchSizeHint(config.batchSize, trainSamples)}
        </p>
        <SelectField
          label="Optimizer"
          testId="train-optimizer"
          value={opt.type}
          options={optimizerOptions}
          onChange={(type) => set('optimizer.type', type)}
        />
        <NumberField
          label="Learning rate α"
          testId="train-learning-rate"
          value={opt.learningRate}
          schema={optimizerSchema.shape.learningRate}
          onChange={(v) => set('optimizer.learningRate', v)}
        />
        {opt.type === 'momentum' ? (
          <NumberField
            label="Momentum β"
            testId="train-momentum"
            value={opt.momentum}
            schema={optimizerSchema.shape.momentum}
            hint="Typical: 0.9"
            onChange={(v) => set('optimizer.momentum', v)}
          />
        ) : null}
        {opt.type === 'rmsprop' ? (
          <NumberField
            label="Decay β"
            testId="train-rho"
            value={opt.momentum}
            schema={optimizerSchema.shape.momentum}
            hint="Typical: 0.9"
            onChange={(v) => set('optimizer.momentum', v)}
          />
        ) : null}
        {opt.type === 'adam' || opt.type === 'adamax' ? (
          <>
            <NumberField
              label="β₁"
              testId="train-beta1"
              value={opt.beta1}
              schema={optimizerSchema.shape.beta1}
              hint="Typical: 0.9"
              onChange={(v) => set('optimizer.beta1', v)}
            />
            <NumberField
              label="β₂"
              testId="train-beta2"
              value={opt.beta2}
              schema={optimizerSchema.shape.beta2}
              hint="Typical: 0.999"
              onChange={(v) => set('optimizer.beta2', v)}
            />
          </>
        ) : null}
        {opt.type === 'rmsprop' || opt.type === 'adam' || opt.type === 'adamax' ? (
          <NumberField
            label="ε"
            testId="train-epsilon"
            value={opt.epsilon}
            schema={optimizerSchema.shape.epsilon}
            hint="Keeps the step finite"
            onChange={(v) => set('optimizer.epsilon', v)}
          />
        ) : null}
      </Section>

      <Section title="Learning-rate schedule">
        <SelectField
          label="Schedule"
          testId="train-schedule"
          wide
          value={schedule.type}
          options={scheduleOptions}
          onChange={(type) => set('schedule.type', type)}
        />
        {schedule.type === 'inverseTime' ? (
          <NumberField
            label="Decay"
            testId="train-decay"
            value={schedule.decay}
            schema={scheduleSchema.shape.decay}
            onChange={(v) => set('schedule.decay', v)}
          />
        ) : null}
        {schedule.type === 'exponential' || schedule.type === 'step' ? (
          <NumberField
            label="Factor"
            testId="train-factor"
            value={schedule.factor}
            schema={scheduleSchema.shape.factor}
            onChange={(v) => set('schedule.factor', v)}
          />
        ) : null}
        {schedule.type === 'step' ? (
          <NumberField
            label="Every N epochs"
            testId="train-every"
            value={schedule.everyEpochs}
            schema={scheduleSchema.shape.everyEpochs}
            onChange={(v) => set('schedule.everyEpochs', v)}
          />
        ) : null}
      </Section>

      <Section title="Early stopping">
        <SwitchField
          label="Stop when the dev metric stalls"
          testId="train-early"
          wide
          value={early.enabled}
          onChange={(enabled) => set('earlyStopping', { ...early, enabled })}
        />
        {early.enabled ? (
          <>
            <SelectField
              label="Watch"
              testId="train-monitor"
              value={early.monitor}
              options={monitoredMetrics.map((m) => ({ value: m, label: monitorLabels[m] }))}
              onChange={(monitor) => set('earlyStopping', { ...early, monitor })}
            />
            <NumberField
              label="Patience (epochs)"
              testId="train-patience"
              value={early.patience}
              schema={earlyStoppingSchema.shape.patience}
              onChange={(patience) => set('earlyStopping', { ...early, patience })}
            />
            <SwitchField
              label="Restore the best epoch’s weights"
              testId="train-restore-best"
              wide
              value={early.restoreBest}
              onChange={(restoreBest) => set('earlyStopping', { ...early, restoreBest })}
            />
          </>
        ) : null}
      </Section>

      <Section title="Metrics">
        <div
          className="train-chips train-field--wide"
          role="group"
          aria-label="Metrics"
          data-testid="train-metrics"
        >
          {metricNames.map((m) => {
            const on = config.metrics.includes(m);
            return (
              <button
                key={m}
                type="button"
                className="train-chip"
                aria-pressed={on}
                onClick={() =>
                  set(
                    'metrics',
                    on
                      ? config.metrics.filter((x) => x !== m)
                      : orderedMetrics([...config.metrics, m]),
                  )
                }
              >
                {metricLabels[m]}
              </button>
            );
          })}
        </div>
      </Section>

      {dataset.source === 'images' ? (
        <Section title="Augmentation (training batches only)">
          <AugmentationFields config={config} set={set} />
        </Section>
      ) : null}

      <Section title="Reproducibility">
        <NumberField
          label="Seed"
          testId="train-seed"
          value={config.seed}
          schema={trainingConfigSchema.shape.seed}
          hint="Same seed, same split and shuffles."
          onChange={(v) => set('seed', v)}
        />
      </Section>
    </div>
  );
}

function AugmentationFields({
  config,
  set,
}: {
  config: TrainingConfig;
  set: (path: string, value: unknown) => void;
}) {
  const aug = config.augmentation ?? augmentationSchema.parse({});
  return (
    <>
      <SwitchField
        label="Flip left–right"
        testId="train-flip-h"
        value={aug.flipHorizontal}
        onChange={(v) => set('augmentation', { ...aug, flipHorizontal: v })}
      />
      <SwitchField
        label="Flip up–down"
        testId="train-flip-v"
        value={aug.flipVertical}
        onChange={(v) => set('augmentation', { ...aug, flipVertical: v })}
      />
      <NumberField
        label="Shift (pixels)"
        testId="train-shift"
        value={aug.shift}
        schema={augmentationSchema.shape.shift}
        onChange={(v) => set('augmentation', { ...aug, shift: v })}
      />
      <NumberField
        label="Noise σ"
        testId="train-noise"
        value={aug.noise}
        schema={augmentationSchema.shape.noise}
        onChange={(v) => set('augmentation', { ...aug, noise: v })}
      />
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="train-section">
      <h3 className="train-section__title">{title}</h3>
      <div className="train-grid">{children}</div>
    </section>
  );
}

function orderedMetrics(metrics: MetricName[]): MetricName[] {
  return metricNames.filter((m) => metrics.includes(m));
}

function omitLimit(dataset: DatasetConfig): DatasetConfig {
  const { limit: _limit, ...rest } = dataset;
  return rest;
}
