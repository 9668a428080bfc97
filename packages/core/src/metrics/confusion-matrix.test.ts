// ConfusionMatrix counts (true, predicted) pairs chunk by chunk: the prediction is the argmax of
// the row's scores, the truth the label or the argmax of a class-probability target row.
import { describe, expect, it } from 'vitest';
import { ConfusionMatrix } from './confusion-matrix.js';

describe('ConfusionMatrix', () => {
  it('rows = true class, columns = predicted class, over several chunks', () => {
    const m = new ConfusionMatrix(3);
    // Scores argmax: 0, 2, 2 against labels 0, 1, 2; then 1 (first of tied maxima is 1) against 1.
    m.add(Float64Array.from([5, 1, 0, 0, 1, 3, -1, -2, 0.5]), 3, Int32Array.from([0, 1, 2]), null);
    m.add(Float32Array.from([0, 2, 2]), 1, Int32Array.from([1]), null);
    expect(Array.from(m.counts)).toEqual([1, 0, 0, 0, 1, 1, 0, 0, 1]);
  });

  it('takes the true class of a probability target row as its largest entry', () => {
    const m = new ConfusionMatrix(2);
    m.add(Float64Array.from([0, 1, 3, 1]), 2, null, Float64Array.from([0.2, 0.8, 0.3, 0.7]));
    expect(Array.from(m.counts)).toEqual([0, 0, 1, 1]);
  });
});
