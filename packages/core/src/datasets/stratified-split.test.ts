import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { type Dataset, validateDataset } from './dataset.js';
import { stratifiedSplit, stratifiedValidationCounts } from './stratified-split.js';

/** Rows whose first feature is the row index, so a split can be traced back to the rows. */
function classRows(labelsOfRows: readonly number[], classes: number): Dataset {
  const rows = labelsOfRows.length;
  const x = Float64Array.from({ length: rows }, (_, i) => i);
  return {
    rows,
    features: 1,
    x,
    labels: Int32Array.from(labelsOfRows),
    targets: null,
    outputs: classes,
    classes,
  };
}

const countsOf = (d: Dataset): number[] => {
  const counts = new Array<number>(d.classes).fill(0);
  for (const label of d.labels!) counts[label]!++;
  return counts;
};

describe('stratifiedValidationCounts', () => {
  it('gives each class the floor of its share, then the rest by largest remainder (ties: lower class)', () => {
    // 20 of 100 rows held out: shares 10, 6, 4 are whole.
    expect(stratifiedValidationCounts([50, 30, 20], 20)).toEqual([10, 6, 4]);
    // 10 of 30: shares 10/3 each (remainder 1/3 each): the one row left goes to class 0.
    expect(stratifiedValidationCounts([10, 10, 10], 10)).toEqual([4, 3, 3]);
    // 7 of 20: shares 3.5, 2.1, 1.4 → floors 3, 2, 1; the row left goes to the largest remainder (0.5).
    expect(stratifiedValidationCounts([10, 6, 4], 7)).toEqual([4, 2, 1]);
    // 3 of 100: shares 2.4, 0.3, 0.3: without the bound class 1 and 2 would get none; with it each gets one,
    // and class 0 (furthest above its share) gives back the surplus.
    expect(stratifiedValidationCounts([80, 10, 10], 3)).toEqual([1, 1, 1]);
  });

  it('keeps one training row per class and a class of one row in training when the split allows', () => {
    // 8 of 10 held out, shares 1.6 and 6.4: plain largest remainder would hold out both rows of class 0.
    expect(stratifiedValidationCounts([2, 8], 8)).toEqual([1, 7]);
    // 5 of 9, shares 2.78, 1.11, 1.11, 0: the 2-row classes keep one row on each side.
    expect(stratifiedValidationCounts([5, 2, 2, 0], 5)).toEqual([3, 1, 1, 0]);
    // A single-row class never goes to validation while the split allows.
    expect(stratifiedValidationCounts([9, 1], 5)).toEqual([5, 0]);
  });

  it('falls back to plain largest remainder when there are too few rows on a side for the bounds', () => {
    // 2 rows held out of 3 classes with ≥ 2 rows: one class cannot get a validation row.
    expect(stratifiedValidationCounts([4, 4, 4], 2)).toEqual([1, 1, 0]);
    const counts = [3, 3];
    expect(stratifiedValidationCounts(counts, 5).reduce((a, b) => a + b)).toBe(5);
  });
});

describe('stratifiedSplit', () => {
  const labels = Array.from({ length: 200 }, (_, i) => (i < 120 ? 0 : i < 170 ? 1 : i < 198 ? 2 : 3));
  const data = classRows(labels, 4);

  it('keeps each class share and every class of ≥ 2 rows on both sides', () => {
    const { train, validation } = stratifiedSplit(data, 0.25, new Rng(1));
    // 50 of 200 held out: shares 30, 12.5, 7, 0.5 → floors 30, 12, 7, 0; the bound gives class 3 its
    // one validation row, which is the 50th, so class 1's 12.5 rounds down.
    expect(countsOf(validation!)).toEqual([30, 12, 7, 1]);
    expect(countsOf(train)).toEqual([90, 38, 21, 1]);
    validateDataset(train);
    validateDataset(validation!);
    const all = [...train.x, ...validation!.x].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect([...train.x]).toEqual([...train.x].sort((a, b) => a - b));
    for (let i = 0; i < train.rows; i++) expect(train.labels![i]).toBe(labels[train.x[i]!]);
  });

  it('is the same for the same seed, another for another seed, and advances the rng as the plain split', () => {
    const a = stratifiedSplit(data, 0.3, new Rng(7));
    const b = stratifiedSplit(data, 0.3, new Rng(7));
    const c = stratifiedSplit(data, 0.3, new Rng(8));
    expect([...a.validation!.x]).toEqual([...b.validation!.x]);
    expect([...a.validation!.x]).not.toEqual([...c.validation!.x]);
    const rng = new Rng(7);
    stratifiedSplit(data, 0.3, rng);
    const shuffled = new Rng(7);
    shuffled.shuffle(new Int32Array(200));
    expect(rng.getState()).toEqual(shuffled.getState());
  });

  it('with fraction 0 returns the dataset itself', () => {
    expect(stratifiedSplit(data, 0, new Rng(1))).toEqual({ train: data, validation: null });
  });
});
