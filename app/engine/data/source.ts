/**
 * The data abstraction every part of training shares. A source gives random access to samples by
 * index and reads only the samples a batch asks for, so a data set on disk that is larger than
 * memory (an image folder, MNIST's files) trains batch by batch; splits and shuffles are index
 * lists over it and never copy data.
 */
export type FeatureKind = 'image' | 'vector' | 'sequence' | 'tokens';

export type LabelInfo =
  /** One class per sample; `y` holds its index into classNames. */
  | { kind: 'classes'; classNames: readonly string[] }
  /** Regression targets; `y` holds `width` numbers per sample. */
  | { kind: 'values'; width: number; names: readonly string[] };

export interface SampleBatch {
  /** `count × featureSize` values, sample after sample (row-major, channels last). */
  x: Float32Array;
  /** A class index per sample, or `count × width` targets. */
  y: Float32Array;
  count: number;
}

export interface SampleSource {
  /** For messages: `MNIST training images`, `data.csv`. */
  readonly description: string;
  readonly size: number;
  /** One sample's shape, without the batch dimension. */
  readonly featureShape: readonly number[];
  readonly featureKind: FeatureKind;
  readonly labels: LabelInfo;
  /** The samples at these indices, in this order. */
  read(indices: ArrayLike<number>): Promise<SampleBatch>;
}

/** A data set: the pool that train and dev (and test) come from, and its own test set if any. */
export interface DataSources {
  pool: SampleSource;
  /** A data set's official test set (MNIST's 10,000); the split then takes no test from the pool. */
  test?: SampleSource;
}

export function featureSize(source: Pick<SampleSource, 'featureShape'>): number {
  return source.featureShape.reduce((a, b) => a * b, 1);
}

export function labelWidth(labels: LabelInfo): number {
  return labels.kind === 'classes' ? 1 : labels.width;
}

/** A source over arrays already in memory (generated sets, parsed CSV). */
export function memorySource(options: {
  description: string;
  x: Float32Array;
  y: Float32Array;
  featureShape: readonly number[];
  featureKind: FeatureKind;
  labels: LabelInfo;
}): SampleSource {
  const { x, y, featureShape, labels } = options;
  const xSize = featureShape.reduce((a, b) => a * b, 1);
  const ySize = labelWidth(labels);
  const size = Math.floor(x.length / xSize);
  if (y.length !== size * ySize) {
    throw new Error(`memorySource: ${size} samples but ${y.length / ySize} labels`);
  }
  return {
    description: options.description,
    size,
    featureShape,
    featureKind: options.featureKind,
    labels,
    read: (indices) => {
      const count = indices.length;
      const bx = new Float32Array(count * xSize);
      const by = new Float32Array(count * ySize);
      for (let i = 0; i < count; i++) {
        const at = indices[i] as number;
        bx.set(x.subarray(at * xSize, (at + 1) * xSize), i * xSize);
        by.set(y.subarray(at * ySize, (at + 1) * ySize), i * ySize);
      }
      return Promise.resolve({ x: bx, y: by, count });
    },
  };
}

/** The same source seen through an index list: sample i is the source's sample `indices[i]`. */
export function subsetSource(source: SampleSource, indices: Int32Array): SampleSource {
  return {
    description: source.description,
    size: indices.length,
    featureShape: source.featureShape,
    featureKind: source.featureKind,
    labels: source.labels,
    read: (wanted) => {
      const mapped = new Int32Array(wanted.length);
      for (let i = 0; i < wanted.length; i++) mapped[i] = indices[wanted[i] as number] as number;
      return source.read(mapped);
    },
  };
}
