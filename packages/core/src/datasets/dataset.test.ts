import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { type Dataset, splitTrainValidation, subsetRows, validateDataset } from './dataset.js';

/** 5 rows, 2 features, 3 classes; x row i is [i, 10 + i] so copies are easy to trace. */
function tiny(): Dataset {
  return {
    rows: 5,
    features: 2,
    x: new Float64Array([0, 10, 1, 11, 2, 12, 3, 13, 4, 14]),
    labels: new Int32Array([0, 1, 2, 0, 1]),
    targets: null,
    outputs: 3,
    classes: 3,
  };
}

function regression(): Dataset {
  return {
    rows: 3,
    features: 1,
    x: new Float32Array([1, 2, 3]),
    labels: null,
    targets: new Float32Array([10, 11, 20, 21, 30, 31]),
    outputs: 2,
    classes: 0,
  };
}

describe('validateDataset', () => {
  it('accepts consistent classification and regression sets', () => {
    validateDataset(tiny());
    validateDataset(regression());
    validateDataset({ ...tiny(), targets: new Float64Array(15) }); // soft/one-hot class rows
  });

  it('rejects inconsistent datasets with a clear message', () => {
    const cases: [Dataset, RegExp][] = [
      [{ ...tiny(), rows: 4 }, /x has 10 values, expected rows × features = 8/],
      [{ ...tiny(), rows: 2.5 }, /rows must be a non-negative integer/],
      [{ ...tiny(), features: Number.NaN }, /features must be a positive integer/],
      [{ ...tiny(), labels: new Int32Array([0, 1, 3, 0, 1]) }, /label of row 2 is 3, outside \[0, 3\)/],
      [{ ...tiny(), labels: new Int32Array([0, -1, 2, 0, 1]) }, /label of row 1 is -1/],
      [{ ...tiny(), labels: new Int32Array(4) }, /labels has 4 entries, expected one per row \(5\)/],
      [{ ...tiny(), labels: null }, /labels must be an Int32Array/],
      [{ ...tiny(), outputs: 2 }, /outputs \(2\) must equal classes \(3\)/],
      [{ ...tiny(), classes: 1, outputs: 1 }, /classes must be 0 \(regression\) or at least 2/],
      [
        { ...tiny(), x: new Float64Array([0, 10, 1, 11, Number.NaN, 12, 3, 13, 4, 14]) },
        /x\[4\] \(row 2\) is NaN/,
      ],
      [{ ...tiny(), x: new Float64Array([0, 10, 1, 11, 2, 12, 3, 13, 4, Infinity]) }, /x\[9\].*not finite/],
      [
        { ...regression(), targets: new Float32Array(5) },
        /targets has 5 values, expected rows × outputs = 6/,
      ],
      [{ ...regression(), targets: new Float64Array(6) }, /targets are f64 but x is f32/],
      [{ ...regression(), targets: null }, /targets must be set/],
      [{ ...regression(), labels: new Int32Array(3) }, /labels must be null/],
      [{ ...regression(), targets: new Float32Array([1, 2, 3, Number.NaN, 5, 6]) }, /targets\[3\] \(row 1\)/],
    ];
    for (const [dataset, message] of cases) {
      expect(() => validateDataset(dataset)).toThrow(message);
    }
  });
});

describe('subsetRows', () => {
  it('copies the chosen rows, labels and targets in order', () => {
    const picked = subsetRows(tiny(), new Int32Array([4, 1, 1]));
    expect(picked.rows).toBe(3);
    expect(Array.from(picked.x)).toEqual([4, 14, 1, 11, 1, 11]);
    expect(Array.from(picked.labels!)).toEqual([1, 1, 1]);
    validateDataset(picked);

    const source = regression();
    const rows = subsetRows(source, new Int32Array([2, 0]));
    expect(rows.x).toBeInstanceOf(Float32Array);
    expect(Array.from(rows.targets!)).toEqual([30, 31, 10, 11]);
    rows.x[0] = 99; // a copy, not a view
    expect(source.x[2]).toBe(3);
  });

  it('rejects row indices outside the dataset', () => {
    expect(() => subsetRows(tiny(), new Int32Array([0, 5]))).toThrow(/row index 5 is outside \[0, 5\)/);
  });
});

describe('splitTrainValidation', () => {
  function big(): Dataset {
    const rows = 100;
    const x = new Float64Array(rows * 2);
    for (let i = 0; i < rows; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = -i;
    }
    const labels = new Int32Array(rows).map((_, i) => i % 4);
    return { rows, features: 2, x, labels, targets: null, outputs: 4, classes: 4 };
  }

  const firstColumn = (d: Dataset): number[] =>
    Array.from({ length: d.rows }, (_, i) => d.x[i * d.features]!);

  it('is a partition of the rows, each part in the original order', () => {
    const { train, validation } = splitTrainValidation(big(), 0.2, new Rng(1));
    expect(validation!.rows).toBe(20);
    expect(train.rows).toBe(80);
    const trainRows = firstColumn(train);
    const validationRows = firstColumn(validation!);
    expect([...trainRows, ...validationRows].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect(trainRows).toEqual([...trainRows].sort((a, b) => a - b));
    expect(validationRows).toEqual([...validationRows].sort((a, b) => a - b));
    // Rows stay whole: features and labels travel together.
    for (let i = 0; i < train.rows; i++) {
      expect(train.x[2 * i + 1]).toBe(-train.x[2 * i]!);
      expect(train.labels![i]).toBe(train.x[2 * i]! % 4);
    }
    validateDataset(train);
    validateDataset(validation!);
  });

  it('is deterministic given the rng and differs for another seed', () => {
    const a = splitTrainValidation(big(), 0.25, new Rng(3));
    const b = splitTrainValidation(big(), 0.25, new Rng(3));
    const c = splitTrainValidation(big(), 0.25, new Rng(4));
    expect(firstColumn(a.validation!)).toEqual(firstColumn(b.validation!));
    expect(firstColumn(a.validation!)).not.toEqual(firstColumn(c.validation!));
  });

  it('with fraction 0 returns the dataset itself, no validation set, and leaves the rng alone', () => {
    const d = big();
    const rng = new Rng(9);
    const before = rng.getState();
    const { train, validation } = splitTrainValidation(d, 0, rng);
    expect(train).toBe(d);
    expect(validation).toBeNull();
    expect(rng.getState()).toEqual(before);
  });

  it('keeps at least one validation row and at least one training row', () => {
    expect(splitTrainValidation(big(), 0.001, new Rng(1)).validation!.rows).toBe(1);
    expect(() => splitTrainValidation(big(), 0.999, new Rng(1))).toThrow(/no training rows/);
    expect(() => splitTrainValidation(big(), 1, new Rng(1))).toThrow(/\[0, 1\)/);
    expect(() => splitTrainValidation(big(), -0.1, new Rng(1))).toThrow(/\[0, 1\)/);
  });
});
