/**
 * Opens the data set a run configuration names: a built-in set, a CSV file or an image folder.
 * The graph's input shapes some of them (the sequence task's length and vocabulary, the size
 * images are resized to), and its loss decides whether a CSV label is a class or a number.
 */
import type { DatasetConfig } from '../../graph/training.ts';
import { builtinDatasets } from '../../graph/training.ts';
import { TrainingError } from '../training-errors.ts';
import { csvSource } from './csv.ts';
import type { GraphIO } from './graph-io.ts';
import { imageFolderSource } from './images.ts';
import { labelKindFor } from './labels.ts';
import { mnist } from './mnist.ts';
import { createRandom, deriveSeed } from './random.ts';
import { sequenceSet, sequenceTasks } from './sequence.ts';
import type { SequenceTask } from './sequence.ts';
import { defaultPointCount, pointSet, pointSetNames } from './synthetic.ts';
import type { PointSetName } from './synthetic.ts';
import type { DataSources } from './source.ts';

type Options = DatasetConfig['options'];

/** Seed stream for generating data, apart from the streams for splits and shuffles. */
const GENERATE = 1;

export async function openDataset(
  config: DatasetConfig,
  io: GraphIO,
  seed: number,
): Promise<DataSources> {
  const options = config.options;
  if (config.source === 'csv') {
    const path = requirePath(config, 'a CSV file');
    return {
      pool: await csvSource(path, {
        label: text(options, 'label'),
        features: list(options, 'features'),
        categorical: list(options, 'categorical'),
        delimiter: text(options, 'delimiter'),
        missing: choice(options, 'missing', ['error', 'drop'] as const),
        labelKind: labelKindFor(io.output.loss),
      }),
    };
  }
  if (config.source === 'images') {
    return {
      pool: await imageFolderSource(requirePath(config, 'an image folder'), io.input.shape),
    };
  }
  const random = createRandom(deriveSeed(seed, GENERATE));
  const name = config.name;
  if (name === 'mnist') return mnist();
  if ((pointSetNames as readonly string[]).includes(name)) {
    const set = name as PointSetName;
    return {
      pool: pointSet(
        set,
        {
          count: count(options, 'count') ?? defaultPointCount[set],
          noise: number(options, 'noise'),
        },
        random,
      ),
    };
  }
  if (name === 'sequence') return { pool: sequenceFor(io.input, options, random) };
  throw new TrainingError(
    'E210',
    `There is no built-in data set ${JSON.stringify(name)}; the built-in ones are ${builtinDatasets.join(', ')}.`,
  );
}

function sequenceFor(
  input: GraphIO['input'],
  options: Options,
  random: ReturnType<typeof createRandom>,
) {
  const task: SequenceTask = choice(options, 'task', sequenceTasks) ?? 'contains';
  const samples = count(options, 'count') ?? 2000;
  const [length, width] = input.shape;
  if (input.kind === 'sequence' && input.shape.length === 2) {
    return sequenceSet(
      {
        count: samples,
        length: length as number,
        vocabulary: width as number,
        task,
        encoding: 'one-hot',
      },
      random,
    );
  }
  if (input.kind === 'tokens' && input.shape.length === 1) {
    const vocabulary = count(options, 'vocabulary') ?? 8;
    return sequenceSet(
      { count: samples, length: length as number, vocabulary, task, encoding: 'ids' },
      random,
    );
  }
  throw new TrainingError(
    'E206',
    `The sequence data set feeds a sequence input (time steps × vocabulary, one-hot tokens) or a tokens input (time steps, token ids), but the input node ${input.node} is ${input.kind} ${input.shape.join('×')}.`,
  );
}

function requirePath(config: DatasetConfig, what: string): string {
  if (!config.path)
    throw new TrainingError('E210', `The ${config.source} data set needs the path of ${what}.`);
  return config.path;
}

function bad(key: string, want: string, value: unknown): TrainingError {
  return new TrainingError(
    'E210',
    `The data set option ${key} must be ${want}, not ${JSON.stringify(value)}.`,
  );
}

function text(options: Options, key: string): string | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(key, 'text', value);
  return value;
}

function list(options: Options, key: string): string[] | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (!Array.isArray(value)) throw bad(key, 'a list of column names', value);
  return value;
}

function number(options: Options, key: string): number | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw bad(key, 'a number ≥ 0', value);
  return value;
}

function count(options: Options, key: string): number | undefined {
  const value = number(options, key);
  if (value !== undefined && (!Number.isInteger(value) || value < 2 || value > 10_000_000)) {
    throw bad(key, 'a whole number from 2 to 10,000,000', value);
  }
  return value;
}

function choice<const T extends readonly string[]>(
  options: Options,
  key: string,
  allowed: T,
): T[number] | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value))
    throw bad(key, `one of ${allowed.join(', ')}`, value);
  return value;
}
