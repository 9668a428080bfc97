/**
 * Loads the rows `eval` and `predict` run a model on, and checks they fit the model: the
 * feature count always, and for eval the kind and width of the targets.
 */

import {
  bytesPerElement,
  type Dataset,
  type DatasetName,
  type DatasetOptions,
  type DatasetShape,
  type DType,
  datasetShape,
  LOSSES,
  makeDataset,
} from '@shardwise/core';
import { DataError, UsageError } from '../errors.js';
import { type CsvDataset, readCsvDataset } from '../io/csv-reader.js';
import type { Model } from '../model/model.js';
import { machineMemory } from '../trainer/machine-memory.js';
import { formatBytes, MAX_TYPED_ARRAY_LENGTH } from '../trainer/memory-check.js';
import type { SyntheticEvalSet } from './eval-options-from-argv.js';

export interface NamedRows {
  /** How messages refer to the rows: the CSV path or `dataset NAME`. */
  readonly name: string;
  readonly rows: Dataset | CsvDataset;
}

/** Which counts each generator lets vary; the rest are fixed (e.g. 2 features for moons). */
const VARIABLE_COUNTS: Partial<Record<DatasetName, readonly ('features' | 'classes' | 'outputs')[]>> = {
  blobs: ['features', 'classes'],
  spirals: ['classes'],
  teacher: ['features', 'outputs'],
};

/**
 * Reads a CSV in the model's dtype; labels are checked against a classifier's classes (through
 * its class names, if it has them). The model's saved columns are picked by name; without them
 * the x0…/label/y0… convention applies. Predict reads past every other column (an id, say),
 * passing the `keepColumns` through.
 */
export async function readRowsForModel(
  path: string,
  model: Model,
  withLabels: boolean,
  keepColumns: readonly string[] = [],
): Promise<NamedRows> {
  const classes = withLabels && LOSSES[model.config.loss].classification ? model.outputs : undefined;
  const mapping = model.columns;
  // NaN/Inf cells are refused without pointing at --allow-non-finite, which these commands reject.
  const rows = await readCsvDataset(path, {
    dtype: model.config.dtype,
    nonFiniteSwitch: null,
    memoryLimit: machineMemory().available,
    readOutputs: withLabels,
    ...(classes && { classes }),
    ...(classes && model.classNames && { classNames: model.classNames }),
    ...(mapping && { mapping }),
    ...(!withLabels && { ignoreOtherColumns: true }),
    ...(keepColumns.length > 0 && { keepColumns }),
  });
  requireFeatures({ name: path, rows }, model);
  return { name: path, rows };
}

/** Generates a synthetic set shaped like the model unless the flags say otherwise. */
export function generateRowsForModel(set: SyntheticEvalSet, model: Model): NamedRows {
  const variable = VARIABLE_COUNTS[set.dataset] ?? [];
  const options: DatasetOptions = { samples: set.samples, seed: set.seed, dtype: model.config.dtype };
  if (set.noise !== undefined) options.noise = set.noise;
  if (set.features !== undefined) options.features = set.features;
  else if (variable.includes('features')) options.features = model.inputs;
  const classification = LOSSES[model.config.loss].classification;
  if (set.classes !== undefined) options.classes = set.classes;
  else if (variable.includes('classes') && classification) options.classes = model.outputs;
  if (variable.includes('outputs') && !classification) options.outputs = model.outputs;
  let rows: Dataset;
  try {
    checkSyntheticSetFits(datasetShape(set.dataset, options), options.dtype);
    rows = makeDataset(set.dataset, options);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
  const named = { name: `dataset ${set.dataset}`, rows };
  requireFeatures(named, model);
  return named;
}

/** The set must fit in a typed array and in the free memory before it is generated. */
function checkSyntheticSetFits(shape: DatasetShape, dtype: DType): void {
  const values = shape.rows * Math.max(shape.features, shape.outputs);
  const bytes = shape.rows * (shape.features + shape.outputs) * bytesPerElement(dtype);
  const free = machineMemory().available;
  if (values > MAX_TYPED_ARRAY_LENGTH || bytes > free) {
    throw new UsageError(
      `--samples ${shape.rows} of ${shape.features} features needs about ${formatBytes(bytes)}, more than ${values > MAX_TYPED_ARRAY_LENGTH ? 'a typed array holds (2^32 values)' : `the ${formatBytes(free)} free`}`,
      'use fewer --samples',
    );
  }
}

export function requireFeatures({ name, rows }: NamedRows, model: Model): void {
  if (rows.features !== model.inputs) {
    throw new DataError(`${name} has ${rows.features} features, but the model expects ${model.inputs}`);
  }
}

/** Eval needs targets the loss can use: class labels (or class rows) for a classifier, y columns for regression. */
export function requireTargets({ name, rows }: NamedRows, model: Model): void {
  const ce = LOSSES[model.config.loss].classification;
  if (rows.labels === null && rows.targets === null) {
    throw new DataError(`${name} has no ${ce ? 'label column' : 'y0, y1, … columns'} to evaluate against`);
  }
  if (!ce && rows.targets === null) {
    throw new DataError(
      `${name} has class labels, but the model is a regression (mse) model needing y columns`,
    );
  }
  if (rows.targets !== null && rows.outputs !== model.outputs) {
    throw new DataError(
      `${name} has ${rows.outputs} target columns, but the model has ${model.outputs} outputs`,
    );
  }
}
