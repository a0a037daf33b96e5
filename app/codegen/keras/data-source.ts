/**
 * `load_data()` for train.py: the run's data set in NumPy, only the one the document names. The
 * generated sets follow the app's formulas (app/engine/data/synthetic.ts, sequence.ts) with
 * NumPy's seeded generator, so they have the same shape and spread but not the same points; MNIST
 * comes from keras.datasets, a CSV file and an image folder are read as the app reads them.
 * Each returns `(x, y, test)`: features, class numbers (or target values), and the data set's own
 * test split when it has one.
 */
import type { DatasetConfig } from '../../graph/training.ts';
import { defaultPointCount } from '../../engine/data/synthetic.ts';
import type { PointSetName } from '../../engine/data/synthetic.ts';
import type { TrainingPlan } from '../training-plan.ts';
import { pyList, pySource } from './python.ts';

/** synthetic.ts's default noise per point set (its `defaultNoise`). */
export const defaultPointNoise: Record<PointSetName, number> = {
  planar: 0.2,
  moons: 0.2,
  circles: 0.1,
  spirals: 0.03,
  xor: 0,
};

export interface PythonDataSource {
  /** Module-level constants the loader reads (`COUNT = 1000`). */
  constants: string[];
  /** Extra imports (`import csv`). */
  imports: string[];
  body: string[];
}

const option = (d: DatasetConfig, key: string): unknown => d.options[key];
const numberOption = (d: DatasetConfig, key: string): number | undefined => {
  const v = option(d, key);
  return typeof v === 'number' ? v : undefined;
};

export function pythonDataSource(plan: TrainingPlan): PythonDataSource {
  const d = plan.dataset;
  if (d.source === 'csv') return csvSource(d, plan);
  if (d.source === 'images') return imageSource(d, plan);
  if (d.name === 'mnist') return mnistSource();
  if (d.name === 'sequence') return sequenceSource(d, plan);
  return pointSource(d.name as PointSetName, d);
}

function pointSource(name: PointSetName, d: DatasetConfig): PythonDataSource {
  const count = numberOption(d, 'count') ?? defaultPointCount[name];
  const noise = numberOption(d, 'noise') ?? defaultPointNoise[name];
  const generators: Record<PointSetName, string[]> = {
    planar: [
      `    """The course's "flower" (load_planar_dataset): petals r = 4·sin(4t) of two classes."""`,
      '    xs, ys = [], []',
      '    for label in (0, 1):',
      '        n = COUNT // 2 if label == 0 else COUNT - COUNT // 2',
      '        t = np.linspace(label * 3.12, (label + 1) * 3.12, n) + rng.normal(0, NOISE, n)',
      '        r = 4 * np.sin(4 * t) + rng.normal(0, NOISE, n)',
      '        xs.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))',
      '        ys.append(np.full(n, label))',
      '    return np.concatenate(xs), np.concatenate(ys)',
    ],
    moons: [
      `    """scikit-learn's make_moons: two interleaved half circles."""`,
      '    outer = COUNT // 2',
      '    t0, t1 = np.linspace(0, np.pi, outer), np.linspace(0, np.pi, COUNT - outer)',
      '    points = np.concatenate([',
      '        np.stack([np.cos(t0), np.sin(t0)], axis=1),',
      '        np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], axis=1),',
      '    ])',
      '    labels = np.concatenate([np.zeros(outer), np.ones(COUNT - outer)])',
      '    return points + rng.normal(0, NOISE, points.shape), labels',
    ],
    circles: [
      `    """scikit-learn's make_circles with factor 0.5: a small circle inside a large one."""`,
      '    outer = COUNT // 2',
      '    t0 = np.linspace(0, 2 * np.pi, outer, endpoint=False)',
      '    t1 = np.linspace(0, 2 * np.pi, COUNT - outer, endpoint=False)',
      '    points = np.concatenate([',
      '        np.stack([np.cos(t0), np.sin(t0)], axis=1),',
      '        0.5 * np.stack([np.cos(t1), np.sin(t1)], axis=1),',
      '    ])',
      '    labels = np.concatenate([np.zeros(outer), np.ones(COUNT - outer)])',
      '    return points + rng.normal(0, NOISE, points.shape), labels',
    ],
    spirals: [
      '    """Two arms of an Archimedean spiral, half a turn apart, about 1.75 turns each."""',
      '    turn = 3.5 * np.pi',
      '    xs, ys = [], []',
      '    for label in (0, 1):',
      '        n = COUNT // 2 if label == 0 else COUNT - COUNT // 2',
      '        t = np.linspace(0.25, turn, n)',
      '        angle = t + label * np.pi',
      '        xs.append((t / turn)[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1))',
      '        ys.append(np.full(n, label))',
      '    points = np.concatenate(xs)',
      '    return points + rng.normal(0, NOISE, points.shape), np.concatenate(ys)',
    ],
    xor: [
      '    """Uniform points in the square [−1, 1]²; the class is whether x and y differ in sign."""',
      '    points = rng.uniform(-1, 1, (COUNT, 2))',
      '    labels = (points[:, 0] > 0) != (points[:, 1] > 0)',
      '    return points + rng.normal(0, NOISE, points.shape), labels',
    ],
  };
  return {
    constants: [`COUNT = ${count}`, `NOISE = ${noise}`],
    imports: [],
    body: [
      'def generate_points(rng):',
      ...(generators[name] ?? []),
      '',
      '',
      'def load_data():',
      `    """The ${name} points (${count} of them, noise ${noise}) and their classes 0 and 1.`,
      '',
      "    Generated with NumPy's seeded generator: the app's formulas, not its exact points.",
      '    """',
      '    points, labels = generate_points(np.random.default_rng(SEED))',
      "    return points.astype('float32'), labels.astype('int64'), None",
    ],
  };
}

