// Writes a trainer's resumable checkpoint: weights, optimizer state, RNG position, history, run settings and any mid-epoch position.

import type { MlpConfig, ResolvedOptimizerConfig, Rng } from '@shardwise/core';
import type { DataParallelEngine } from '@shardwise/worker';
import { saveCheckpoint } from '../checkpoint/checkpoint.js';
import type { DataDescription } from '../checkpoint/columns-metadata.js';
import { checkpointRulesOf } from './checkpoint-rules.js';
import type { EpochAccumulator } from './epoch-accumulator.js';
import type { EpochControls } from './epoch-controls.js';
import type { DataPreparation } from './prepare-run-data.js';
import type { ResolvedTrainOptions } from './resolve-options.js';
import { runSettingsOf } from './resume-settings.js';
import { validationSettingsOf } from './saved-validation.js';
import type { EpochMetrics } from './train-options.js';

/** The parts of a training run that its checkpoint records. */
export interface TrainerState {
  readonly options: ResolvedTrainOptions;
  readonly config: MlpConfig;
  readonly engine: DataParallelEngine;
  readonly optimizer: ResolvedOptimizerConfig;
  readonly rng: Rng;
  /** Epochs completed. */
  readonly epochsDone: number;
  readonly history: readonly EpochMetrics[];
  /** The epoch under way (`step` 0 between epochs). */
  readonly epoch: EpochAccumulator;
  /** The split method and standardization the run's data was prepared with. */
  readonly preparation?: DataPreparation;
  /** The class names and CSV columns the model records. */
  readonly description?: DataDescription;
  /** The lr schedule and early stopping, whose state a resume continues. */
  readonly controls: EpochControls;
}

/**
 * Saves `run` to `path` under the run's checkpoint rules (`force`, when given, overrides the
 * run's `force` option); mid-epoch it records the step and the epoch's starting RNG position.
 */
export async function saveTrainerCheckpoint(
  path: string,
  force: boolean | undefined,
  run: TrainerState,
): Promise<void> {
  const { options, engine, epoch } = run;
  const midEpoch = epoch.step > 0;
  const destination = { path, ...checkpointRulesOf(options, force ?? options.force) };
  await saveCheckpoint(destination, {
    config: run.config,
    parameters: engine.parameters,
    standardization: run.preparation?.standardization ?? null,
    training: {
      epoch: run.epochsDone,
      globalStep: engine.globalStep,
      optimizer: run.optimizer,
      optimizerState: engine.optimizerState,
      // Mid-epoch, the RNG position of the epoch's start: resume re-shuffles the same order.
      rngState: midEpoch ? epoch.startRng : run.rng.getState(),
      history: run.history,
      options: {
        // The shards in effect (also when defaulted), so any resume repeats the same sums.
        ...runSettingsOf({ ...options, shards: engine.shards }, engine.workers, engine.kernels, path),
        ...validationSettingsOf(options, run.preparation?.valSplitMethod ?? null, path),
        ...(midEpoch && { position: epoch.position() }),
        ...run.controls.savedSettings(),
      },
      bestParameters: run.controls.bestParameters,
    },
    classNames: run.description?.classNames ?? null,
    columns: run.description?.columns ?? null,
  });
}
