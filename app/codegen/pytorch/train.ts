/**
 * Document + run configuration → train.py, which trains the model of model.py (module.ts) the way
 * the app would: its optimizer with the same settings, its learning-rate schedule per epoch, its
 * epochs, batch size, seed, split, feature standardization, augmentation, L1/L2 penalties, one
 * loss per loss node with its weight, and early stopping. The same script runs in one process or
 * under `torchrun` with DistributedDataParallel (gloo on CPUs, NCCL on GPUs), one process per
 * device, each on its share of every epoch (DistributedSampler).
 */
import type { GraphDocument } from '../../graph/document.ts';
import { trainingConfigSchema } from '../../graph/training.ts';
import type { MonitoredMetric, TrainingConfig } from '../../graph/training.ts';
import { py } from '../../layers/pytorch.ts';
import { nodeParams } from '../../graph/infer.ts';
import { findLayer } from '../../layers/catalog.ts';
import { labelShape, lossCall, lossSources, pythonLoss } from './losses.ts';
import { pythonComment } from './names.ts';
import { planModule } from './plan.ts';
import type { ModulePlan } from './plan.ts';
import { trainingLoopSource } from './train-loop.ts';

export function emitPyTorchTrain(doc: GraphDocument, config?: TrainingConfig): string {
  const training = config ?? trainingConfigSchema.parse(doc.training ?? {});
  const plan = planModule(doc);
  const losses = plan.outputs.map((o) => o.loss);
  return [
    usage(doc, plan),
    'import argparse',
    'import copy',
    'import os',
    'import random',
    '',
    'import numpy as np',
    'import torch',
    'import torch.distributed as dist',
    'import torch.nn.functional as F',
    'from torch.nn.parallel import DistributedDataParallel',
    'from torch.utils.data import DataLoader, Subset, TensorDataset',
    'from torch.utils.data.distributed import DistributedSampler',
    '',
    'from model import build_model',
    '',
    '# ── The run configuration ──',
    `EPOCHS = ${training.epochs}`,
    `BATCH_SIZE = ${training.batchSize}`,
    `SEED = ${training.seed}`,
    ...splitLines(training),
    `STANDARDIZE = ${py(training.normalize)}  # features, with the training split's mean and deviation`,
    ...earlyStoppingLines(training),
    '',
    '',
    optimizerSource(training),
    '',
    '',
    scheduleSource(training),
    '',
    '',
    ...lossSources(losses).flatMap((source) => [source, '', '']),
    '# One entry per loss node, in the order of the model outputs: data key, loss, weight.',
    'LOSSES = [',
    ...plan.outputs.map(
      (o) => `    (${py(o.lossNode.id)}, ${lossCall(o.loss)}, ${py(o.loss.weight)}),`,
    ),
    ']',
    `# How accuracy is measured per output: class numbers, 0/1 labels, or not at all.`,
    `ACCURACY = [${plan.outputs.map((o) => (pythonLoss(o.loss).accuracy === null ? 'None' : py(pythonLoss(o.loss).accuracy as string))).join(', ')}]`,
    `INPUTS = [${plan.inputs.map((i) => py(i.node.id)).join(', ')}]`,
    `TOKEN_INPUTS = ${
      tokenInputs(plan).length
        ? `{${tokenInputs(plan)
            .map((i) => py(i))
            .join(', ')}}`
        : 'set()'
    }  # ids, never standardized`,
    '',
    '',
    penaltySource(plan),
    '',
    '',
    augmentSource(training),
    '',
    '',
    randomDataSource(doc, plan),
    '',
    '',
    trainingLoopSource,
  ].join('\n');
}

function usage(doc: GraphDocument, plan: ModulePlan): string {
  const keys = [
    ...plan.inputs.map((i) => {
      const tokens = i.node.params.kind === 'tokens';
      return `    ${i.node.id}: ${tokens ? 'token ids' : 'float32'} [samples, ${i.shape.slice(1).join(', ')}]${i.shape.length === 4 ? ' (channels last)' : ''}`;
    }),
    ...plan.outputs.map((o) => {
      const kind = pythonLoss(o.loss).labels;
      const shape = labelShape(kind, o.shape).map((d) => d ?? '?');
      const what = {
        classes: 'class numbers',
        binary: '0 or 1',
        signs: '-1 or 1',
        values: 'float32',
      }[kind];
      const oneHot =
        kind === 'classes'
          ? ` (or one-hot [samples, ${[...shape, o.shape.at(-1)].join(', ')}])`
          : '';
      return `    ${o.lossNode.id}: ${what} [samples${shape.length ? ', ' + shape.join(', ') : ''}]${oneHot}, scoring ${o.node}`;
    }),
  ];
  return [
    `"""Trains ${pythonComment(doc.metadata.title)} (model.py) with the run configuration of its Netwright document.`,
    '',
    '    python train.py --data data.npz                        # one process',
    '    torchrun --nproc_per_node=2 train.py --data data.npz   # DistributedDataParallel',
    '    python train.py --max-steps 3                          # a smoke test on random data',
    '',
    'The data is an .npz file (numpy.savez) with one array per model input and one per loss node,',
    'named by their node ids; samples along the first axis:',
    ...keys,
    'Under torchrun every process trains on its share of each epoch (gloo on CPUs, NCCL on GPUs);',
    'process 0 reports, evaluates the dev split and saves the weights (--out, a state_dict).',
    '"""',
  ].join('\n');
}

