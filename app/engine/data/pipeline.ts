/**
 * From opened data to the batches a run trains on: an optional limit (a quick run on a seeded
 * sample), the checks that the data fits the graph, the split, normalization fitted on the
 * training split, and batches read on demand (the next one read while the current one trains),
 * shuffled afresh each epoch and augmented when asked.
 */
import type { TrainingConfig } from '../../graph/training.ts';
import { augmentImages, isAugmenting } from './augment.ts';
import { checkInputFits } from './graph-io.ts';
import type { GraphIO } from './graph-io.ts';
import { fitLabels } from './labels.ts';
import type { LabelFit } from './labels.ts';
import { applyNormalization, fitNormalization } from './normalize.ts';
import type { Normalization } from './normalize.ts';
import { createRandom, deriveSeed, shuffledIndices } from './random.ts';
import { subsetSource } from './source.ts';
import type { DataSources, SampleSource } from './source.ts';
import { defaultSplit, splitIndices, splitSizes } from './split.ts';
import type { SplitSizes } from './split.ts';

export type Part = 'train' | 'dev' | 'test';

export interface DataBatch {
  /** Features as the input wants them (normalized, augmented for training). */
  x: Float32Array;
  /** Labels encoded for the loss: `count × labels.width`. */
  y: Float32Array;
  /** Labels as the data has them (class indices or targets), for metrics. */
  raw: Float32Array;
  count: number;
}

export interface PreparedData {
  sizes: SplitSizes;
  labels: LabelFit;
  normalization: Normalization | null;
  /** Class names, or the regression targets' names. */
  labelNames: readonly string[];
  /** The graph's per-sample input shape and dtype (token ids go in as int32). */
  input: { shape: readonly number[]; dtype: 'float32' | 'int32' };
  batches(part: Part, batchSize: number, epoch?: number): AsyncGenerator<DataBatch>;
}

/** Separate seed streams, so changing the split does not change how epochs shuffle. */
const STREAM = { limit: 2, split: 3, shuffle: 4, augment: 5 } as const;

export async function prepareData(
  sources: DataSources,
  io: GraphIO,
  config: Pick<TrainingConfig, 'seed' | 'split' | 'normalize' | 'augmentation' | 'dataset'>,
): Promise<PreparedData> {
  const { seed } = config;
  const limit = config.dataset?.limit;
  const limited = (source: SampleSource, part: number) =>
    limit !== undefined && limit < source.size
      ? subsetSource(
          source,
          shuffledIndices(source.size, createRandom(deriveSeed(seed, STREAM.limit, part))).slice(
            0,
            limit,
          ),
        )
      : source;
  const pool = limited(sources.pool, 0);
  const ownTest = sources.test ? limited(sources.test, 1) : null;

  checkInputFits(pool, io.input);
  const labels = fitLabels(pool.labels, io.output.loss, io.output.prediction, {
    lossNode: io.output.lossNode,
    outputNode: io.output.node,
  });
  const sizes = splitSizes(pool.size, config.split ?? defaultSplit, ownTest !== null);
  const indices = splitIndices(pool.size, sizes, createRandom(deriveSeed(seed, STREAM.split)));
  const parts: Record<Part, { source: SampleSource; indices: Int32Array }> = {
    train: { source: pool, indices: indices.train },
    dev: { source: pool, indices: indices.dev },
    test: ownTest
      ? { source: ownTest, indices: Int32Array.from({ length: ownTest.size }, (_, i) => i) }
      : { source: pool, indices: indices.test },
  };
  if (ownTest) sizes.test = ownTest.size;

  const normalization =
    config.normalize && pool.featureKind !== 'tokens'
      ? await fitNormalization(pool, indices.train)
      : null;
  const augmentation =
    pool.featureKind === 'image' && isAugmenting(config.augmentation) ? config.augmentation : null;

  async function* batches(part: Part, batchSize: number, epoch = 0): AsyncGenerator<DataBatch> {
    const { source, indices: chosen } = parts[part];
    const order =
      part === 'train'
        ? permute(
            chosen,
            shuffledIndices(chosen.length, createRandom(deriveSeed(seed, STREAM.shuffle, epoch))),
          )
        : chosen;
    const random = createRandom(deriveSeed(seed, STREAM.augment, epoch));
    const read = (start: number) => {
      const reading = source.read(order.subarray(start, start + batchSize));
      // A run that stops early leaves the prefetched read unawaited; its failure is moot then.
      reading.catch(() => undefined);
      return reading;
    };
    let next = order.length > 0 ? read(0) : null;
    for (let start = 0; next; start += batchSize) {
      const batch = await next;
      next = start + batchSize < order.length ? read(start + batchSize) : null;
      if (normalization) applyNormalization(batch.x, normalization);
      if (augmentation && part === 'train')
        augmentImages(batch.x, batch.count, pool.featureShape, augmentation, random);
      yield {
        x: batch.x,
        y: labels.encode(batch.y, batch.count),
        raw: batch.y,
        count: batch.count,
      };
    }
  }

  return {
    sizes,
    labels,
    normalization,
    labelNames: pool.labels.kind === 'classes' ? pool.labels.classNames : pool.labels.names,
    input: { shape: io.input.shape, dtype: io.input.kind === 'tokens' ? 'int32' : 'float32' },
    batches,
  };
}

function permute(values: Int32Array, order: Int32Array): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < order.length; i++) out[i] = values[order[i] as number] as number;
  return out;
}
