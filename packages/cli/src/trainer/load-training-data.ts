import {
  type Dataset,
  type DatasetOptions,
  type DType,
  datasetShape,
  generateDataset,
  type MlpConfig,
  validationRowCount,
} from '@shardwise/core';
import { DataError, UsageError } from '../errors.js';
import type { ColumnMapping } from '../io/column-selection.js';
import { type CsvReadOptions, readCsvDataset } from '../io/csv-reader.js';
import { isArrayLike, toClassLabels, toFloatArray } from '../model/numeric-arrays.js';
import { machineMemory } from './machine-memory.js';
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
  /** The checkpoint's class names: CSV labels are looked up in them. */
  readonly classNames?: readonly string[] | null;
  /** The checkpoint's columns by name, read unless the caller chose columns. */
  readonly columns?: ColumnMapping | null;
}

/**
 * The run's rows in the model's dtype: a synthetic set, a CSV file, or the caller's arrays.
 * Aborting `signal` stops a generation or a CSV read within a slice (rejecting with an AbortError).
 */
export async function loadTrainingData(
  options: ResolvedTrainOptions,
  dtype: DType,
  checkpoint?: CheckpointDataContext,
  signal?: AbortSignal,
  optionName?: (key: string) => string,
): Promise<Dataset> {
  if (typeof options.data === 'string') {
    const csvOptions = {
      dtype,
      classes: options.classes ?? checkpoint?.classes,
      allowNonFinite: options.allowNonFinite,
      memoryLimit: machineMemory().available,
      ...(signal && { signal }),
      ...csvColumnOptions(options, checkpoint, optionName),
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
  try {
    return await generateDataset(options.dataset, generatorOptions(options, dtype), signal);
  } catch (error) {
    throw asUsageError(error);
  }
}

/** How the CSV's columns are chosen: the caller's options, else the checkpoint's saved columns. */
function csvColumnOptions(
  options: ResolvedTrainOptions,
  checkpoint: CheckpointDataContext | undefined,
  optionName: ((key: string) => string) | undefined,
): Partial<CsvReadOptions> {
  return {
    ...(options.columns && { columns: options.columns }),
    ...(optionName && { columnOptionName: optionName }),
    ...(!options.columns && checkpoint?.columns && { mapping: checkpoint.columns }),
    ...(checkpoint?.classNames && { classNames: checkpoint.classNames }),
  };
}

/**
 * The sizes of the synthetic set the options describe, known before it is generated (null for a
 * CSV file or arrays, whose sizes are known only once read); bad generator options throw here.
 */
export function plannedDataShape(
  options: ResolvedTrainOptions,
  dtype: DType,
): { rows: number; features: number; outputs: number; labels: boolean } | null {
  if (options.data !== undefined) return null;
  try {
    const shape = datasetShape(options.dataset, generatorOptions(options, dtype));
    return { rows: shape.rows, features: shape.features, outputs: shape.outputs, labels: shape.classes > 0 };
  } catch (error) {
    throw asUsageError(error);
  }
}

function generatorOptions(options: ResolvedTrainOptions, dtype: DType): DatasetOptions {
  return {
    samples: options.samples,
    seed: options.seed,
    dtype,
    ...(options.noise !== undefined && { noise: options.noise }),
    ...(options.features !== undefined && { features: options.features }),
    ...(options.classes !== undefined && { classes: options.classes }),
  };
}

/** A generator's complaint about its options is a usage error; an abort stays an abort. */
function asUsageError(error: unknown): unknown {
  if (error instanceof Error && error.name === 'AbortError') return error;
  return new UsageError((error as Error).message);
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

/** How messages name the run's rows: the CSV path, `the arrays given as data`, or the dataset. */
export function dataSourceName(options: ResolvedTrainOptions): string {
  if (typeof options.data === 'string') return options.data;
  return options.data !== undefined ? 'the arrays given as data' : `dataset ${options.dataset}`;
}

/**
 * The rows must carry something to learn, of a kind the loss can use: a label or target column
 * at all, and for cross-entropy at least two classes (a label column of zeros has one).
 */
export function checkDataHasTargets(data: Dataset, config: MlpConfig, source: string): void {
  if (!data.labels && !data.targets) {
    throw new DataError(
      `${source} has no label or target columns, only features`,
      'add a label column (class indices 0, 1, …) or y0, y1, … columns (regression targets)',
    );
  }
  const outputs = config.sizes[config.sizes.length - 1]!;
  if (config.loss !== 'ce' || outputs >= 2) return;
  if (data.labels) {
    throw new DataError(
      `${source}: every label is 0, so there is only 1 class; cross-entropy needs at least 2`,
      'give --classes (classes) when the file holds only some of the classes',
    );
  }
  throw new DataError(
    `${source} has 1 target column (y0); --loss ce needs at least 2 (one per class)`,
    'use --loss mse to regress on y0',
  );
}

/** A validation split must leave rows to train on (UsageError naming --val-split). */
export function checkValidationSplit(rows: number, valSplit: number): void {
  const held = validationRowCount(rows, valSplit);
  if (held < rows) return;
  throw new UsageError(
    `--val-split ${valSplit} holds out ${held} of the ${rows} rows, leaving none to train on`,
    'use a smaller --val-split, or more rows',
  );
}
