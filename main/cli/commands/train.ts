/**
 * `netwright train <file> --dataset mnist --epochs 3 …`: trains the network in a worker thread, as
 * the app does, with a progress bar on stderr (one line, rewritten, only on a terminal), a line per
 * epoch on stdout, and the test metrics, the backend and why at the end. The run is saved beside
 * the document (`<file>.runs/`) unless --no-save. Ctrl-C stops after the current batch and still
 * reports; a second Ctrl-C ends at once.
 */
import { parseArgs } from 'node:util';
import { backendNames } from '../../../app/engine/backend.ts';
import type { BackendName } from '../../../app/engine/backend.ts';
import type {
  DatasetConfig,
  MetricValues,
  TrainingConfig,
  TrainingEvent,
} from '../../../app/graph/training.ts';
import {
  builtinDatasets,
  optimizerTypes,
  trainingConfigSchema,
} from '../../../app/graph/training.ts';
import { startTraining, TrainingFailure } from '../../training/host.ts';
import type { TrainingOutcome } from '../../training/host.ts';
import { CliError, exitCodes } from '../command.ts';
import type { CliIo, Command } from '../command.ts';
import { requireDocument } from '../load-document.ts';
import { oneFileArgument } from './arguments.ts';

const usage =
  `netwright train <file> [--dataset ${builtinDatasets.join('|')}|csv:<path>|images:<folder>] [--epochs N] ` +
  `[--batch-size N] [--lr X] [--optimizer ${optimizerTypes.join('|')}] [--limit N] [--seed N] ` +
  `[--label <csv column>] [--backend ${backendNames.join('|')}] [--no-save]`;

const BAR_WIDTH = 24;
/** Redrawing the bar more often than this only costs terminal time. */
const BAR_INTERVAL_MS = 100;

export const trainCommand: Command = {
  name: 'train',
  usage,
  summary: 'train the network on a built-in data set, a CSV file or an image folder',
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        dataset: { type: 'string' },
        epochs: { type: 'string' },
        'batch-size': { type: 'string' },
        lr: { type: 'string' },
        optimizer: { type: 'string' },
        limit: { type: 'string' },
        seed: { type: 'string' },
        label: { type: 'string' },
        backend: { type: 'string' },
        'no-save': { type: 'boolean' },
      },
    });
    const path = oneFileArgument(positionals, usage);
    const backend = values.backend;
    if (backend !== undefined && !(backendNames as readonly string[]).includes(backend)) {
      throw usageError(`unknown --backend "${backend}"; use one of ${backendNames.join(', ')}`);
    }
    const document = await requireDocument(path);
    const config = runConfig(document.training, values);
    const report = new ProgressReport(io, config);
    const handle = startTraining(
      {
        document,
        config,
        ...(values['no-save'] ? {} : { documentPath: path }),
        ...(backend ? { backend: backend as BackendName } : {}),
      },
      { onEvent: (event) => report.event(event) },
    );
    let interrupts = 0;
    const onInterrupt = () => {
      interrupts++;
      if (interrupts === 1) {
        report.note('Stopping after this batch (Ctrl-C again to quit at once)…');
        handle.stop();
      } else void handle.terminate();
    };
    process.on('SIGINT', onInterrupt);
    let outcome: TrainingOutcome;
    try {
      outcome = await handle.finished;
    } catch (err) {
      report.clearBar();
      if (err instanceof TrainingFailure) throw new CliError(err.message);
      throw err;
    } finally {
      process.off('SIGINT', onInterrupt);
    }
    return report.finish(outcome);
  },
};

type Flags = Partial<
  Record<
    'dataset' | 'epochs' | 'batch-size' | 'lr' | 'optimizer' | 'limit' | 'seed' | 'label',
    string
  >
>;