function splitLines(training: TrainingConfig): string[] {
  const split = training.split ?? { unit: 'percent', dev: 10, test: 10 };
  const unit = split.unit === 'percent' ? 'percent of the samples' : 'samples';
  return [
    `DEV_SPLIT = ${py(split.dev)}  # ${unit}`,
    `TEST_SPLIT = ${py(split.test)}  # ${unit}`,
    `SPLIT_IN_PERCENT = ${py(split.unit === 'percent')}`,
  ];
}

const monitors: Record<MonitoredMetric, { key: string; better: 'lower' | 'higher' }> = {
  devLoss: { key: 'loss', better: 'lower' },
  devAccuracy: { key: 'accuracy', better: 'higher' },
  devPrecision: { key: 'precision', better: 'higher' },
  devRecall: { key: 'recall', better: 'higher' },
  devF1: { key: 'f1', better: 'higher' },
  devMae: { key: 'mae', better: 'lower' },
};

function earlyStoppingLines(training: TrainingConfig): string[] {
  const stop = training.earlyStopping;
  if (!stop?.enabled) return ['EARLY_STOPPING = None  # off in the run configuration'];
  const monitor = monitors[stop.monitor];
  return [
    '# Stop when the dev metric has not improved for `patience` epochs.',
    `EARLY_STOPPING = {'monitor': ${py(monitor.key)}, 'better': ${py(monitor.better)}, 'patience': ${stop.patience}, 'restore_best': ${py(stop.restoreBest)}}`,
  ];
}

/** The optimizer with tfjs's settings; where PyTorch's maths differs, the docstring says how. */
function optimizerSource(training: TrainingConfig): string {
  const o = training.optimizer;
  const lr = py(o.learningRate);
  const betas = `(${py(o.beta1)}, ${py(o.beta2)})`;
  const [line, doc] = ((): [string, string] => {
    switch (o.type) {
      case 'sgd':
        return [`torch.optim.SGD(parameters, lr=${lr})`, 'Plain gradient descent'];
      case 'momentum':
        return [
          `torch.optim.SGD(parameters, lr=${lr}, momentum=${py(o.momentum)})`,
          `Gradient descent with momentum β = ${o.momentum} (v ← β·v + g, w ← w − α·v, as tfjs)`,
        ];
      case 'rmsprop':
        return [
          `torch.optim.RMSprop(parameters, lr=${lr}, alpha=${py(o.momentum)}, eps=${py(o.epsilon)})`,
          `RMSprop with decay ρ = ${o.momentum}; PyTorch adds ε after the square root, tfjs inside it`,
        ];
      case 'adam':
        return [
          `torch.optim.Adam(parameters, lr=${lr}, betas=${betas}, eps=${py(o.epsilon)})`,
          `Adam with β1 = ${o.beta1}, β2 = ${o.beta2}, ε = ${o.epsilon}`,
        ];
      case 'adagrad':
        return [
          `torch.optim.Adagrad(parameters, lr=${lr}, initial_accumulator_value=0.1)`,
          'Adagrad, its accumulator starting at 0.1 as in tfjs',
        ];
      case 'adamax':
        return [
          `torch.optim.Adamax(parameters, lr=${lr}, betas=${betas}, eps=${py(o.epsilon)})`,
          `Adamax with β1 = ${o.beta1}, β2 = ${o.beta2}, ε = ${o.epsilon}`,
        ];
    }
  })();
  return [
    'def make_optimizer(parameters):',
    `    """${doc}, learning rate ${o.learningRate}."""`,
    `    return ${line}`,
  ].join('\n');
}

function scheduleSource(training: TrainingConfig): string {
  const s = training.schedule;
  const [expression, doc] = ((): [string, string] => {
    switch (s.type) {
      case 'constant':
        return ['1.0', 'Constant: α0 throughout'];
      case 'inverseTime':
        return [
          `1 / (1 + ${py(s.decay)} * epoch)`,
          `Inverse-time decay: α0 / (1 + ${s.decay}·epoch)`,
        ];
      case 'exponential':
        return [`${py(s.factor)} ** epoch`, `Exponential decay: α0 · ${s.factor}^epoch`];
      case 'step':
        return [
          `${py(s.factor)} ** (epoch // ${s.everyEpochs})`,
          `Step decay: α0 · ${s.factor}^⌊epoch / ${s.everyEpochs}⌋`,
        ];
    }
  })();
  return [
    'def learning_rate_factor(epoch):',
    `    """${doc}; epoch counts from 0, so the first trains at α0."""`,
    `    return ${expression}`,
  ].join('\n');
}

