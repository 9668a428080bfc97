// classificationReport against scikit-learn's definitions, worked by hand on small confusion
// matrices: precision TP/(TP+FP), recall TP/(TP+FN), F1 2TP/(2TP+FP+FN), each 0 on 0/0
// (zero_division="warn" → 0); macro = plain mean and weighted = support-weighted mean over the
// labels seen in y_true or y_pred (classification_report's default labels); accuracy = trace/total.
import { describe, expect, it } from 'vitest';
import { classificationReport } from './classification-report.js';

describe('classificationReport', () => {
  it('a class never predicted has precision 0; a class with no true rows has recall 0 and support 0', () => {
    // y_true = [0,0,0,1,1,2,2,2,2], y_pred = [0,0,3,0,0,2,2,3,0] over 4 classes:
    //          pred 0  1  2  3
    // true 0 [    2, 0, 0, 1 ]
    // true 1 [    2, 0, 0, 0 ]   class 1 is never predicted
    // true 2 [    1, 0, 2, 1 ]
    // true 3 [    0, 0, 0, 0 ]   class 3 has no true rows but is predicted twice
    const counts = [2, 0, 0, 1, 2, 0, 0, 0, 1, 0, 2, 1, 0, 0, 0, 0];
    const r = classificationReport(counts, 4);
    expect(r.accuracy).toBe(4 / 9);
    const expected = [
      { label: 0, precision: 2 / 5, recall: 2 / 3, f1: 4 / 8, support: 3 },
      { label: 1, precision: 0, recall: 0, f1: 0, support: 2 },
      { label: 2, precision: 2 / 2, recall: 2 / 4, f1: 4 / 6, support: 4 },
      { label: 3, precision: 0, recall: 0, f1: 0, support: 0 },
    ];
    r.classes.forEach((c, i) => {
      const e = expected[i]!;
      expect(c.label).toBe(e.label);
      expect(c.support).toBe(e.support);
      for (const key of ['precision', 'recall', 'f1'] as const) expect(c[key]).toBeCloseTo(e[key], 15);
    });
    // All four labels appear in y_true or y_pred: macro averages over 4, weighted by support 3,2,4,0.
    expect(r.macroAvg.precision).toBeCloseTo((0.4 + 0 + 1 + 0) / 4, 15);
    expect(r.macroAvg.recall).toBeCloseTo((2 / 3 + 0 + 0.5 + 0) / 4, 15);
    expect(r.macroAvg.f1).toBeCloseTo((0.5 + 0 + 2 / 3 + 0) / 4, 15);
    expect(r.macroAvg.support).toBe(9);
    expect(r.weightedAvg.precision).toBeCloseTo((0.4 * 3 + 0 * 2 + 1 * 4) / 9, 15);
    expect(r.weightedAvg.recall).toBeCloseTo((2 / 3) * (3 / 9) + 0.5 * (4 / 9), 15);
    expect(r.weightedAvg.f1).toBeCloseTo((0.5 * 3 + (2 / 3) * 4) / 9, 15);
    expect(r.confusionMatrix).toEqual([
      [2, 0, 0, 1],
      [2, 0, 0, 0],
      [1, 0, 2, 1],
      [0, 0, 0, 0],
    ]);
  });

  it('leaves a class with neither true rows nor predictions out of the averages, as classification_report does', () => {
    // y_true = [0,1,1], y_pred = [0,1,0] over 3 classes; class 2 never occurs.
    const r = classificationReport([1, 0, 0, 1, 1, 0, 0, 0, 0], 3);
    expect(r.classes[2]).toEqual({ label: 2, precision: 0, recall: 0, f1: 0, support: 0 });
    // Class 0: P 1/2, R 1, F1 2/3; class 1: P 1, R 1/2, F1 2/3.
    expect(r.macroAvg.precision).toBeCloseTo(0.75, 15);
    expect(r.macroAvg.recall).toBeCloseTo(0.75, 15);
    expect(r.macroAvg.f1).toBeCloseTo(2 / 3, 15);
    expect(r.weightedAvg.precision).toBeCloseTo((0.5 * 1 + 1 * 2) / 3, 15);
    expect(r.weightedAvg.recall).toBeCloseTo((1 * 1 + 0.5 * 2) / 3, 15);
  });

  it('perfect predictions score 1 everywhere; no rows score 0 without dividing by zero', () => {
    const perfect = classificationReport([3, 0, 0, 5], 2);
    expect(perfect.accuracy).toBe(1);
    for (const c of perfect.classes) expect([c.precision, c.recall, c.f1]).toEqual([1, 1, 1]);
    expect(perfect.macroAvg).toEqual({ precision: 1, recall: 1, f1: 1, support: 8 });
    const empty = classificationReport([0, 0, 0, 0], 2);
    expect(empty.accuracy).toBe(0);
    expect(empty.macroAvg).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(empty.weightedAvg).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });
});
