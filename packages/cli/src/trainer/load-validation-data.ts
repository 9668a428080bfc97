// Reads `valData` (a CSV by the rules of `data`, or arrays) and checks its columns match the training rows'.

import type { Dataset, DType } from '@shardwise/core';
import { DataError } from '../errors.js';
import { type CheckpointDataContext, loadTrainingData } from './load-training-data.js';
import type { OptionNaming } from './option-naming.js';
import type { ResolvedTrainOptions } from './resolve-options.js';

/**
 * The validation rows `options.valData` names, read exactly as `data` is (same CSV rules, same
 * NaN/∞ switch), with the training rows' class count; null without `valData`. `checkpoint` names
 * the checkpoint when the path came from it (errors then say so).
 */
export async function loadValidationData(
  options: ResolvedTrainOptions,
  train: Dataset,
  dtype: DType,
  naming: OptionNaming,
  checkpoint: string | undefined,
  signal?: AbortSignal,
): Promise<Dataset | null> {
  const { valData } = options;
  if (valData === undefined) return null;
  const source = typeof valData === 'string' ? valData : `the arrays given as ${naming.option('valData')}`;
  const context: CheckpointDataContext | undefined =
    checkpoint === undefined
      ? undefined
      : {
          path: checkpoint,
          classes: train.labels ? train.classes : undefined,
          dataFromCheckpoint: true,
          dataOption: naming.option('valData'),
        };
  const asData = { ...options, data: valData, classes: train.labels ? train.classes : options.classes };
  const rows = await loadTrainingData(asData, dtype, context, signal);
  return matchingColumns(rows, train, source);
}

/**
 * The validation rows must have the training rows' features and the same kind of targets: class
 * labels within the training classes (fewer classes are fine: the set is widened to them), or the
 * same number of target columns.
 */
export function matchingColumns(rows: Dataset, train: Dataset, source: string): Dataset {
  if (rows.features !== train.features) {
    throw new DataError(
      `${source} has ${rows.features} feature columns; the training data has ${train.features}`,
    );
  }
  if (train.labels !== null) {
    if (rows.labels === null) throw new DataError(`${source} has no label column; the training data has one`);
    if (rows.classes > train.classes) {
      throw new DataError(
        `${source} has labels up to ${rows.classes - 1}; the training data has ${train.classes} classes`,
      );
    }
    return rows.classes === train.classes
      ? rows
      : { ...rows, classes: train.classes, outputs: train.outputs };
  }
  if (rows.targets === null || rows.labels !== null) {
    throw new DataError(`${source} has no y0, y1, … target columns; the training data has ${train.outputs}`);
  }
  if (rows.outputs !== train.outputs) {
    throw new DataError(
      `${source} has ${rows.outputs} target columns; the training data has ${train.outputs}`,
    );
  }
  return rows;
}
