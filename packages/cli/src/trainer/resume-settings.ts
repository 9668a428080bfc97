import { CheckpointError, UsageError } from '../errors.js';
import type { ResolvedTrainOptions } from './resolve-options.js';
import type { TrainOptions } from './train-options.js';

/** Options that define the data and the step sequence: saved in checkpoints, reused on resume. */
const RUN_SETTINGS = [
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
  'kernels',
] as const;

/** Where a checkpoint saved mid-epoch stopped, so a resume continues at the same step. */
export interface EpochPosition {
  readonly step: number;
  readonly lossSum: number;
  readonly correct: number;
  readonly rows: number;
}

/** The run settings as JSON-safe values; arrays given from code are recorded as `"arrays"`. */
export function runSettingsOf(
  options: ResolvedTrainOptions,
  workers: number,
  kernels: 'wasm' | 'ts' | 'native',
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const key of RUN_SETTINGS) {
    const value = key === 'workers' ? workers : key === 'kernels' ? kernels : options[key];
    if (value === undefined) continue;
    settings[key] = key === 'data' && typeof value !== 'string' ? 'arrays' : value;
  }
  if (options.data !== undefined) delete settings.dataset;
  return settings;
}

/**
 * The options of a resumed run: the checkpoint's run settings, overridden by whatever the caller
 * gave explicitly (a new data source replaces the saved one).
 */
export function mergeResumeOptions(
  saved: Readonly<Record<string, unknown>>,
  given: TrainOptions,
  path: string,
): TrainOptions {
  const merged: Record<string, unknown> = {};
  const dataGiven = given.data !== undefined || given.dataset !== undefined;
  for (const key of RUN_SETTINGS) {
    if (dataGiven && (key === 'data' || key === 'dataset')) continue;
    if (saved[key] !== undefined) merged[key] = saved[key];
  }
  if (merged.data === 'arrays') {
    throw new UsageError(`${path} was trained on arrays given from code: pass the same data to resume it`);
  }
  for (const [key, value] of Object.entries(given)) if (value !== undefined) merged[key] = value;
  return merged as TrainOptions;
}

/** Reads the mid-epoch position a checkpoint may hold (absent when it was saved between epochs). */
export function epochPositionOf(
  saved: Readonly<Record<string, unknown>>,
  path: string,
): EpochPosition | null {
  const position = saved.position as Partial<EpochPosition> | undefined;
  if (position === undefined) return null;
  const numbers = [position.step, position.lossSum, position.correct, position.rows];
  if (
    !numbers.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
    !Number.isInteger(position.step)
  ) {
    throw new CheckpointError(`${path}: the saved position within the epoch is invalid`);
  }
  return position as EpochPosition;
}
