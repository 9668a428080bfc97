import { allocate, type DType, dtypeOf, type FloatArray } from '../dtype.js';
import type { Rng } from '../rng.js';

/** An in-memory table of examples; classification sets carry `labels`, regression sets carry `targets`. */
export interface Dataset {
  /** Number of rows (examples). */
  readonly rows: number;
  /** Input values per row. */
  readonly features: number;
  /** rows × features, row-major. */
  readonly x: FloatArray;
  /** Integer class per row (classification), else null. */
  readonly labels: Int32Array | null;
  /** rows × outputs, row-major (regression, or soft/one-hot class rows), else null. */
  readonly targets: FloatArray | null;
  /** Network output width: classes for classification, target width for regression. */
  readonly outputs: number;
  /** Number of classes; 0 for regression. */
  readonly classes: number;
}

/** What every synthetic generator takes; options a generator has no use for must be left out. */
export interface DatasetOptions {
  /** Rows to generate. */
  samples: number;
  /** Seed of the generator's own Rng: equal options give identical datasets. */
  seed: number;
  /** Element type of `x` and `targets`. */
  dtype: DType;
  /** Noise level (≥ 0); its meaning and default depend on the generator. */
  noise?: number;
  /** Input width, for generators with a variable one (`blobs`, `teacher`). */
  features?: number;
  /** Number of classes, for generators with a variable count (`blobs`, `spirals`). */
  classes?: number;
  /** Target values per row (`teacher`); classifiers accept only their class count. */
  outputs?: number;
}

/** A synthetic dataset generator: options in, a fresh dataset out; throws on options it cannot honour. */
export type DatasetGenerator = (options: DatasetOptions) => Dataset;

function isCount(value: number, minimum: number): boolean {
  return Number.isSafeInteger(value) && value >= minimum;
}

/** Index of the first non-finite element, or -1. */
function firstNonFinite(values: FloatArray): number {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    // value - value is NaN exactly for NaN and ±Infinity.
    if (value - value !== 0) return i;
  }
  return -1;
}

/** Throws an `Error` naming the first inconsistency: sizes, dtypes, labels outside [0, classes), NaN/∞ values. */
export function validateDataset(d: Dataset): void {
  if (!isCount(d.rows, 0)) throw new Error(`Dataset rows must be a non-negative integer, got ${d.rows}`);
  if (!isCount(d.features, 1))
    throw new Error(`Dataset features must be a positive integer, got ${d.features}`);
  if (!isCount(d.outputs, 1)) throw new Error(`Dataset outputs must be a positive integer, got ${d.outputs}`);
  if (!isCount(d.classes, 0))
    throw new Error(`Dataset classes must be a non-negative integer, got ${d.classes}`);
  if (!(d.x instanceof Float32Array || d.x instanceof Float64Array)) {
    throw new Error('Dataset x must be a Float32Array or Float64Array');
  }
  if (d.x.length !== d.rows * d.features) {
    throw new Error(`Dataset x has ${d.x.length} values, expected rows × features = ${d.rows * d.features}`);
  }
  const badX = firstNonFinite(d.x);
  if (badX >= 0) {
    throw new Error(`Dataset x[${badX}] (row ${Math.floor(badX / d.features)}) is ${d.x[badX]}, not finite`);
  }

  if (d.classes > 0) {
    if (d.classes < 2)
      throw new Error(`Dataset classes must be 0 (regression) or at least 2, got ${d.classes}`);
    if (d.outputs !== d.classes) {
      throw new Error(`Dataset outputs (${d.outputs}) must equal classes (${d.classes}) for classification`);
    }
    if (!(d.labels instanceof Int32Array))
      throw new Error('Dataset labels must be an Int32Array when classes > 0');
    if (d.labels.length !== d.rows) {
      throw new Error(`Dataset labels has ${d.labels.length} entries, expected one per row (${d.rows})`);
    }
    for (let i = 0; i < d.rows; i++) {
      const label = d.labels[i]!;
      if (label < 0 || label >= d.classes) {
        throw new Error(`Dataset label of row ${i} is ${label}, outside [0, ${d.classes})`);
      }
    }
  } else {
    if (d.labels !== null) throw new Error('Dataset labels must be null when classes is 0 (regression)');
    if (d.targets === null) throw new Error('Dataset targets must be set when classes is 0 (regression)');
  }

  if (d.targets !== null) {
    if (!(d.targets instanceof Float32Array || d.targets instanceof Float64Array)) {
      throw new Error('Dataset targets must be a Float32Array or Float64Array');
    }
    if (dtypeOf(d.targets) !== dtypeOf(d.x)) {
      throw new Error(`Dataset targets are ${dtypeOf(d.targets)} but x is ${dtypeOf(d.x)}; they must match`);
    }
    if (d.targets.length !== d.rows * d.outputs) {
      throw new Error(
        `Dataset targets has ${d.targets.length} values, expected rows × outputs = ${d.rows * d.outputs}`,
      );
    }
    const badTarget = firstNonFinite(d.targets);
    if (badTarget >= 0) {
      throw new Error(
        `Dataset targets[${badTarget}] (row ${Math.floor(badTarget / d.outputs)}) is ${d.targets[badTarget]}, not finite`,
      );
    }
  }
}

