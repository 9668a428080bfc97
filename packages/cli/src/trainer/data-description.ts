// The class names and CSV columns a run's model records: from the rows read, or kept from the checkpoint it starts from.

import type { Dataset } from '@shardwise/core';
import type { DataDescription } from '../checkpoint/columns-metadata.js';
import { DataError } from '../errors.js';
import type { CsvDataset } from '../io/csv-reader.js';
import type { CheckpointDataContext } from './load-training-data.js';

/**
 * What the model records about its data. A checkpoint's class names stay (the CSV was read
 * through them); data with class names cannot continue a model trained on class indices.
 */
export function dataDescriptionOf(
  data: Dataset,
  checkpoint: CheckpointDataContext | undefined,
  source: string,
): DataDescription {
  const read = data as Partial<CsvDataset>;
  const classNames = read.classNames ?? null;
  const columns = read.columns ?? null;
  if (checkpoint === undefined) return { classNames, columns };
  const saved = checkpoint.classNames ?? null;
  if (saved === null && classNames !== null) {
    throw new DataError(
      `${source} labels its rows with class names (such as ${JSON.stringify(classNames[0]!.slice(0, 40))}), but ${checkpoint.path} was trained on class indices`,
    );
  }
  return { classNames: saved, columns: columns ?? checkpoint.columns ?? null };
}
