import { BLOBS } from './blobs.js';
import { CIRCLES } from './circles.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import { MOONS } from './moons.js';
import { type DatasetShape, runInSlices, runToEnd, type SyntheticDataset } from './sliced-generation.js';
import { SPIRALS } from './spirals.js';
import { TEACHER } from './teacher.js';
import { XOR } from './xor.js';

/** Names of the built-in synthetic datasets, as accepted by `makeDataset` and the CLI's `--dataset`. */
export const DATASET_NAMES = ['blobs', 'spirals', 'moons', 'xor', 'circles', 'teacher'] as const;

/** One of the {@link DATASET_NAMES}. */
export type DatasetName = (typeof DATASET_NAMES)[number];

const GENERATORS: Readonly<Record<DatasetName, SyntheticDataset>> = {
  blobs: BLOBS,
  spirals: SPIRALS,
  moons: MOONS,
  xor: XOR,
  circles: CIRCLES,
  teacher: TEACHER,
};

/** Whether `name` is a built-in dataset's name (narrows a plain string to {@link DatasetName}). */
export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

function generatorNamed(name: string): SyntheticDataset {
  if (!isDatasetName(name)) {
    throw new Error(`Unknown dataset '${name}'; expected one of ${DATASET_NAMES.join(', ')}`);
  }
  return GENERATORS[name];
}

/** Generates the named synthetic dataset; takes a plain string (e.g. from the CLI) and rejects unknown names. */
export function makeDataset(name: string, options: DatasetOptions): Dataset {
  return runToEnd(generatorNamed(name).slices(options));
}

/**
 * The sizes `makeDataset(name, options)` would produce, without generating anything (so a caller
 * can check that the run fits in memory first); throws as `makeDataset` does on bad options.
 */
export function datasetShape(name: string, options: DatasetOptions): DatasetShape {
  return generatorNamed(name).shape(options);
}

/**
 * `makeDataset`, generated in slices with turns of the event loop in between: the same rows,
 * and aborting `signal` stops it within a slice (it rejects with the signal's reason).
 */
export function generateDataset(
  name: string,
  options: DatasetOptions,
  signal?: AbortSignal,
): Promise<Dataset> {
  return runInSlices(generatorNamed(name).slices(options), signal);
}
