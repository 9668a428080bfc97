// The run's training and validation rows from its loaded data: split (stratified for classes) or
// `valData`, then standardized with the training rows' statistics (or the checkpoint's).

import { type Dataset, type DType, Rng, splitTrainValidation, stratifiedSplit } from '@shardwise/core';
import { UsageError } from '../errors.js';
import { applyStandardization, fitStandardization, type Standardization } from '../model/standardization.js';
import type { CheckpointStart } from './checkpoint-start.js';
import { loadValidationData } from './load-validation-data.js';
import type { OptionNaming } from './option-naming.js';
import type { ResolvedTrainOptions } from './resolve-options.js';
import type { ValSplitMethod } from './saved-validation.js';
import type { TrainOptions } from './train-options.js';

/** What the run did to its data that its checkpoint must record. */
export interface DataPreparation {
  /** The statistics applied to every input (the model's standardization), or null. */
  readonly standardization: Standardization | null;
  /** How the validation rows were split off; null without `valSplit`. */
  readonly valSplitMethod: ValSplitMethod | null;
}

/** Training and validation rows, ready for the engine, and what was done to them. */
export interface PreparedData {
  readonly train: Dataset;
  readonly validation: Dataset | null;
  readonly preparation: DataPreparation;
}

/**
 * Splits `all` (or reads `valData`) and standardizes both parts in place. The split draws from its
 * own Rng seeded by `seed`, so the same seed gives the same split, on resume too. Labelled rows are
 * split by class (`stratifiedSplit`) unless a resumed checkpoint says it split at random.
 */
export async function prepareRunData(
  all: Dataset,
  o: ResolvedTrainOptions,
  given: TrainOptions,
  start: CheckpointStart | null,
  naming: OptionNaming,
  notify: (message: string) => void,
): Promise<PreparedData> {
  const method: ValSplitMethod | null =
    o.valSplit === 0 ? null : (start?.splitMethod ?? (all.labels !== null ? 'stratified' : 'random'));
  const split =
    method === 'stratified'
      ? stratifiedSplit(all, o.valSplit, new Rng(o.seed))
      : splitTrainValidation(all, o.valSplit, new Rng(o.seed));
  const fromCheckpoint = start?.valDataFromCheckpoint ? start.data.path : undefined;
  const valData = await loadValidationData(
    o,
    split.train,
    dtypeOfRows(all),
    naming,
    fromCheckpoint,
    given.signal,
  );
  const validation = valData ?? split.validation;
  const standardization = standardizationOf(split.train, o, given, start, naming, notify);
  if (standardization === null) {
    return { train: split.train, validation, preparation: { standardization, valSplitMethod: method } };
  }
  // In place: the split made copies, and a CSV or generated set is the run's own; only arrays the
  // caller gave (used without a copy) must not change.
  const train = ownsRows(split.train, o, 'data') ? split.train : { ...split.train, x: split.train.x.slice() };
  applyStandardization(standardization, train.x);
  let standardizedValidation = validation;
  if (validation !== null) {
    standardizedValidation = ownsRows(validation, o, 'valData')
      ? validation
      : { ...validation, x: validation.x.slice() };
    applyStandardization(standardization, standardizedValidation.x);
  }
  return {
    train,
    validation: standardizedValidation,
    preparation: { standardization, valSplitMethod: method },
  };
}

/** The checkpoint's statistics when it has them (never recomputed), else the training rows' own. */
function standardizationOf(
  train: Dataset,
  o: ResolvedTrainOptions,
  given: TrainOptions,
  start: CheckpointStart | null,
  naming: OptionNaming,
  notify: (message: string) => void,
): Standardization | null {
  const saved = start?.standardization ?? null;
  const mode = o.resume !== undefined ? 'resume' : 'init';
  if (saved !== null) {
    if (given.standardize === false) {
      throw new UsageError(
        `${naming.setting('standardize', false)} differs from ${start!.data.path}, whose model standardizes its inputs`,
        `leave out ${naming.option('standardize')}, or drop ${naming.option(mode)} to build a new model`,
      );
    }
    if (given.data !== undefined || given.dataset !== undefined) {
      notify(
        `standardizing with ${start!.data.path}'s statistics (from its ${saved.rows} training rows), not recomputed on the data given`,
      );
    }
    return saved;
  }
  if (start !== null && o.resume !== undefined && given.standardize === true) {
    throw new UsageError(
      `${naming.option('standardize')} cannot be turned on when resuming ${start.data.path}, which was trained on raw inputs`,
      `use ${naming.option('init')} to start a new run from its weights`,
    );
  }
  if (!o.standardize) return null;
  return fitStandardization(train.x, train.rows, train.features, dtypeOfRows(train));
}

function dtypeOfRows(d: Dataset): DType {
  return d.x instanceof Float32Array ? 'f32' : 'f64';
}

/** False when `rows.x` is the caller's own array (given as `data`/`valData` and used without a copy). */
function ownsRows(rows: Dataset, o: ResolvedTrainOptions, key: 'data' | 'valData'): boolean {
  const given = o[key];
  return typeof given !== 'object' || given === null || rows.x !== (given as { x: unknown }).x;
}
