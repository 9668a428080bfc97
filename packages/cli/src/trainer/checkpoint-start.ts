/**
 * A run that starts from a checkpoint (`init`: its weights; `resume`: its whole state): what the
 * checkpoint decides, what the caller's explicit options change, and a notice for each change.
 */

import {
  type Dataset,
  type FloatArray,
  LOSSES,
  type MlpConfig,
  type ResolvedOptimizerConfig,
} from '@shardwise/core';
import { type Checkpoint, loadCheckpoint, type TrainingState } from '../checkpoint/checkpoint.js';
import { CheckpointError } from '../errors.js';
import { type Standardization, standardizationIn } from '../model/standardization.js';
import { checkArchitecture, convertParameters, resumedOptimizer } from './checkpoint-overrides.js';
import type { CheckpointDataContext } from './load-training-data.js';
import type { OptionNaming } from './option-naming.js';
import {
  type EpochPosition,
  epochPositionOf,
  initDataOptions,
  mergeResumeOptions,
} from './resume-settings.js';
import { resumedValidation, savedSplitMethod, type ValSplitMethod } from './saved-validation.js';
import type { TrainOptions } from './train-options.js';

/** Everything a run takes from its checkpoint, after the caller's overrides. */
export interface CheckpointStart {
  /** The options to resolve for this run (the checkpoint's settings merged under the caller's). */
  readonly options: TrainOptions;
  /** The architecture, in the dtype the run trains in. */
  readonly config: MlpConfig;
  /** The weights, converted to `config.dtype`. */
  readonly parameters: FloatArray;
  /** The saved training state (epochs, history, RNG); null for `init`. */
  readonly training: TrainingState | null;
  /** The optimizer to continue with; null for `init` (built from the options). */
  readonly optimizer: ResolvedOptimizerConfig | null;
  /** Its state; undefined when it starts fresh (zeros). */
  readonly optimizerState: FloatArray | undefined;
  /** Optimizer updates so far (0 when the optimizer starts fresh). */
  readonly globalStep: number;
  /** Where in an epoch to continue; null between epochs or when the step sequence changed. */
  readonly position: EpochPosition | null;
  /** How to read the data. */
  readonly data: CheckpointDataContext;
  /** The checkpoint's input standardization (in `config.dtype`), kept rather than recomputed. */
  readonly standardization: Standardization | null;
  /** How a resumed run splits off its validation rows (as the checkpoint did); null for `init`. */
  readonly splitMethod: ValSplitMethod | null;
  /** True when the validation CSV path came from the checkpoint (resume without `valData`). */
  readonly valDataFromCheckpoint: boolean;
}

/** Loads `path` and works out how a `mode` run continues from it. */
export async function startFromCheckpoint(
  given: TrainOptions,
  mode: 'init' | 'resume',
  path: string,
  naming: OptionNaming,
  notify: (message: string) => void,
): Promise<CheckpointStart> {
  const checkpoint: Checkpoint = await loadCheckpoint(path);
  const { config, training } = checkpoint;
  const dtype = checkArchitecture(config, given, path, mode, naming);
  const classes = LOSSES[config.loss].classification ? config.sizes[config.sizes.length - 1] : undefined;
  if (mode === 'init') {
    const init = initDataOptions(training?.options ?? null, given, path, naming, notify);
    if (dtype !== config.dtype)
      notify(`starting from ${path}'s ${config.dtype} weights converted to ${dtype}`);
    return {
      options: init.options,
      config: { ...config, dtype },
      parameters: convertParameters(checkpoint.parameters, dtype, path),
      training: null,
      optimizer: null,
      optimizerState: undefined,
      globalStep: 0,
      position: null,
      data: {
        path,
        classes,
        dataFromCheckpoint: init.dataFromCheckpoint,
        dataOption: naming.option('data'),
        ...savedColumns(checkpoint),
      },
      standardization: convertStandardization(checkpoint.standardization ?? null, dtype, path),
      splitMethod: null,
      valDataFromCheckpoint: false,
    };
  }
  if (training === null) {
    throw new CheckpointError(
      `${path} holds weights only, nothing to resume from`,
      `use ${naming.option('init')} to start from its weights`,
    );
  }
  let position = epochPositionOf(training.options, path);
  const merged = mergeResumeOptions(training.options, given, path, naming, notify);
  const options = resumedValidation(training.options, merged.options, given, path, naming, notify);
  const { optimizer, fresh } = resumedOptimizer(training.optimizer, given, naming, notify);
  if (position !== null && !merged.sameSteps) {
    notify(
      `${path} was saved during epoch ${training.epoch + 1}; with the changes above that epoch starts again from its first step`,
    );
    position = null;
  }
  return {
    options,
    config,
    parameters: checkpoint.parameters,
    training,
    optimizer,
    optimizerState: fresh ? undefined : training.optimizerState,
    globalStep: fresh ? 0 : training.globalStep,
    position,
    data: {
      path,
      classes,
      dataFromCheckpoint: merged.dataFromCheckpoint,
      dataOption: naming.option('data'),
      ...savedColumns(checkpoint),
    },
    standardization: checkpoint.standardization ?? null,
    splitMethod: savedSplitMethod(training.options, path),
    valDataFromCheckpoint: given.valData === undefined && typeof options.valData === 'string',
  };
}

/** The checkpoint's standardization in the dtype an `init` run trains in. */
function convertStandardization(s: Standardization | null, dtype: MlpConfig['dtype'], path: string) {
  if (s === null) return null;
  try {
    return standardizationIn(s, dtype);
  } catch (error) {
    throw new CheckpointError(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** The checkpoint's class names and columns, for reading the run's CSV the same way. */
function savedColumns(checkpoint: Checkpoint): Pick<CheckpointDataContext, 'classNames' | 'columns'> {
  return { classNames: checkpoint.classNames ?? null, columns: checkpoint.columns ?? null };
}

/**
 * Class data for a checkpoint's model: labels need only be below its outputs, so data whose
 * labels cover fewer classes is widened to them (a larger count is reported by the fit check).
 */
export function widenClassesTo(data: Dataset, config: MlpConfig): Dataset {
  const outputs = config.sizes[config.sizes.length - 1]!;
  if (!LOSSES[config.loss].classification || data.labels === null || data.outputs >= outputs) return data;
  return { ...data, outputs, classes: outputs };
}
