import { dirname, relative, resolve } from 'node:path';
import type { KernelBackend } from '@shardwise/worker';
import { UsageError } from '../errors.js';
import type { OptionNaming } from './option-naming.js';
import type { ResolvedTrainOptions } from './resolve-options.js';
import {
  ARRAYS_MARK,
  DATA_RELATIVE_KEY,
  DATA_SOURCE,
  locateSavedData,
  RUN_SETTINGS,
  type RunSetting,
  savedRunSettings,
} from './saved-settings.js';
import { SCHEDULE_SETTINGS } from './schedule-options.js';
import type { TrainOptions } from './train-options.js';

export { type EpochPosition, epochPositionOf } from './saved-settings.js';

/** Settings that only describe a generated dataset. */
const SYNTHETIC_ONLY: readonly RunSetting[] = ['dataset', 'samples', 'features', 'noise'];

/** Settings whose change alters which rows a step sees: a saved mid-epoch position no longer applies. */
const STEP_SEQUENCE: readonly RunSetting[] = [...DATA_SOURCE, 'batchSize', 'seed', 'shuffle', 'valSplit'];

/** Settings that change what a step computes on the same rows (dropout's masks): the position still applies. */
const STEP_COMPUTATION: readonly RunSetting[] = ['dropout'];

/**
 * The run settings as JSON-safe values for a checkpoint saved to `savePath`; arrays given from
 * code are recorded as `"arrays"`, a CSV path as absolute and as relative to the checkpoint.
 */
export function runSettingsOf(
  options: ResolvedTrainOptions,
  workers: number,
  kernels: KernelBackend,
  savePath: string,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const key of RUN_SETTINGS) {
    const value = key === 'workers' ? workers : key === 'kernels' ? kernels : options[key];
    if (value === undefined) continue;
    // Only where it changed the result: the layout-dependent combine of an MPI run.
    if (key === 'mpiCombine' && !(options.mpi && value === 'allreduce')) continue;
    settings[key] = key === 'data' && typeof value !== 'string' ? ARRAYS_MARK : value;
  }
  if (typeof options.data === 'string') {
    const data = resolve(options.data);
    settings.data = data;
    settings[DATA_RELATIVE_KEY] = relative(dirname(resolve(savePath)), data);
  }
  // Rows from a CSV or arrays: the generator's settings (resolved defaults) describe nothing.
  if (options.data !== undefined) for (const key of SYNTHETIC_ONLY) delete settings[key];
  return settings;
}

/** A resumed run's options, and whether it still continues the saved step sequence exactly. */
export interface ResumeOptions {
  readonly options: TrainOptions;
  /** False when data, split or batches changed: the saved mid-epoch position is then dropped. */
  readonly sameSteps: boolean;
  /** True when the CSV path came from the checkpoint (untrusted: errors then say so). */
  readonly dataFromCheckpoint: boolean;
}

/**
 * The options of a resumed run: the checkpoint's run settings, overridden by whatever the caller
 * gave explicitly, with one notice per changed setting (a new data source replaces the saved
 * one with all its settings).
 */
export function mergeResumeOptions(
  saved: Readonly<Record<string, unknown>>,
  given: TrainOptions,
  path: string,
  naming: OptionNaming,
  notify: (message: string) => void,
): ResumeOptions {
  const settings = savedRunSettings(saved, path);
  const newSource = sourceChanged(settings, given, saved, path, naming);
  const merged: Record<string, unknown> = {};
  for (const key of RUN_SETTINGS) {
    if (newSource && DATA_SOURCE.includes(key)) continue;
    if (settings[key] !== undefined) merged[key] = settings[key];
  }
  let dataFromCheckpoint = false;
  if (merged.data === ARRAYS_MARK && given.data === undefined) {
    throw new UsageError(`${path} was trained on arrays given from code: pass the same data to resume it`);
  }
  if (typeof merged.data === 'string' && merged.data !== ARRAYS_MARK && given.data === undefined) {
    merged.data = locateSavedData(saved, path, naming);
    dataFromCheckpoint = true;
  }

  let sameSteps = true;
  if (newSource) {
    const key = given.data !== undefined ? 'data' : 'dataset';
    notify(`${changed(naming, key, given[key], savedSource(settings, naming))}; ${NOT_EXACT}`);
    sameSteps = false;
  }
  for (const key of RUN_SETTINGS) {
    const value = given[key];
    if (value === undefined || (newSource && DATA_SOURCE.includes(key))) continue;
    if (key === 'data' || value === settings[key]) continue; // the same file (see sourceChanged)
    if (Array.isArray(value) && JSON.stringify(value) === JSON.stringify(settings[key])) continue;
    const before = settings[key] === undefined ? 'default' : naming.value(key, settings[key]);
    const steps = STEP_SEQUENCE.includes(key);
    if (steps) sameSteps = false;
    const notExact =
      steps || STEP_COMPUTATION.includes(key) || (SCHEDULE_SETTINGS as readonly string[]).includes(key);
    notify(`${changed(naming, key, value, before)}; ${notExact ? NOT_EXACT : ROUNDING}`);
  }

  for (const [key, value] of Object.entries(given)) if (value !== undefined) merged[key] = value;
  return { options: merged as TrainOptions, sameSteps, dataFromCheckpoint };
}

