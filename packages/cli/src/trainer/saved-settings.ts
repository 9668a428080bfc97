/**
 * The run settings a checkpoint saved, read as untrusted input: every value goes through the same
 * checks as the caller's options (errors then name the checkpoint), a saved CSV path is found
 * wherever the user stands, and the mid-epoch position must fit the run it continues.
 */

import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { CheckpointError, DataError, ShardwiseError } from '../errors.js';
import { preview } from '../io/value-preview.js';
import { hasControlCharacter, type OptionNaming } from './option-naming.js';
import { resolveTrainOptions } from './resolve-options.js';
import { SCHEDULE_SETTINGS } from './schedule-options.js';
import type { TrainOptions } from './train-options.js';

/** Options that define the data and the step sequence: saved in checkpoints, reused on resume. */
export const RUN_SETTINGS = [
  'dataset',
  'samples',
  'features',
  'classes',
  'noise',
  'data',
  'batchSize',
  'seed',
  'shuffle',
  'valSplit',
  'workers',
  'shards',
  'kernels',
  'mpiCombine',
  ...SCHEDULE_SETTINGS,
  'dropout',
] as const;

/** One of {@link RUN_SETTINGS}. */
export type RunSetting = (typeof RUN_SETTINGS)[number];

/** The settings that say where the rows come from. */
export const DATA_SOURCE: readonly RunSetting[] = [
  'dataset',
  'samples',
  'features',
  'classes',
  'noise',
  'data',
];

/** Saved next to `data` (absolute): the CSV path relative to the checkpoint's directory. */
export const DATA_RELATIVE_KEY = 'dataRelativeToCheckpoint';

/** What `data` holds in a checkpoint of a run trained on arrays given from code. */
export const ARRAYS_MARK = 'arrays';

/** Longest part of a message that quotes a saved value. */
const MAX_DETAIL_CHARS = 200;

/** Longest saved path accepted (PATH_MAX on Linux). */
const MAX_PATH_CHARS = 4096;

/** Where a checkpoint saved mid-epoch stopped, so a resume continues at the same step. */
export interface EpochPosition {
  readonly step: number;
  readonly lossSum: number;
  readonly correct: number;
  readonly rows: number;
}

/**
 * The checkpoint's run settings, each checked as `train()` checks its options; a bad value is a
 * CheckpointError naming `path` and the setting.
 */
export function savedRunSettings(saved: Readonly<Record<string, unknown>>, path: string): TrainOptions {
  const settings: Record<string, unknown> = {};
  for (const key of RUN_SETTINGS) if (saved[key] !== undefined) settings[key] = saved[key];
  if (settings.data !== undefined && settings.data !== ARRAYS_MARK)
    checkSavedPath(settings.data, 'data', path);
  if (saved[DATA_RELATIVE_KEY] !== undefined)
    checkSavedPath(saved[DATA_RELATIVE_KEY], DATA_RELATIVE_KEY, path);
  try {
    // `arrays` stands for data the caller passes again; any path string checks the same.
    resolveTrainOptions({
      ...settings,
      ...(settings.data === ARRAYS_MARK && { data: 'arrays' }),
    } as TrainOptions);
  } catch (error) {
    if (!(error instanceof ShardwiseError)) throw error;
    // The message quotes the saved value: hostile text must not flood the line.
    const detail =
      error.message.length > MAX_DETAIL_CHARS
        ? `${error.message.slice(0, MAX_DETAIL_CHARS)}…`
        : error.message;
    throw new CheckpointError(`${path}: saved setting ${detail}`, { cause: error });
  }
  return settings as TrainOptions;
}

/** A saved file path must be a short plain string (a checkpoint is untrusted); CheckpointError otherwise. */
export function checkSavedPath(value: unknown, key: string, checkpoint: string): void {
  const ok =
    typeof value === 'string' &&
    value !== '' &&
    value.length <= MAX_PATH_CHARS &&
    !hasControlCharacter(value);
  if (!ok)
    throw new CheckpointError(`${checkpoint}: saved setting ${key} is not a file path: ${preview(value)}`);
}

/**
 * The saved CSV's path from here: relative to the checkpoint first (a project moved or copied
 * with its data keeps working), then as saved (absolute; checkpoints of older versions saved the
 * path as typed, which is also tried relative to the checkpoint). It must be a regular file: a
 * checkpoint is untrusted, and must not make a run read a device or a pipe.
 */
export function locateSavedData(
  saved: Readonly<Record<string, unknown>>,
  checkpoint: string,
  naming: OptionNaming,
  key: 'data' | 'valData' = 'data',
): string {
  const data = saved[key] as string;
  const here = dirname(resolve(checkpoint));
  const candidates: string[] = [];
  const relative = saved[key === 'data' ? DATA_RELATIVE_KEY : `${key}RelativeToCheckpoint`];
  if (typeof relative === 'string') candidates.push(resolve(here, relative));
  candidates.push(resolve(data));
  if (!isAbsolute(data)) candidates.push(resolve(here, data));
  const tried = [...new Set(candidates)];
  for (const candidate of tried) {
    const stats = statSync(candidate, { throwIfNoEntry: false });
    if (stats === undefined) continue;
    if (!stats.isFile()) {
      throw new CheckpointError(`${checkpoint}: its saved data ${candidate} is not a regular file`);
    }
    return candidate;
  }
  throw new DataError(
    `${checkpoint} was ${key === 'data' ? 'trained' : 'validated'} on ${data}, which is not there any more (looked for ${tried.join(' and ')})`,
    `give ${naming.option(key)} with the CSV's path now`,
  );
}

/** Reads the mid-epoch position a checkpoint may hold (absent when it was saved between epochs). */
export function epochPositionOf(
  saved: Readonly<Record<string, unknown>>,
  path: string,
): EpochPosition | null {
  const position = saved.position;
  if (position === undefined) return null;
  const invalid = (detail: string) =>
    new CheckpointError(`${path}: the saved position within the epoch is invalid: ${detail}`);
  if (typeof position !== 'object' || position === null || Array.isArray(position))
    throw invalid('not an object');
  const fields = position as Record<string, unknown>;
  for (const key of ['step', 'correct', 'rows'] as const) {
    const value = fields[key];
    if (!(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
      throw invalid(`${key} must be a non-negative integer, got ${preview(value)}`);
    }
  }
  const { step, lossSum, correct, rows } = fields as unknown as EpochPosition;
  if (!(typeof lossSum === 'number' && Number.isFinite(lossSum) && lossSum >= 0)) {
    throw invalid(`lossSum must be a finite number ≥ 0, got ${preview(lossSum)}`);
  }
  if (correct > rows) throw invalid(`${correct} correct of ${rows} rows`);
  return { step, lossSum, correct, rows };
}

/** The position must lie inside this run's epoch, after `step` full batches. */
export function checkPositionFits(
  position: EpochPosition,
  run: { readonly stepsPerEpoch: number; readonly batchSize: number },
  path: string,
): void {
  if (position.step >= run.stepsPerEpoch) {
    throw new CheckpointError(
      `${path}: the saved position (step ${position.step}) is past the end of the epoch (${run.stepsPerEpoch} steps)`,
    );
  }
  if (position.rows !== position.step * run.batchSize) {
    throw new CheckpointError(
      `${path}: the saved position counts ${position.rows} rows for ${position.step} steps of ${run.batchSize}`,
    );
  }
}
