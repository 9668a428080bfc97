import { blobs } from './blobs.js';
import { circles } from './circles.js';
import type { Dataset, DatasetGenerator, DatasetOptions } from './dataset.js';
import { moons } from './moons.js';
import { spirals } from './spirals.js';
import { teacher } from './teacher.js';
import { xor } from './xor.js';

/** Names of the built-in synthetic datasets, as accepted by `makeDataset` and the CLI's `--dataset`. */
export const DATASET_NAMES = ['blobs', 'spirals', 'moons', 'xor', 'circles', 'teacher'] as const;

/** One of the {@link DATASET_NAMES}. */
export type DatasetName = (typeof DATASET_NAMES)[number];

const GENERATORS: Readonly<Record<DatasetName, DatasetGenerator>> = {
  blobs,
  spirals,
  moons,
  xor,
  circles,
  teacher,
};

/** Whether `name` is a built-in dataset's name (narrows a plain string to {@link DatasetName}). */
export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

/** Generates the named synthetic dataset; takes a plain string (e.g. from the CLI) and rejects unknown names. */
export function makeDataset(name: string, options: DatasetOptions): Dataset {
  if (!isDatasetName(name)) {
    throw new Error(`Unknown dataset '${name}'; expected one of ${DATASET_NAMES.join(', ')}`);
  }
  return GENERATORS[name](options);
}