function mnistSource(): PythonDataSource {
  return {
    constants: [],
    imports: [],
    body: [
      'def load_data():',
      '    """MNIST: 60,000 training and 10,000 test digits, pixels scaled to [0, 1]."""',
      '    (x, y), (x_test, y_test) = keras.datasets.mnist.load_data()',
      "    scale = lambda images: (images / 255).astype('float32')[..., None]",
      '    return scale(x), y, (scale(x_test), y_test)',
    ],
  };
}

function sequenceSource(d: DatasetConfig, plan: TrainingPlan): PythonDataSource {
  const task = option(d, 'task') === 'majority' ? 'majority' : 'contains';
  const count = numberOption(d, 'count') ?? 2000;
  const [length = 1, width = 8] = plan.input.shape;
  const oneHot = plan.input.kind === 'sequence';
  const vocabulary = oneHot ? width : (numberOption(d, 'vocabulary') ?? 8);
  const draw =
    task === 'contains'
      ? [
          '        # Tokens 1 … V−1; every other sequence also gets token 0 at 1 to 3 random steps.',
          '        tokens[i] = rng.integers(1, VOCABULARY, LENGTH)',
          '        if i % 2 == 1:',
          '            places = 1 + rng.integers(min(3, LENGTH))',
          '            tokens[i, rng.integers(LENGTH, size=places)] = 0',
          '        labels[i] = i % 2',
        ]
      : [
          '        # The label is the most frequent token (ties go to the smaller token).',
          '        tokens[i] = rng.integers(0, VOCABULARY, LENGTH)',
          '        labels[i] = np.bincount(tokens[i], minlength=VOCABULARY).argmax()',
        ];
  return {
    constants: [`COUNT = ${count}`, `LENGTH = ${length}`, `VOCABULARY = ${vocabulary}`],
    imports: [],
    body: [
      'def load_data():',
      `    """The sequence task '${task}' (app/engine/data/sequence.ts) with NumPy's generator."""`,
      '    rng = np.random.default_rng(SEED)',
      "    tokens = np.zeros((COUNT, LENGTH), dtype='int64')",
      "    labels = np.zeros(COUNT, dtype='int64')",
      '    for i in range(COUNT):',
      ...draw,
      oneHot
        ? "    return np.eye(VOCABULARY, dtype='float32')[tokens], labels, None"
        : '    return tokens, labels, None',
    ],
  };
}

