import { describe, expect, it } from 'vitest';
import { fitLabels } from '../../app/engine/data/labels.ts';
import { confusionMetrics, MetricAccumulator } from '../../app/engine/metrics.ts';

const where = { lossNode: 'loss', outputNode: 'out' };
const classes = (n: number) => ({
  kind: 'classes' as const,
  classNames: Array.from({ length: n }, (_, i) => String(i)),
});

describe('classification metrics from a confusion matrix (rows actual, columns predicted)', () => {
  it('two classes score class 1: TP 3, FP 1, FN 2, TN 4', () => {
    // accuracy 7/10; precision 3/4; recall 3/5; F1 = 2·0.75·0.6 / 1.35 = 2/3
    const m = confusionMetrics([4, 1, 2, 3], 2);
    expect(m.accuracy).toBeCloseTo(0.7, 12);
    expect(m.precision).toBeCloseTo(0.75, 12);
    expect(m.recall).toBeCloseTo(0.6, 12);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
  });

  it('more classes are macro-averaged, a never-predicted class scoring 0', () => {
    // [[2,0,0],[1,1,0],[1,0,0]]: precision (2/4, 1/1, never predicted 0), recall (2/2, 1/2, 0/1)
    const m = confusionMetrics([2, 0, 0, 1, 1, 0, 1, 0, 0], 3);
    expect(m.accuracy).toBeCloseTo(3 / 5, 12);
    expect(m.precision).toBeCloseTo((0.5 + 1 + 0) / 3, 12);
    expect(m.recall).toBeCloseTo((1 + 0.5 + 0) / 3, 12);
    expect(m.f1).toBeCloseTo((2 / 3 + 2 / 3 + 0) / 3, 12);
  });
});

describe('the metric accumulator over batches', () => {
  it('picks the arg-max class of softmax outputs and computes MAE against one-hot rows', () => {
    const fit = fitLabels(
      classes(3),
      { tfjs: 'sparseCategoricalCrossentropy', weight: 1 },
      [null, 3],
      where,
    );
    const acc = new MetricAccumulator(fit, 3);
    const predictions = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.3, 0.6]);
    const raw = Float32Array.from([0, 1]);
    acc.add(predictions, raw, fit.encode(raw, 2), 2);
    const m = acc.result(['accuracy', 'mae']);
    expect(m.accuracy).toBe(0.5);
    // |0.7−1|+0.2+0.1 + 0.1+|0.3−1|+0.6 = 0.6 + 1.4 = 2.0 over 6 values
    expect(m.mae).toBeCloseTo(2 / 6, 6);
  });

  it('cuts one sigmoid unit at 0.5 and one hinge unit at 0', () => {
    const sigmoid = fitLabels(
      classes(2),
      { tfjs: 'binaryCrossentropy', weight: 1 },
      [null, 1],
      where,
    );
    const a = new MetricAccumulator(sigmoid, 1);
    const raw = Float32Array.from([1, 0, 1, 0]);
    a.add(Float32Array.from([0.9, 0.4, 0.2, 0.6]), raw, sigmoid.encode(raw, 4), 4);
    expect(a.result(['accuracy', 'recall'])).toEqual({ accuracy: 0.5, recall: 0.5 });

    const hinge = fitLabels(classes(2), { tfjs: 'hinge', weight: 1 }, [null, 1], where);
    const h = new MetricAccumulator(hinge, 1);
    h.add(Float32Array.from([0.3, -2, -0.1, 0.5]), raw, hinge.encode(raw, 4), 4);
    expect(h.result(['accuracy'])).toEqual({ accuracy: 0.5 });
  });

  it('leaves classification metrics out for regression targets', () => {
    const fit = fitLabels(
      { kind: 'values', width: 1, names: ['y'] },
      { tfjs: 'meanSquaredError', weight: 1 },
      [null, 1],
      where,
    );
    const acc = new MetricAccumulator(fit, 1);
    acc.add(Float32Array.from([1, 2]), Float32Array.from([1.5, 1]), Float32Array.from([1.5, 1]), 2);
    expect(acc.result(['accuracy', 'mae'])).toEqual({ mae: 0.75 });
  });
});
