/**
 * Labels fitted to the loss that scores the graph's output: one-hot rows for categorical
 * cross-entropy, class numbers for the sparse one, 0/1 for binary cross-entropy, −1/1 for hinge,
 * and numbers for regression losses. When the data cannot fit (10 classes into 5 output units)
 * the error says which shapes and what to change.
 */
import type { Shape } from '../../layers/shape.ts';
import type { LossSpec } from '../../layers/spec.ts';
import { formatShape } from '../../layers/shape.ts';
import { TrainingError } from '../training-errors.ts';
import type { LabelInfo } from './source.ts';

export type LabelEncoding = 'one-hot' | 'index' | 'zero-one' | 'plus-minus-one' | 'values';

export interface LabelFit {
  encoding: LabelEncoding;
  /** Columns of the label tensor: [batch, width]. */
  width: number;
  /** Whether samples have a class (accuracy, precision, recall and F1 apply). */
  classes: number | null;
  /** The batch's raw labels (class indices or targets) as the loss wants them. */
  encode(y: Float32Array, count: number): Float32Array;
}

const CLASS_LOSSES = new Set([
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'binaryCrossentropy',
  'hinge',
]);

export function lossName(loss: LossSpec): string {
  return typeof loss.tfjs === 'string' ? loss.tfjs : loss.tfjs.fn;
}

/** Whether a loss scores classes (so a CSV label column is read as classes) or numbers. */
export function labelKindFor(loss: LossSpec): 'classes' | 'values' {
  return CLASS_LOSSES.has(lossName(loss)) ? 'classes' : 'values';
}

export function fitLabels(
  labels: LabelInfo,
  loss: LossSpec,
  prediction: Shape,
  where: { lossNode: string; outputNode: string },
): LabelFit {
  const name = lossName(loss);
  const outputs = prediction.at(-1);
  const described = `the output of node ${where.outputNode} gives ${formatShape(prediction)}`;
  if (prediction.length !== 2 || typeof outputs !== 'number') {
    throw new TrainingError(
      'E207',
      `The data has one label per sample, but ${described}; the output must be [null, units]. Add a Flatten or global pooling before the last Dense.`,
    );
  }
  if (labels.kind === 'values') {
    if (name === 'sparseCategoricalCrossentropy' || labels.width !== outputs) {
      throw new TrainingError(
        'E207',
        name === 'sparseCategoricalCrossentropy'
          ? `The labels are numbers (${labels.names.join(', ')}), but the loss (node ${where.lossNode}) wants class numbers; use a regression loss such as mean squared error.`
          : `The data has ${labels.width} target value${labels.width === 1 ? '' : 's'} per sample, but ${described}; set its units to ${labels.width}.`,
      );
    }
    return valuesFit(outputs);
  }

  const classes = labels.classNames.length;
  const classList =
    labels.classNames.length <= 6
      ? labels.classNames.join(', ')
      : `${labels.classNames.slice(0, 3).join(', ')}, …, ${labels.classNames.at(-1) as string}`;
  const mismatch = (hint: string) =>
    new TrainingError(
      'E207',
      `The data has ${classes} classes (${classList}), but ${described}; ${hint}`,
    );
  switch (name) {
    case 'categoricalCrossentropy':
    case 'sparseCategoricalCrossentropy':
      if (outputs !== classes) throw mismatch(`set its units to ${classes}, one per class.`);
      return name === 'sparseCategoricalCrossentropy'
        ? indexFit(classes, 'index')
        : oneHotFit(classes, 0);
    case 'binaryCrossentropy':
    case 'hinge': {
      const off = name === 'hinge' ? -1 : 0;
      if (outputs === classes) return oneHotFit(classes, off);
      if (outputs === 1 && classes === 2) {
        return indexFit(classes, name === 'hinge' ? 'plus-minus-one' : 'zero-one');
      }
      throw mismatch(
        classes === 2
          ? 'give it 1 unit (yes/no) or 2 units.'
          : `binary losses score yes/no outputs; for ${classes} classes give it ${classes} units with softmax and categorical cross-entropy.`,
      );
    }
    default:
      // Regression losses on classes: one-hot targets, or the class number itself for one unit.
      if (outputs === classes) return oneHotFit(classes, 0);
      if (outputs === 1) return { ...indexFit(classes, 'index'), encoding: 'values', classes };
      throw mismatch(`set its units to ${classes} (one per class) or to 1 (the class number).`);
  }
}

function valuesFit(width: number): LabelFit {
  return { encoding: 'values', width, classes: null, encode: (y) => y };
}

function indexFit(classes: number, encoding: 'index' | 'zero-one' | 'plus-minus-one'): LabelFit {
  return {
    encoding,
    width: 1,
    classes,
    encode: (y, count) => {
      if (encoding !== 'plus-minus-one') return y.subarray(0, count);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = (y[i] as number) * 2 - 1;
      return out;
    },
  };
}

/** One row per sample with 1 at the class and `off` elsewhere (0, or −1 for hinge). */
function oneHotFit(classes: number, off: number): LabelFit {
  return {
    encoding: off === 0 ? 'one-hot' : 'plus-minus-one',
    width: classes,
    classes,
    encode: (y, count) => {
      const out = new Float32Array(count * classes).fill(off);
      for (let i = 0; i < count; i++) out[i * classes + (y[i] as number)] = 1;
      return out;
    },
  };
}
