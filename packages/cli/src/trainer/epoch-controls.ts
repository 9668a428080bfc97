// What changes between epochs: the lr schedule's next lr and early stopping, advanced after each epoch and saved in checkpoints.

import {
  type FloatArray,
  initialLrScheduleState,
  type LrScheduleConfig,
  type LrScheduleState,
  scheduledLr,
  stepLrSchedule,
} from '@shardwise/core';
import type { DataParallelEngine } from '@shardwise/worker';
import type { TrainingState } from '../checkpoint/checkpoint.js';
import { UsageError } from '../errors.js';
import { type BestEpoch, BestEpochTracker } from './best-epoch.js';
import type { EpochMetrics } from './metrics.js';
import type { OptionNaming } from './option-naming.js';
import type { ResolvedTrainOptions } from './resolve-options.js';
import { SAVED_CONTROL_KEYS, savedBestEpochState, savedLrScheduleState } from './saved-epoch-controls.js';
import { lrScheduleConfigOf } from './schedule-options.js';

/** Why a run ended before its last epoch: early stopping, or a stop asked for (requestStop, a signal). */
export type StopReason = 'early-stopping' | 'requested';

/**
 * The lr schedule and the best-epoch tracker of a run. The trainer asks `lr` before each epoch
 * (the engine takes it between runs: nothing per step) and calls `afterEpoch` after each.
 */
export class EpochControls {
  private readonly schedule: LrScheduleConfig;
  private state: LrScheduleState;
  private readonly tracker: BestEpochTracker | null;

  /**
   * For a run resumed from `training` (null: a fresh one) whose optimizer lr is `lr`; `path` names
   * the checkpoint in errors.
   */
  constructor(
    options: ResolvedTrainOptions,
    lr: number,
    parameters: FloatArray,
    training: (TrainingState & { readonly bestParameters?: FloatArray | null }) | null,
    path: string | undefined,
  ) {
    this.schedule = lrScheduleConfigOf(options, lr, options.epochs);
    const epoch = training?.epoch ?? 0;
    const saved = training === null ? null : savedLrScheduleState(training.options, path!);
    this.state = resumedScheduleState(this.schedule, saved, epoch, training?.optimizer.lr ?? lr);
    const tracking = options.earlyStopping !== undefined || options.restoreBest;
    this.tracker = tracking
      ? new BestEpochTracker(
          { patience: options.earlyStopping, minDelta: options.minDelta, restoreBest: options.restoreBest },
          parameters,
          training === null ? null : savedBestEpochState(training.options, path!),
          training?.bestParameters ?? null,
        )
      : null;
  }

  /** The lr of the next epoch. */
  get lr(): number {
    return this.state.lr;
  }

  /** True once early stopping ended the run. */
  get stopped(): boolean {
    return this.tracker?.stopped ?? false;
  }

  /** The best epoch by validation loss (with earlyStopping or restoreBest), else null. */
  get best(): BestEpoch | null {
    return this.tracker?.best ?? null;
  }

  /** Steps the schedule and early stopping after an epoch whose metrics are `metrics`. */
  afterEpoch(metrics: EpochMetrics, parameters: FloatArray): void {
    // Plateau watches the validation loss, or the training loss without validation rows.
    this.state = stepLrSchedule(this.schedule, this.state, metrics.valLoss ?? metrics.loss);
    if (this.tracker && metrics.valLoss !== undefined)
      this.tracker.observe(metrics.epoch, metrics.valLoss, parameters);
  }

  /** At the end of the run (all epochs, or stopped early): the model takes the best epoch's parameters when kept. */
  finish(engine: DataParallelEngine): void {
    this.tracker?.restoreInto(engine);
  }

  /** The state for a checkpoint's run settings. */
  savedSettings(): Record<string, unknown> {
    return {
      [SAVED_CONTROL_KEYS.schedule]: this.state,
      ...(this.tracker && { [SAVED_CONTROL_KEYS.bestEpoch]: this.tracker.state }),
    };
  }

  /** The best epoch's parameters for a checkpoint to keep beside the weights (null when they are the weights, or not kept). */
  get bestParameters(): FloatArray | null {
    return this.tracker?.savedParameters ?? null;
  }
}

/**
 * The schedule's state after `epoch` epochs. Closed-form schedules are recomputed from the epoch (so
 * a changed lr or schedule setting applies from here on); plateau continues its saved state, at
 * the new lr when the resume changed the lr (its earlier reductions are not re-applied).
 */
function resumedScheduleState(
  config: LrScheduleConfig,
  saved: LrScheduleState | null,
  epoch: number,
  savedLr: number,
): LrScheduleState {
  const base = saved ?? { ...initialLrScheduleState(config), epoch };
  const closed = scheduledLr(config, epoch);
  if (closed !== null) return { ...base, epoch, lr: closed };
  if (saved === null || savedLr !== config.baseLr || epoch <= config.warmupEpochs)
    return { ...base, epoch, lr: config.baseLr };
  return { ...saved, epoch };
}

/** Early stopping and restoreBest watch the validation loss: a run without validation rows is refused. */
export function checkValidationForEarlyStopping(
  options: ResolvedTrainOptions,
  validationRows: number,
  naming: OptionNaming,
): void {
  if (validationRows > 0) return;
  const key =
    options.earlyStopping !== undefined ? 'earlyStopping' : options.restoreBest ? 'restoreBest' : null;
  if (key === null) return;
  throw new UsageError(
    `${naming.option(key)} watches the validation loss, but this run has no validation rows: give ${naming.option('valSplit')} (e.g. ${naming.setting('valSplit', 0.2)})`,
  );
}