/** Copies row `from` of a rows × width table into row `to` of another. */
function copyRow(source: FloatArray, from: number, target: FloatArray, to: number, width: number): void {
  const sourceStart = from * width;
  const targetStart = to * width;
  for (let j = 0; j < width; j++) target[targetStart + j] = source[sourceStart + j]!;
}

/** A new dataset holding copies of the given rows, in the given order (repeats allowed). */
export function subsetRows(d: Dataset, rowIndices: Int32Array): Dataset {
  const rows = rowIndices.length;
  const dtype = dtypeOf(d.x);
  const x = allocate(dtype, rows * d.features);
  const labels = d.labels === null ? null : new Int32Array(rows);
  const targets = d.targets === null ? null : allocate(dtype, rows * d.outputs);
  for (let i = 0; i < rows; i++) {
    const row = rowIndices[i]!;
    if (row < 0 || row >= d.rows) throw new Error(`subsetRows: row index ${row} is outside [0, ${d.rows})`);
    copyRow(d.x, row, x, i, d.features);
    if (labels !== null) labels[i] = d.labels![row]!;
    if (targets !== null) copyRow(d.targets!, row, targets, i, d.outputs);
  }
  return { rows, features: d.features, x, labels, targets, outputs: d.outputs, classes: d.classes };
}

/** Rows `splitTrainValidation` holds out of `rows` for `fraction`: at least one when fraction > 0. */
export function validationRowCount(rows: number, fraction: number): number {
  return fraction === 0 ? 0 : Math.max(1, Math.round(rows * fraction));
}

/**
 * Splits off a random `fraction` of the rows (at least one row when fraction > 0) as a validation set.
 * Both parts keep the original row order. With fraction 0 the rng is untouched, `train` is `d` itself
 * (not a copy) and `validation` is null. Deterministic given the rng's state, which it advances.
 */
export function splitTrainValidation(
  d: Dataset,
  fraction: number,
  rng: Rng,
): {
  /** The rows kept for training (`d` itself when `fraction` is 0). */
  train: Dataset;
  /** The held-out rows, or null when `fraction` is 0. */
  validation: Dataset | null;
} {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new Error(`Validation fraction must be in [0, 1), got ${fraction}`);
  }
  if (fraction === 0) return { train: d, validation: null };
  const validationRows = validationRowCount(d.rows, fraction);
  if (validationRows >= d.rows) {
    throw new Error(
      `Validation fraction ${fraction} of ${d.rows} rows leaves no training rows; use a smaller fraction or more samples`,
    );
  }
  const order = new Int32Array(d.rows);
  for (let i = 0; i < d.rows; i++) order[i] = i;
  rng.shuffle(order);
  const validationIndices = order.slice(0, validationRows).sort();
  const trainIndices = order.slice(validationRows).sort();
  return { train: subsetRows(d, trainIndices), validation: subsetRows(d, validationIndices) };
}