const NOT_EXACT = 'not an exact continuation of the saved run';
const ROUNDING = 'results may differ in float rounding from an uninterrupted run';

/** `resuming with lr 0.001 (checkpoint: 0.01)`. */
export function changed(naming: OptionNaming, key: string, value: unknown, before: string): string {
  const shown = key === 'data' && typeof value !== 'string' ? ARRAYS_MARK : naming.value(key, value);
  return `resuming with ${naming.name(key)} ${shown} (checkpoint: ${before})`;
}

/** True when the caller names other rows than the checkpoint's (a new CSV or another dataset). */
function sourceChanged(
  settings: TrainOptions,
  given: TrainOptions,
  saved: Readonly<Record<string, unknown>>,
  path: string,
  naming: OptionNaming,
): boolean {
  if (given.dataset !== undefined) return given.dataset !== settings.dataset || settings.data !== undefined;
  if (given.data === undefined) return false;
  if (typeof given.data !== 'string') return settings.data !== ARRAYS_MARK;
  if (typeof settings.data !== 'string' || settings.data === ARRAYS_MARK) return true;
  let savedFile: string | undefined;
  try {
    savedFile = locateSavedData(saved, path, naming);
  } catch {
    savedFile = undefined; // not there any more: only its saved spelling can match
  }
  return resolve(given.data) !== (savedFile ?? resolve(settings.data));
}

/** The checkpoint's data source: `data /abs/rows.csv` or `dataset spirals`. */
function savedSource(settings: TrainOptions, naming: OptionNaming): string {
  const key = settings.data !== undefined ? 'data' : 'dataset';
  return `${naming.name(key)} ${naming.value(key, settings[key] ?? 'default')}`;
}

/**
 * The options of an `init` run given no data: the data source the checkpoint records (with the
 * seed that generated a synthetic set, unless one is given), said in a notice; refused when the
 * checkpoint records none, rather than training on a default the weights were never meant for.
 */
export function initDataOptions(
  saved: Readonly<Record<string, unknown>> | null,
  given: TrainOptions,
  path: string,
  naming: OptionNaming,
  notify: (message: string) => void,
): { options: TrainOptions; dataFromCheckpoint: boolean } {
  if (given.data !== undefined || given.dataset !== undefined)
    return { options: given, dataFromCheckpoint: false };
  const need = `${naming.setting('init', path)} needs ${naming.option('data')} or ${naming.option('dataset')}`;
  if (saved === null) {
    throw new UsageError(
      `${need}: ${path} holds weights only and does not record the data it was trained on`,
    );
  }
  const settings = savedRunSettings(saved, path);
  if (settings.data === ARRAYS_MARK) {
    throw new UsageError(`${need}: ${path} was trained on arrays given from code`);
  }
  const source: Record<string, unknown> = {};
  for (const key of DATA_SOURCE) {
    if (settings[key] !== undefined && given[key] === undefined) source[key] = settings[key];
  }
  if (source.data !== undefined) for (const key of SYNTHETIC_ONLY) delete source[key];
  if (source.data === undefined && source.dataset === undefined) {
    throw new UsageError(`${need}: ${path} does not record the data it was trained on`);
  }
  if (source.data !== undefined) source.data = locateSavedData(saved, path, naming);
  else if (given.seed === undefined && settings.seed !== undefined) source.seed = settings.seed;
  const described = Object.entries(source)
    .map(([key, value]) => naming.setting(key, value))
    .join(', ');
  notify(
    `${naming.option('init')} without ${naming.option('data')} or ${naming.option('dataset')}: training on the data ${path} was trained on (${described})`,
  );
  const options: Record<string, unknown> = { ...source };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) options[key] = value;
  return { options: options as TrainOptions, dataFromCheckpoint: source.data !== undefined };
}