/** The document's run configuration with the command line's changes, checked by the schema. */
function runConfig(saved: TrainingConfig | undefined, flags: Flags): TrainingConfig {
  const base = trainingConfigSchema.parse(saved ?? {});
  const dataset: DatasetConfig = flags.dataset
    ? parseDataset(flags.dataset)
    : (base.dataset ?? { source: 'builtin', name: 'mnist', options: {} });
  if (flags.limit !== undefined) dataset.limit = number('--limit', flags.limit);
  if (flags.label !== undefined) dataset.options = { ...dataset.options, label: flags.label };
  const candidate = {
    ...base,
    dataset,
    ...(flags.epochs !== undefined ? { epochs: number('--epochs', flags.epochs) } : {}),
    ...(flags['batch-size'] !== undefined
      ? { batchSize: number('--batch-size', flags['batch-size']) }
      : {}),
    ...(flags.seed !== undefined ? { seed: number('--seed', flags.seed) } : {}),
    optimizer: {
      ...base.optimizer,
      ...(flags.lr !== undefined ? { learningRate: number('--lr', flags.lr) } : {}),
      ...(flags.optimizer !== undefined ? { type: flags.optimizer } : {}),
    },
  };
  const parsed = trainingConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? 'the run configuration';
    throw usageError(`${field}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function parseDataset(value: string): DatasetConfig {
  const [kind, ...rest] = value.split(':');
  const path = rest.join(':');
  if ((kind === 'csv' || kind === 'images') && path)
    return { source: kind, name: kind, path, options: {} };
  if ((builtinDatasets as readonly string[]).includes(value))
    return { source: 'builtin', name: value, options: {} };
  throw usageError(
    `unknown --dataset "${value}"; use one of ${builtinDatasets.join(', ')}, csv:<path> or images:<folder>`,
  );
}

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw usageError(`${flag} needs a number, not "${text}"`);
  return value;
}

function usageError(message: string): CliError {
  return new CliError(`${message}. Usage: ${usage}`, exitCodes.usage);
}

/** Turns the worker's events into the bar, the epoch lines and the closing report. */
class ProgressReport {
  private readonly bar: boolean;
  private barShown = false;
  private lastDraw = 0;
  private backendLine = '';

  constructor(
    private readonly io: CliIo,
    private readonly config: TrainingConfig,
  ) {
    this.bar = process.stderr.isTTY === true;
  }

  event(event: TrainingEvent): void {
    switch (event.type) {
      case 'start': {
        const { samples, batchesPerEpoch, preflight, backend } = event;
        this.backendLine = `Backend: ${backend.name} (${backend.reason})`;
        this.line(
          `Training on ${describeDataset(this.config.dataset)}: ${count(samples.train)} train, ${count(samples.dev)} dev, ${count(samples.test)} test samples; ${plural(event.epochs, 'epoch')} of ${plural(batchesPerEpoch, 'batch', 'batches')}.`,
        );
        this.line(this.backendLine);
        this.line(
          `Pre-flight: about ${megabytes(preflight.memory.totalBytes)} of memory, roughly ${duration(preflight.secondsPerEpoch)} per epoch.`,
        );
        for (const warning of preflight.warnings) this.line(`Warning: ${warning}`);
        break;
      }
      case 'batch': {
        const now = Date.now();
        if (
          !this.bar ||
          (now - this.lastDraw < BAR_INTERVAL_MS && event.batch !== event.batchesPerEpoch)
        )
          return;
        this.lastDraw = now;
        const done = event.batch / event.batchesPerEpoch;
        const filled = Math.round(done * BAR_WIDTH);
        const text = `epoch ${event.epoch}/${this.config.epochs} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.floor(done * 100)}% loss ${event.loss.toFixed(4)}${metricText(event.metrics)}  ${count(Math.round(event.samplesPerSecond))} samples/s  ETA ${duration(event.etaSeconds)}`;
        this.io.err(`\r${text.slice(0, (process.stderr.columns ?? 120) - 1)}\x1b[K`);
        this.barShown = true;
        break;
      }
      case 'epoch': {
        const r = event.record;
        const dev =
          r.devLoss !== undefined
            ? `  dev loss ${r.devLoss.toFixed(4)}${metricText(r.devMetrics ?? {}, 'dev ')}`
            : '';
        this.line(
          `epoch ${r.epoch}/${this.config.epochs}  loss ${r.loss.toFixed(4)}${metricText(r.metrics)}${dev}  lr ${r.learningRate.toPrecision(3)}  ${count(Math.round(r.samplesPerSecond))} samples/s  ${duration(r.seconds)}`,
        );
        break;
      }
      case 'test':
        break; // reported by finish(), after the status
    }
  }

  note(text: string): void {
    this.clearBar();
    this.io.err(`${text}\n`);
  }

  clearBar(): void {
    if (this.barShown) this.io.err('\r\x1b[K');
    this.barShown = false;
  }

  finish({ summary, runDir }: TrainingOutcome): number {
    this.clearBar();
    const status = {
      completed: 'Finished',
      stopped: 'Stopped',
      'early-stopped': `Stopped early: the dev metric stopped improving (best epoch ${summary.bestEpoch ?? '?'})`,
      diverged: 'Diverged',
    }[summary.status];
    this.line(`${status} after ${plural(summary.epochs.length, 'epoch')}.`);
    if (summary.problem) this.line(summary.problem.message);
    for (const warning of summary.warnings ?? []) this.line(`Warning: ${warning}`);
    if (summary.test)
      this.line(`Test: loss ${summary.test.loss.toFixed(4)}${metricText(summary.test.metrics)}`);
    if (runDir) this.line(`Run saved in ${runDir}`);
    this.line(`Backend: ${summary.backend.name} (${summary.backend.reason})`);
    return summary.status === 'diverged' ? exitCodes.failed : exitCodes.ok;
  }

  private line(text: string): void {
    this.clearBar();
    this.io.out(`${text}\n`);
  }
}

function metricText(metrics: MetricValues, prefix = ''): string {
  return Object.entries(metrics)
    .map(([name, value]) => `  ${prefix}${name} ${value.toFixed(4)}`)
    .join('');
}

function describeDataset(dataset: DatasetConfig | undefined): string {
  if (!dataset) return 'mnist';
  const base =
    dataset.source === 'builtin' ? dataset.name : `${dataset.source} ${dataset.path ?? ''}`;
  return dataset.limit ? `${base} (at most ${count(dataset.limit)} samples per part)` : base;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function megabytes(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GB`
    : `${Math.max(bytes / 1024 ** 2, 0.1).toFixed(1)} MB`;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 0.1) return 'under 0.1s';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${Math.round(seconds % 60)}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
