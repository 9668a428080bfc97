/**
 * Feature standardisation as scikit-learn's `StandardScaler`: x' = (x − mean) / scale per column,
 * with the mean and the population standard deviation (ddof 0) of the training rows, and scale 1
 * for a constant column.
 */

import { allocate, type DType, dtypeOf, type FloatArray } from '@shardwise/core';
import { DataError } from '../errors.js';
import { isArrayLike, toFloatArray } from './numeric-arrays.js';

/** Per-feature statistics a model applies to its inputs before the first layer. */
export interface Standardization {
  /** Mean of each feature over the training rows, in the model's dtype. */
  readonly mean: FloatArray;
  /** Population standard deviation of each feature (1 for a constant one), in the model's dtype; all > 0. */
  readonly scale: FloatArray;
  /** How many training rows the statistics were computed on. */
  readonly rows: number;
}

/**
 * The statistics of `rows` rows of `x` (rows × features, row-major), computed in float64 by two
 * passes (the mean, then the mean squared deviation from it) and rounded once to `dtype`. A column
 * counts as constant, and gets scale 1, when its variance is within rounding error of 0 by
 * scikit-learn's test (`_is_constant_feature`: var ≤ n·ε·var + (n·mean·ε)², ε = 2^−52), as
 * `StandardScaler` does, so a constant column never divides by (nearly) zero.
 */
export function fitStandardization(
  x: FloatArray,
  rows: number,
  features: number,
  dtype: DType,
): Standardization {
  if (rows < 1) throw new DataError('cannot standardize: there are no training rows');
  const sum = new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    const start = r * features;
    for (let j = 0; j < features; j++) sum[j]! += x[start + j]!;
  }
  const mean64 = sum.map((s) => s / rows);
  const squares = new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    const start = r * features;
    for (let j = 0; j < features; j++) {
      const d = x[start + j]! - mean64[j]!;
      squares[j]! += d * d;
    }
  }
  const mean = allocate(dtype, features);
  const scale = allocate(dtype, features);
  for (let j = 0; j < features; j++) {
    const m = mean64[j]!;
    const variance = squares[j]! / rows;
    if (!Number.isFinite(m) || !Number.isFinite(variance)) {
      throw new DataError(
        `cannot standardize feature ${j}: its mean or variance is not finite (NaN or infinite values, or values too large)`,
      );
    }
    const constant = variance <= rows * Number.EPSILON * variance + (rows * m * Number.EPSILON) ** 2;
    mean[j] = m;
    scale[j] = constant ? 1 : Math.sqrt(variance);
    // A standard deviation below the dtype's smallest value rounds to 0: treat it as constant too.
    if (!(scale[j]! > 0)) scale[j] = 1;
  }
  return { mean, scale, rows };
}

/**
 * Writes (x − mean) / scale of `x` (rows × mean.length) into `out` (default: `x` itself, in place),
 * each value computed in float64 from the stored mean and scale and rounded once to `out`'s dtype.
 */
export function applyStandardization(s: Standardization, x: FloatArray, out: FloatArray = x): void {
  const { mean, scale } = s;
  const features = mean.length;
  for (let start = 0; start < x.length; start += features) {
    for (let j = 0; j < features; j++) out[start + j] = (x[start + j]! - mean[j]!) / scale[j]!;
  }
}

/**
 * `x` standardized as a new array of `dtype`, never changing `x`; values are checked first (a
 * non-finite or non-number value is a DataError naming `name`, its row and its column).
 */
export function standardizedCopy(
  s: Standardization,
  x: ArrayLike<number>,
  dtype: DType,
  name: string,
): FloatArray {
  const checked = toFloatArray(x, dtype, name, s.mean.length);
  const out = checked === x ? allocate(dtype, checked.length) : checked;
  applyStandardization(s, checked, out);
  return out;
}

/**
 * Rows given to `evaluate` (`{ x, features, … }`) with `x` standardized (a copy), or `data` itself
 * when its `x` does not have the standardization's width (the caller's shape checks then report it).
 */
export function withStandardizedX<T extends { readonly x: ArrayLike<number>; readonly features: number }>(
  s: Standardization,
  data: T,
  dtype: DType,
): T {
  if (typeof data !== 'object' || data === null || !isArrayLike(data.x)) return data;
  if (data.features !== s.mean.length || data.x.length % s.mean.length !== 0) return data;
  return { ...data, x: standardizedCopy(s, data.x, dtype, 'data.x') };
}

/** The statistics converted to `dtype` (the same object when already of it). */
export function standardizationIn(s: Standardization, dtype: DType): Standardization {
  if (dtypeOf(s.mean) === dtype) return s;
  const mean = allocate(dtype, s.mean.length);
  const scale = allocate(dtype, s.scale.length);
  mean.set(s.mean);
  scale.set(s.scale);
  for (let j = 0; j < scale.length; j++) {
    if (!(Number.isFinite(mean[j]) && scale[j]! > 0 && Number.isFinite(scale[j]))) {
      throw new DataError(
        `the standardization of feature ${j} (mean ${s.mean[j]}, scale ${s.scale[j]}) does not fit in ${dtype}`,
      );
    }
  }
  return { mean, scale, rows: s.rows };
}
