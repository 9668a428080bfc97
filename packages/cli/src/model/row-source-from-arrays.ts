/**
 * Arrays given from code (`ArrayData`) as a RowSource in the model's dtype, checked against the
 * model so that a mismatch is a clear DataError instead of garbage or an out-of-bounds read.
 */

import { LOSSES, type MlpConfig, type RowSource } from '@shardwise/core';
import { DataError } from '../errors.js';
import type { ArrayData } from './array-data.js';
import { isArrayLike, toClassLabels, toFloatArray } from './numeric-arrays.js';

/** A RowSource that knows how many rows it has. */
export interface ArrayRowSource extends RowSource {
  readonly rows: number;
}

/**
 * Checks `data` against `config` and returns it as a RowSource. Arrays already of the right
 * typed-array kind (the model's Float32Array/Float64Array, Int32Array labels) are used as they
 * are, not copied; anything else is copied. Labels are for ce models only; targets are rows of
 * `outputs` values (regression targets for mse, soft class rows for ce).
 */
export function toRowSource(data: ArrayData, config: MlpConfig): ArrayRowSource {
  if (typeof data !== 'object' || data === null)
    throw new DataError('data must be an object with x and features');
  const inputs = config.sizes[0]!;
  const outputs = config.sizes[config.sizes.length - 1]!;
  const { features } = data;
  if (!(Number.isSafeInteger(features) && features >= 1)) {
    throw new DataError(`data.features must be a positive integer, got ${features}`);
  }
  if (!isArrayLike(data.x)) throw new DataError('data.x must be an array of numbers');
  if (data.x.length % features !== 0) {
    throw new DataError(`data.x has ${data.x.length} values, not a multiple of ${features} features`);
  }
  if (features !== inputs) throw new DataError(`data has ${features} features, the model expects ${inputs}`);
  const rows = data.x.length / features;
  if (rows === 0) throw new DataError('data has no rows');

  const hasLabels = data.labels !== undefined && data.labels !== null;
  const hasTargets = data.targets !== undefined && data.targets !== null;
  if (hasLabels && hasTargets) throw new DataError('give data.labels or data.targets, not both');
  if (!hasLabels && !hasTargets) throw new DataError('data needs labels (classification) or targets');
  const x = toFloatArray(data.x, config.dtype, 'data.x', features);
  if (hasLabels) return { rows, features, outputs, x, labels: labelsOf(data, rows, config), targets: null };
  return { rows, features, outputs, x, labels: null, targets: targetsOf(data, rows, config) };
}

function labelsOf(data: ArrayData, rows: number, config: MlpConfig): Int32Array {
  const labels = data.labels!;
  const outputs = config.sizes[config.sizes.length - 1]!;
  if (!LOSSES[config.loss].classification) {
    throw new DataError(
      `labels were given to a regression (${config.loss}) model; give targets (rows × outputs values) instead`,
    );
  }
  if (!isArrayLike(labels)) throw new DataError('data.labels must be an array of class indices');
  if (labels.length !== rows)
    throw new DataError(`data.labels has ${labels.length} entries for ${rows} rows`);
  // Fewer declared classes is fine (e.g. a validation set missing one); more cannot fit the model.
  if (data.classes !== undefined && !(Number.isSafeInteger(data.classes) && data.classes <= outputs)) {
    throw new DataError(`data has ${data.classes} classes, the model has ${outputs}`);
  }
  return toClassLabels(labels, outputs, 'data.labels');
}

function targetsOf(data: ArrayData, rows: number, config: MlpConfig) {
  const targets = data.targets!;
  const outputs = config.sizes[config.sizes.length - 1]!;
  if (!isArrayLike(targets)) throw new DataError('data.targets must be an array of numbers');
  if (targets.length !== rows * outputs) {
    const width = targets.length / rows;
    const shape = Number.isInteger(width) ? `${width} per row` : 'not a whole number per row';
    throw new DataError(
      `data.targets has ${targets.length} values for ${rows} rows (${shape}); the model has ${outputs} outputs`,
    );
  }
  return toFloatArray(targets, config.dtype, 'data.targets', outputs);
}