function csvSource(d: DatasetConfig, plan: TrainingPlan): PythonDataSource {
  const text = (key: string) => {
    const v = option(d, key);
    return typeof v === 'string' ? v : null;
  };
  const list = (key: string) => {
    const v = option(d, key);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : null;
  };
  const classes = plan.classes;
  const label = text('label');
  const features = list('features');
  return {
    constants: [
      `CSV_PATH = ${pySource(d.path ?? 'data.csv')}`,
      `LABEL = ${label === null ? 'None  # the last column' : pySource(label)}`,
      `FEATURES = ${features === null ? 'None  # every column but the label' : pyList(features)}`,
      `CATEGORICAL = ${pyList(list('categorical') ?? [])}`,
      `DELIMITER = ${pySource(text('delimiter') ?? ',')}`,
      `DROP_MISSING = ${option(d, 'missing') === 'drop' ? 'True' : 'False'}`,
    ],
    imports: ['import csv'],
    body: [
      "MISSING = {'', 'na', 'n/a', 'nan', 'null', 'none', '?'}",
      '',
      '',
      'def is_number(text):',
      '    try:',
      '        float(text)',
      '        return True',
      '    except ValueError:',
      '        return False',
      '',
      '',
      'def categories(values):',
      '    """Distinct values in order: numbers as numbers (2 before 10), text alphabetically."""',
      '    distinct = set(values)',
      '    numeric = all(is_number(v) for v in distinct)',
      '    return sorted(distinct, key=float if numeric else str)',
      '',
      '',
      'def load_data():',
      '    """The CSV file: numeric columns as they are, text columns one-hot, one label column."""',
      "    with open(CSV_PATH, newline='') as file:",
      '        reader = csv.reader(file, delimiter=DELIMITER)',
      '        header = [name.strip() for name in next(reader)]',
      '        rows = [[field.strip() for field in row] for row in reader if row]',
      '    label = LABEL or header[-1]',
      '    features = FEATURES or [name for name in header if name != label]',
      '    used = [header.index(name) for name in [label, *features]]',
      '    complete = [row for row in rows if all(row[i].lower() not in MISSING for i in used)]',
      '    if len(complete) < len(rows) and not DROP_MISSING:',
      '        gaps = len(rows) - len(complete)',
      "        raise SystemExit(f'{CSV_PATH}: {gaps} rows have missing values (set DROP_MISSING).')",
      '    rows = complete',
      '    columns = []',
      '    for name in features:',
      '        values = [row[header.index(name)] for row in rows]',
      '        if name not in CATEGORICAL and all(is_number(v) for v in values):',
      "            columns.append(np.array(values, dtype='float32')[:, None])",
      '        else:',
      '            names = categories(values)',
      "            columns.append(np.eye(len(names), dtype='float32')[[names.index(v) for v in values]])",
      '    labels = [row[header.index(label)] for row in rows]',
      ...(classes
        ? ['    names = categories(labels)', '    y = np.array([names.index(v) for v in labels])']
        : ["    y = np.array(labels, dtype='float32')"]),
      '    return np.concatenate(columns, axis=1), y, None',
    ],
  };
}

function imageSource(d: DatasetConfig, plan: TrainingPlan): PythonDataSource {
  const [height = 1, width = 1, channels = 3] = plan.input.shape;
  const mode = channels === 1 ? 'grayscale' : channels === 4 ? 'rgba' : 'rgb';
  return {
    constants: [`IMAGE_FOLDER = ${pySource(d.path ?? 'images')}`],
    imports: [],
    body: [
      'def load_data():',
      '    """One sub-folder per class; images resized (bilinear) and scaled to [0, 1]."""',
      '    images = keras.utils.image_dataset_from_directory(',
      '        IMAGE_FOLDER,',
      `        image_size=(${height}, ${width}),`,
      `        color_mode='${mode}',`,
      '        shuffle=False,',
      '        batch_size=None,',
      '    )',
      '    x = np.stack([image.numpy() for image, _ in images]) / 255',
      '    y = np.array([label.numpy() for _, label in images])',
      "    return x.astype('float32'), y, None",
    ],
  };
}
