/**
 * Loss nodes close a graph: each takes one model output and says how it is scored. Several loss
 * nodes make a multi-task model whose total loss is the weighted sum.
 */
import { LayerShapeError } from '../../graph/errors.ts';
import { float } from '../params.ts';
import { formatShape, only } from '../shape.ts';
import type { Shape } from '../shape.ts';
import { defineLayer } from '../spec.ts';
import type { LayerSpec, LossSpec } from '../spec.ts';

const weightParam = {
  weight: float({
    label: 'Loss weight',
    default: 1,
    min: 0,
    max: 1000,
    help: 'How much this loss counts in the total when the model has several loss nodes.',
  }),
};

function defineLoss(options: {
  type: string;
  label: string;
  help: string;
  tfjs: LossSpec['tfjs'];
  /** Throws when the prediction shape cannot be scored by this loss. */
  check?: (prediction: Shape) => void;
}): LayerSpec<typeof weightParam> {
  return defineLayer({
    type: options.type,
    label: options.label,
    category: 'loss',
    help: options.help,
    role: 'loss',
    inputs: { min: 1, max: 1 },
    weighted: false,
    examples: [{ name: 'classes', inputs: [[5]] }],
    params: weightParam,
    describe: (p) => (p.weight === 1 ? options.label : `${options.label} × ${p.weight}`),
    outputShape: (inputs) => {
      const prediction = only(inputs);
      options.check?.(prediction);
      return prediction;
    },
    countParams: () => ({ trainable: 0, nonTrainable: 0 }),
    flops: () => 0,
    tfjs: () => [],
    loss: (p) => ({ tfjs: options.tfjs, weight: p.weight }),
  });
}

function needsClasses(label: string) {
  return (prediction: Shape) => {
    const classes = prediction.at(-1);
    if (prediction.length < 2 || (classes !== null && classes !== undefined && classes < 2)) {
      throw new LayerShapeError(
        'E018',
        `${label} scores a probability per class, so its input needs at least 2 classes on the last axis, but it gets ${formatShape(prediction)}. For a yes/no output use binary cross-entropy.`,
      );
    }
  };
}

export const binaryCrossentropy = defineLoss({
  type: 'BinaryCrossentropyLoss',
  label: 'Binary cross-entropy',
  help: 'For yes/no outputs (a sigmoid unit per label): −(y log ŷ + (1−y) log(1−ŷ)).',
  tfjs: 'binaryCrossentropy',
});

export const categoricalCrossentropy = defineLoss({
  type: 'CategoricalCrossentropyLoss',
  label: 'Categorical cross-entropy',
  help: 'For one-of-many classes with one-hot labels, after a softmax output.',
  tfjs: 'categoricalCrossentropy',
  check: needsClasses('Categorical cross-entropy'),
});

export const sparseCategoricalCrossentropy = defineLoss({
  type: 'SparseCategoricalCrossentropyLoss',
  label: 'Sparse categorical cross-entropy',
  help: 'Like categorical cross-entropy, but labels are class numbers (0…C−1) instead of one-hot vectors.',
  tfjs: 'sparseCategoricalCrossentropy',
  check: needsClasses('Sparse categorical cross-entropy'),
});

export const meanSquaredError = defineLoss({
  type: 'MeanSquaredErrorLoss',
  label: 'Mean squared error',
  help: 'For regression: the average of (y − ŷ)².',
  tfjs: 'meanSquaredError',
});

export const meanAbsoluteError = defineLoss({
  type: 'MeanAbsoluteErrorLoss',
  label: 'Mean absolute error',
  help: 'For regression that should not chase outliers: the average of |y − ŷ|.',
  tfjs: 'meanAbsoluteError',
});

export const huber = defineLoss({
  type: 'HuberLoss',
  label: 'Huber',
  help: 'Squared error for small mistakes, absolute error for large ones: robust regression.',
  tfjs: { fn: 'huberLoss', extra: { delta: 1 } },
});

export const hinge = defineLoss({
  type: 'HingeLoss',
  label: 'Hinge',
  help: 'The SVM margin loss, for labels of −1 and 1.',
  tfjs: 'hinge',
});
