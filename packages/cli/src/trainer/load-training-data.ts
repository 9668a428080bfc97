import { type Dataset, type DatasetOptions, type DType, makeDataset } from '@shardwise/core';
import { DataError, UsageError } from '../errors.js';
import { readCsvDataset } from '../io/csv-reader.js';
import { isArrayLike, toClassLabels, toFloatArray } from '../model/numeric-arrays.js';
import type { ResolvedTrainOptions } from './resolve-options.js';
import type { ArrayData } from './train-options.js';

/** How a run started from a checkpoint reads its data. */
export interface CheckpointDataContext {
  /** The checkpoint the run starts from. */
  readonly path: string;
  /** Its outputs, when they are classes: CSV labels then range over 0..outputs−1. */
  readonly classes: number | undefined;
  /** True when the CSV path came from the checkpoint rather than the caller. */
  readonly dataFromCheckpoint: boolean;
  /** How to name the `data` option in a hint. */
  readonly dataOption: string;
}

/** The run's rows in the model's dtype: a synthetic set, a CSV file, or the caller's arrays. */
export async function loadTrainingData(
  options: ResolvedTrainOptions,
  dtype: DType,
  checkpoint?: CheckpointDataContext,
): Promise<Dataset> {
  if (typeof options.data === 'string') {
    const csvOptions = {
      dtype,
      classes: options.classes ?? checkpoint?.classes,
      allowNonFinite: options.allowNonFinite,
    };
    if (!checkpoint?.dataFromCheckpoint) return readCsvDataset(options.data, csvOptions);
    try {
      return await readCsvDataset(options.data, csvOptions);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      throw new DataError(error.message, {
        hint: `${checkpoint.path} named this file as its data; give ${checkpoint.dataOption} to train on another`,
        cause: error,
      });
    }
  }
  if (options.data !== undefined) return datasetFromArrays(options.data, dtype);
  const generatorOptions: DatasetOptions = {
    samples: options.samples,
    seed: options.seed,
    dtype,
    ...(options.noise !== undefined && { noise: options.noise }),
    ...(options.features !== undefined && { features: options.features }),
    ...(options.classes !== undefined && { classes: options.classes }),
  };
  try {
    return makeDataset(options.dataset, generatorOptions);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Arrays given from code as a Dataset; the model's shape is then derived from it. */
export function datasetFromArrays(data: ArrayData, dtype: DType): Dataset {
  if (typeof data !== 'object' || data === null || !isArrayLike(data.x)) {
    throw new DataError('data must be { x, features, labels | targets } with x an array of numbers');
  }
  const { features } = data;
  if (!(Number.isSafeInteger(features) && features >= 1)) {
    throw new DataError(`data.features must be a positive integer, got ${features}`);
  }
  if (data.x.length % features !== 0) {
    throw new DataError(`data.x has ${data.x.length} values, not a multiple of ${features} features`);
  }
  const rows = data.x.length / features;
  if (rows === 0) throw new DataError('data has no rows');
  const x = toFloatArray(data.x, dtype, 'data.x', features);
  if (data.labels && data.targets) throw new DataError('give data.labels or data.targets, not both');
  if (data.labels) {
    if (!isArrayLike(data.labels) || data.labels.length !== rows) {
      throw new DataError(`data.labels must have one class index per row (${rows} rows)`);
    }
    let max = 0;
    for (let r = 0; r < rows; r++) max = Math.max(max, Number(data.labels[r]));
    const classes = data.classes ?? Math.max(2, max + 1);
    const labels = toClassLabels(data.labels, classes, 'data.labels');
    return { rows, features, x, labels, targets: null, outputs: classes, classes };
  }
  if (data.targets) {
    if (!isArrayLike(data.targets) || data.targets.length === 0 || data.targets.length % rows !== 0) {
      throw new DataError(`data.targets must hold a whole number of values per row (${rows} rows)`);
    }
    const outputs = data.targets.length / rows;
    const targets = toFloatArray(data.targets, dtype, 'data.targets', outputs);
    return { rows, features, x, labels: null, targets, outputs, classes: 0 };
  }
  throw new DataError('data needs labels (classification) or targets (regression)');
}
