/**
 * Runs on disk, beside the document: `<doc>.runs/<timestamp>/` holds
 * - config.json: the run configuration, backend, split sizes, normalization and class names
 * - document.json: the document as it was trained
 * - metrics.jsonl: one epoch record per line, rewritten atomically after every epoch
 * - best/ and final/: weights in tfjs format (model.json + weights.bin)
 * - summary.json: how the run ended, written last (absent while it runs or after a crash)
 * Every file is written atomically, so a crash loses nothing already written.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphDocument } from '../../app/graph/document.ts';
import { parseDocument } from '../../app/graph/load.ts';
import type {
  BackendInfo,
  EpochRecord,
  RunSummary,
  TrainingConfig,
} from '../../app/graph/training.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import type { LayersModel, Tf } from '../../app/engine/tf.ts';
import type { RunRecorder } from '../../app/engine/train.ts';
import { TrainingError } from '../../app/engine/training-errors.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { loadModelWeights, saveModelWeights } from './weights.ts';

export interface RunConfigFile {
  startedAt: string;
  config: TrainingConfig;
  backend: BackendInfo;
  sizes: { train: number; dev: number; test: number };
  normalization: { mean: number[]; std: number[] } | null;
  labelNames: readonly string[];
  /** The run whose weights this one started from; absent for a fresh start. */
  startedFrom?: RunOrigin;
}

export interface RunOrigin {
  runId: string;
  which: 'best' | 'final';
}

export interface RunInfo {
  id: string;
  dir: string;
  startedAt: string | null;
  /** `running` also covers a run whose process died: its summary was never written. */
  status: RunSummary['status'] | 'running';
  epochs: number;
  summary: RunSummary | null;
}

export function runsFolderFor(documentPath: string): string {
  return `${documentPath}.runs`;
}

/** A file-name-safe, sortable timestamp: 2025-03-01T09-30-00-000Z. */
function runId(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

async function makeRunFolder(parent: string, date: Date): Promise<string> {
  await mkdir(parent, { recursive: true });
  for (let n = 1; ; n++) {
    const dir = join(parent, n === 1 ? runId(date) : `${runId(date)}-${n}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

export interface DiskRecorder extends RunRecorder {
  /** The run's folder, once `begin` has made it. */
  readonly dir: string | null;
}

/** A RunRecorder that writes a run folder under `runsFolder` (see runsFolderFor). */
export function diskRecorder(runsFolder: string, startedFrom?: RunOrigin): DiskRecorder {
  let dir: string | null = null;
  const lines: string[] = [];
  const folder = () => {
    if (!dir) throw new Error('the run folder is made by begin()');
    return dir;
  };
  return {
    get dir() {
      return dir;
    },
    begin: async ({ config, document, backend, data }) => {
      const startedAt = new Date();
      dir = await makeRunFolder(runsFolder, startedAt);
      const file: RunConfigFile = {
        startedAt: startedAt.toISOString(),
        config,
        backend,
        sizes: data.sizes,
        normalization: data.normalization,
        labelNames: data.labelNames,
        ...(startedFrom ? { startedFrom } : {}),
      };
      await writeFileAtomic(join(dir, 'config.json'), JSON.stringify(file, null, 2));
      await writeFileAtomic(join(dir, 'document.json'), JSON.stringify(document, null, 2));
    },
    epoch: async (record) => {
      lines.push(JSON.stringify(record));
      await writeFileAtomic(join(folder(), 'metrics.jsonl'), lines.join('\n') + '\n');
    },
    weights: (kind, model) => saveModelWeights(model, join(folder(), kind)),
    end: (summary) =>
      writeFileAtomic(join(folder(), 'summary.json'), JSON.stringify(summary, null, 2)),
  };
}

/** Past runs of a document, oldest first. */
export async function listRuns(documentPath: string): Promise<RunInfo[]> {
  const parent = runsFolderFor(documentPath);
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  const runs: RunInfo[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.includes('.tmp-') || entry.name.startsWith('.'))
      continue;
    const dir = join(parent, entry.name);
    const config = await readJson<RunConfigFile>(join(dir, 'config.json'));
    if (!config) continue; // not a run folder, or one that died before writing anything
    const summary = await readJson<RunSummary>(join(dir, 'summary.json'));
    const epochs = (await readRunMetrics(dir)).length;
    runs.push({
      id: entry.name,
      dir,
      startedAt: config.startedAt,
      status: summary?.status ?? 'running',
      epochs,
      summary,
    });
  }
  return runs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function readRunMetrics(runDir: string): Promise<EpochRecord[]> {
  const text = await readFile(join(runDir, 'metrics.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as EpochRecord;
      } catch {
        throw new TrainingError(
          'E212',
          `Line ${i + 1} of ${join(runDir, 'metrics.jsonl')} is not a metrics record.`,
        );
      }
    });
}

export async function readRunConfig(runDir: string): Promise<RunConfigFile> {
  const config = await readJson<RunConfigFile>(join(runDir, 'config.json'));
  if (!config)
    throw new TrainingError(
      'E212',
      `${runDir} is not a run folder: config.json is missing or damaged.`,
    );
  return config;
}

export async function readRunDocument(runDir: string): Promise<GraphDocument> {
  const raw = await readJson<unknown>(join(runDir, 'document.json'));
  if (raw === null) throw new TrainingError('E212', `${runDir} has no document.json.`);
  return parseDocument(raw);
}

/** Rebuilds the model a run trained, from its document snapshot, with its best or final weights. */
export async function reloadRunModel(
  tf: Tf,
  runDir: string,
  which: 'best' | 'final',
): Promise<LayersModel> {
  const document = await readRunDocument(runDir);
  const { model } = compileToLayersModel(tf, document);
  await loadModelWeights(tf, join(runDir, which), model);
  return model;
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}
