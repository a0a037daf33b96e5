/**
 * Dev and test metrics from predictions, computed in plain JavaScript over a whole split (tfjs's
 * precision and recall are per batch and binary only). Classification builds a confusion matrix:
 * accuracy is its trace over its total; precision, recall and F1 are for class 1 with two classes
 * and macro-averaged over the classes present with more (scikit-learn's `average='macro'`,
 * `zero_division=0`). MAE compares predictions with the dense targets (one-hot rows for classes).
 */
import type { MetricName, MetricValues } from '../graph/training.ts';
import type { LabelFit } from './data/labels.ts';

export class MetricAccumulator {
  private readonly confusion: Float64Array | null;
  private absoluteError = 0;
  private values = 0;

  constructor(
    private readonly labels: LabelFit,
    /** Values per sample in a prediction (the output's units). */
    private readonly outputWidth: number,
  ) {
    const classes = labels.classes;
    this.confusion = classes === null ? null : new Float64Array(classes * classes);
  }

  /**
   * @param predictions `count × outputWidth` model outputs
   * @param raw the data's labels (class indices or targets)
   * @param encoded the labels as the loss saw them
   */
  add(predictions: Float32Array, raw: Float32Array, encoded: Float32Array, count: number): void {
    const width = this.outputWidth;
    const classes = this.labels.classes;
    // Sparse labels are class numbers; MAE compares against their one-hot rows.
    const oneHotTargets = this.labels.encoding === 'index' && width > 1;
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < width; j++) {
        const target = oneHotTargets ? (raw[i] === j ? 1 : 0) : (encoded[i * width + j] as number);
        this.absoluteError += Math.abs((predictions[i * width + j] as number) - target);
      }
      this.values += width;
      if (this.confusion && classes !== null) {
        const predicted = this.predictedClass(predictions, i);
        const actual = raw[i] as number;
        this.confusion[actual * classes + predicted] =
          (this.confusion[actual * classes + predicted] as number) + 1;
      }
    }
  }

  result(requested: readonly MetricName[]): MetricValues {
    const out: MetricValues = {};
    const classification = this.confusion
      ? confusionMetrics(this.confusion, this.labels.classes as number)
      : null;
    for (const name of requested) {
      if (name === 'mae') out.mae = this.values > 0 ? this.absoluteError / this.values : 0;
      else if (classification) out[name] = classification[name];
    }
    return out;
  }

  private predictedClass(predictions: Float32Array, i: number): number {
    const width = this.outputWidth;
    if (width === 1) {
      // One unit: a probability (cut at 0.5), a hinge score (cut at 0), or a class number.
      const value = predictions[i] as number;
      if (this.labels.encoding === 'plus-minus-one') return value > 0 ? 1 : 0;
      if (this.labels.encoding === 'zero-one') return value > 0.5 ? 1 : 0;
      return Math.min(Math.max(Math.round(value), 0), (this.labels.classes as number) - 1);
    }
    let best = 0;
    for (let j = 1; j < width; j++) {
      if ((predictions[i * width + j] as number) > (predictions[i * width + best] as number))
        best = j;
    }
    return best;
  }
}

/** Accuracy, precision, recall and F1 from a confusion matrix (rows actual, columns predicted). */
export function confusionMetrics(
  confusion: ArrayLike<number>,
  classes: number,
): Record<'accuracy' | 'precision' | 'recall' | 'f1', number> {
  let total = 0;
  let correct = 0;
  const actual = new Float64Array(classes);
  const predicted = new Float64Array(classes);
  for (let a = 0; a < classes; a++) {
    for (let p = 0; p < classes; p++) {
      const n = confusion[a * classes + p] as number;
      total += n;
      if (a === p) correct += n;
      actual[a] = (actual[a] as number) + n;
      predicted[p] = (predicted[p] as number) + n;
    }
  }
  const perClass = (c: number) => {
    const tp = confusion[c * classes + c] as number;
    const precision = (predicted[c] as number) > 0 ? tp / (predicted[c] as number) : 0;
    const recall = (actual[c] as number) > 0 ? tp / (actual[c] as number) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1 };
  };
  let scored: ReturnType<typeof perClass>[];
  if (classes === 2) scored = [perClass(1)];
  else {
    scored = [];
    for (let c = 0; c < classes; c++) {
      if ((actual[c] as number) > 0 || (predicted[c] as number) > 0) scored.push(perClass(c));
    }
  }
  const mean = (key: 'precision' | 'recall' | 'f1') =>
    scored.length > 0 ? scored.reduce((s, m) => s + m[key], 0) / scored.length : 0;
  return {
    accuracy: total > 0 ? correct / total : 0,
    precision: mean('precision'),
    recall: mean('recall'),
    f1: mean('f1'),
  };
}
