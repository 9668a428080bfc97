/**
 * How a checkpoint records a run's validation rows beyond `valSplit`: the `valData` source (a CSV
 * path saved as `data` is: absolute, and relative to the checkpoint) and how the split was drawn,
 * so a resumed run validates on exactly the same rows.
 */

import { dirname, relative, resolve } from 'node:path';
import { CheckpointError, UsageError } from '../errors.js';
import { preview } from '../io/value-preview.js';
import type { OptionNaming } from './option-naming.js';
import type { ResolvedTrainOptions } from './resolve-options.js';
import { changed } from './resume-settings.js';
import { ARRAYS_MARK, checkSavedPath, locateSavedData } from './saved-settings.js';
import type { TrainOptions } from './train-options.js';

/** Saved next to `valData` (absolute): its path relative to the checkpoint's directory. */
export const VAL_DATA_RELATIVE_KEY = 'valDataRelativeToCheckpoint';

/** Saved with `valSplit` > 0: how the rows were split (absent in older checkpoints: random). */
export const VAL_SPLIT_METHOD_KEY = 'valSplitMethod';

/** A class-stratified split (labelled rows), or a plain random one (regression, older checkpoints). */
export type ValSplitMethod = 'stratified' | 'random';

/** The checkpoint entries for the run's validation source, to save beside its run settings. */
export function validationSettingsOf(
  options: ResolvedTrainOptions,
  method: ValSplitMethod | null,
  savePath: string,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  if (method !== null && options.valSplit > 0) settings[VAL_SPLIT_METHOD_KEY] = method;
  if (options.valData === undefined) return settings;
  if (typeof options.valData !== 'string') return { ...settings, valData: ARRAYS_MARK };
  const file = resolve(options.valData);
  settings.valData = file;
  settings[VAL_DATA_RELATIVE_KEY] = relative(dirname(resolve(savePath)), file);
  return settings;
}

/** How a resumed run splits: as its checkpoint says; a checkpoint that does not say split at random. */
export function savedSplitMethod(saved: Readonly<Record<string, unknown>>, path: string): ValSplitMethod {
  const method = saved[VAL_SPLIT_METHOD_KEY];
  if (method === undefined || method === 'random') return 'random';
  if (method === 'stratified') return method;
  throw new CheckpointError(
    `${path}: saved setting ${VAL_SPLIT_METHOD_KEY} is not stratified or random: ${preview(method)}`,
  );
}

/**
 * The validation options of a resumed run: what the caller gave wins (a `valData` replaces the
 * saved `valSplit`, a `valSplit` the saved `valData`, each with a notice); otherwise the saved
 * `valData`, found as a saved `data` path is. Arrays given from code must be passed again.
 */
export function resumedValidation(
  saved: Readonly<Record<string, unknown>>,
  merged: TrainOptions,
  given: TrainOptions,
  path: string,
  naming: OptionNaming,
  notify: (message: string) => void,
): TrainOptions {
  const savedValData = saved.valData;
  if (savedValData !== undefined && savedValData !== ARRAYS_MARK)
    checkSavedPath(savedValData, 'valData', path);
  if (saved[VAL_DATA_RELATIVE_KEY] !== undefined)
    checkSavedPath(saved[VAL_DATA_RELATIVE_KEY], VAL_DATA_RELATIVE_KEY, path);
  if (given.valData !== undefined) {
    const { valSplit: _dropped, ...rest } = merged;
    if (given.valSplit === undefined && typeof saved.valSplit === 'number' && saved.valSplit > 0) {
      notify(`${changed(naming, 'valData', given.valData, `${naming.setting('valSplit', saved.valSplit)}`)}`);
    }
    return given.valSplit === undefined ? rest : merged;
  }
  if (savedValData === undefined || (given.valSplit !== undefined && given.valSplit > 0)) {
    if (savedValData !== undefined) {
      notify(changed(naming, 'valSplit', given.valSplit, `${naming.setting('valData', savedValData)}`));
    }
    return merged;
  }
  if (savedValData === ARRAYS_MARK) {
    throw new UsageError(
      `${path} was validated on arrays given from code: pass the same ${naming.option('valData')} to resume it`,
    );
  }
  return { ...merged, valData: locateSavedData(saved, path, naming, 'valData') };
}
