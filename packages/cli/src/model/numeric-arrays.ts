/** Turns caller-supplied numeric arrays into the typed arrays the kernels need, checking each value. */

import { allocate, type DType, dtypeOf, type FloatArray } from '@shardwise/core';
import { DataError } from '../errors.js';

/**
 * `values` as a FloatArray of `dtype`: the array itself when it already is one (no copy),
 * otherwise a converted copy. Throws a DataError naming the first value that is not a finite
 * number; `name` and `width` (values per row) make that message point at a row and column.
 */
export function toFloatArray(
  values: ArrayLike<number>,
  dtype: DType,
  name: string,
  width: number,
): FloatArray {
  const reusable =
    (values instanceof Float32Array || values instanceof Float64Array) && dtypeOf(values) === dtype;
  const out = reusable ? (values as FloatArray) : allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    // value - value is NaN exactly for NaN and ±Infinity (and for non-numbers).
    if (typeof value !== 'number' || value - value !== 0) {
      throw new DataError(
        `${name} has ${describe(value)} at row ${Math.floor(i / width)}, column ${i % width}; only finite numbers are allowed`,
      );
    }
    if (!reusable) out[i] = value;
  }
  return out;
}

/** Class labels as an Int32Array (the array itself when it is one), each an integer in [0, classes). */
export function toClassLabels(labels: ArrayLike<number>, classes: number, name: string): Int32Array {
  const out = labels instanceof Int32Array ? labels : new Int32Array(labels.length);
  for (let r = 0; r < labels.length; r++) {
    const label = labels[r];
    if (typeof label !== 'number' || !Number.isInteger(label)) {
      throw new DataError(`${name}[${r}] is ${describe(label)}, not an integer class index`);
    }
    if (label < 0 || label >= classes) {
      throw new DataError(
        `${name}[${r}] is class ${label}, out of range for the model's ${classes} classes (0…${classes - 1})`,
      );
    }
    out[r] = label;
  }
  return out;
}

/** Whether `value` can be indexed like an array of numbers. */
export function isArrayLike(value: unknown): value is ArrayLike<number> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { length?: unknown }).length === 'number'
  );
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 20))}`;
  return value === null ? 'null' : typeof value;
}