/** Input node ids of kind tokens. */
function tokenInputs(plan: ModulePlan): string[] {
  return plan.inputs.filter((i) => i.node.params.kind === 'tokens').map((i) => i.node.id);
}

/**
 * Keras adds l1·Σ|w| + l2·Σw² of each regularized kernel to the loss; the kernels are the
 * weights an entry initializes with the kernel initializer (its `init` entries but the biases).
 */
function penaltySource(plan: ModulePlan): string {
  const terms: string[] = [];
  for (const { node, attr, init } of plan.init) {
    const spec = findLayer(node.type);
    if (/bias$/.test(init.param) || !spec) continue;
    const p = nodeParams(spec, node);
    const weight = `model.${attr}.${init.param}`;
    if (typeof p.l1 === 'number' && p.l1 > 0) terms.push(`${py(p.l1)} * ${weight}.abs().sum()`);
    if (typeof p.l2 === 'number' && p.l2 > 0) terms.push(`${py(p.l2)} * ${weight}.pow(2).sum()`);
  }
  return [
    'def penalty(model):',
    '    """The L1/L2 penalties on kernels set in the app, added to the loss as Keras does."""',
    terms.length === 0
      ? '    return 0.0'
      : `    return (\n${terms.map((t, i) => `        ${i > 0 ? '+ ' : ''}${t}`).join('\n')}\n    )`,
  ].join('\n');
}

function augmentSource(training: TrainingConfig): string {
  const a = training.augmentation;
  const steps: string[] = [];
  if (a?.flipHorizontal) {
    steps.push(
      '    flip = torch.rand(x.shape[0], 1, 1, 1) < 0.5',
      '    x = torch.where(flip, x.flip(2), x)  # left–right',
    );
  }
  if (a?.flipVertical) {
    steps.push(
      '    flip = torch.rand(x.shape[0], 1, 1, 1) < 0.5',
      '    x = torch.where(flip, x.flip(1), x)  # top–bottom',
    );
  }
  if (a && a.shift > 0) {
    steps.push(`    x = shift_images(x, ${a.shift})`);
  }
  if (a && a.noise > 0) steps.push(`    x = x + ${py(a.noise)} * torch.randn_like(x)`);
  const shift =
    a && a.shift > 0
      ? [
          'def shift_images(x, most):',
          '    """Moves each image by up to `most` pixels each way; the uncovered border is zero."""',
          '    out = torch.zeros_like(x)',
          '    for i, (dy, dx) in enumerate(torch.randint(-most, most + 1, (x.shape[0], 2)).tolist()):',
          '        h, w = x.shape[1], x.shape[2]',
          '        out[i, max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \\',
          '            x[i, max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]',
          '    return out',
          '',
          '',
        ]
      : [];
  return [
    ...shift,
    'def augment(x):',
    '    """Augmentation of training images (channels last), fresh for every batch."""',
    ...(steps.length ? steps : ['    # none in the run configuration']),
    '    return x',
  ].join('\n');
}

/** Random samples of the right shapes and label kinds, for a smoke test without data. */
function randomDataSource(doc: GraphDocument, plan: ModulePlan): string {
  const shape = (dims: readonly (number | null)[]) => dims.map((d) => String(d ?? 8)).join(', ');
  const lines = plan.inputs.map((i) => {
    const perSample = shape(i.shape.slice(1));
    if (i.node.params.kind !== 'tokens')
      return `        ${py(i.node.id)}: torch.randn(count, ${perSample}),`;
    return `        ${py(i.node.id)}: torch.randint(0, ${vocabularyOf(doc, i.node.id)}, (count, ${perSample})),`;
  });
  for (const o of plan.outputs) {
    const kind = pythonLoss(o.loss).labels;
    const dims = shape(labelShape(kind, o.shape));
    const size = dims ? `(count, ${dims})` : '(count,)';
    const classes = o.shape.at(-1) ?? 2;
    const value = {
      classes: `torch.randint(0, ${classes}, ${size})`,
      binary: `torch.randint(0, 2, ${size}).float()`,
      signs: `torch.randint(0, 2, ${size}).float() * 2 - 1`,
      values: `torch.randn(${size.slice(1, -1)})`,
    }[kind];
    lines.push(`        ${py(o.lossNode.id)}: ${value},`);
  }
  return [
    'def random_data(count):',
    '    """Random samples of the right shapes and kinds, to check that training runs."""',
    '    return {',
    ...lines,
    '    }',
  ].join('\n');
}

/** Ids below every vocabulary the token input feeds (10 when it feeds none). */
function vocabularyOf(doc: GraphDocument, inputId: string): number {
  const sizes = doc.edges
    .filter((e) => e.source.node === inputId)
    .map((e) => doc.nodes.find((n) => n.id === e.target.node))
    .flatMap((n) => (n?.type === 'Embedding' ? [Number(n.params.inputDim ?? 10_000)] : []));
  return sizes.length ? Math.min(...sizes) : 10;
}
