// eval's readable report: aligned per-class table with both averages and the confusion matrix,
// labelled by class names when given; regression as one row per output plus the overall means.
import { classificationReport, RegressionMetrics } from '@shardwise/core';
import { describe, expect, it } from 'vitest';
import { formatEvaluationReport } from './evaluation-report.js';

describe('formatEvaluationReport', () => {
  it('classification, with class names', () => {
    const metrics = classificationReport([3, 1, 0, 2], 2);
    const text = formatEvaluationReport({ loss: 0.25, accuracy: 5 / 6, metrics }, ['cat', 'dog']);
    expect(text.split('\n')).toEqual([
      'loss 0.2500  accuracy 0.8333',
      '',
      'class         precision  recall  f1-score  support',
      'cat              1.0000  0.7500    0.8571        4',
      'dog              0.6667  1.0000    0.8000        2',
      'macro avg        0.8333  0.8750    0.8286        6',
      'weighted avg     0.8889  0.8333    0.8381        6',
      '',
      'confusion matrix (rows: true class, columns: predicted class)',
      'true \\ predicted  cat  dog',
      'cat                 3    1',
      'dog                 0    2',
    ]);
  });

  it('regression, and class indices when there are no names', () => {
    const sums = new RegressionMetrics(1, 'mse', 'identity');
    sums.add(Float64Array.from([1, 2]), 2, null, Float64Array.from([1, 3]));
    expect(formatEvaluationReport({ loss: 0.5, metrics: sums.report() }).split('\n')).toEqual([
      'loss 0.5000',
      '',
      'output      MAE    RMSE      R2',
      'y0       0.5000  0.7071  0.5000', // SS_res 1, SS_tot 2
      'overall  0.5000  0.7071  0.5000',
    ]);
    const plain = formatEvaluationReport({
      loss: 0,
      accuracy: 1,
      metrics: classificationReport([1, 0, 0, 1], 2),
    });
    expect(plain).toContain('\n0                1.0000');
  });
});
