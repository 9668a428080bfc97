// Early stopping and the best epoch's parameters, as Keras's EarlyStopping(monitor='val_loss', restore_best_weights).

import { allocate, dtypeOf, type FloatArray } from '@shardwise/core';
import type { DataParallelEngine } from '@shardwise/worker';

/** Where early stopping stands; JSON-safe, saved in checkpoints so a resumed run stops where it would have. */
export interface BestEpochState {
  /** Lowest validation loss so far (of an improving epoch); null before the first epoch. */
  readonly best: number | null;
  /** The 1-based epoch that reached it; 0 before the first. */
  readonly bestEpoch: number;
  /** Epochs in a row since the last improvement (Keras's `wait`). */
  readonly wait: number;
  /** True when the model's parameters were replaced by the best epoch's at the end of the run. */
  readonly restored: boolean;
}

/** The best epoch of a run, for results and summaries. */
export interface BestEpoch {
  /** Its 1-based number. */
  readonly epoch: number;
  /** Its validation loss. */
  readonly valLoss: number;
  /** Whether the model now holds its parameters (restoreBest at the end of the run). */
  readonly restored: boolean;
}

/** Early-stopping settings: patience (undefined: never stop), min delta, and whether to keep the best parameters. */
export interface BestEpochSettings {
  readonly patience: number | undefined;
  readonly minDelta: number;
  readonly restoreBest: boolean;
}

/**
 * Tracks the best epoch by validation loss: an epoch improves when its loss < best − minDelta (the
 * first always does); the run should stop once `patience` epochs in a row did not. With
 * restoreBest it copies the parameters after each improving epoch (into one buffer allocated here,
 * once; never per step) and puts them back into the engine when the run ends.
 */
export class BestEpochTracker {
  private state_: BestEpochState;
  private readonly parameters: FloatArray | null;

  constructor(
    private readonly settings: BestEpochSettings,
    current: FloatArray,
    saved: BestEpochState | null,
    /** The saved best parameters, when the checkpoint kept them (unrestored runs). */
    savedParameters: FloatArray | null,
  ) {
    this.state_ = saved ?? { best: null, bestEpoch: 0, wait: 0, restored: false };
    this.parameters = settings.restoreBest ? allocate(dtypeOf(current), current.length) : null;
    if (this.parameters === null || this.state_.bestEpoch === 0) return;
    // A restored run's weights are its best epoch's; otherwise the checkpoint keeps them apart.
    const best = this.state_.restored ? current : savedParameters;
    if (best !== null) this.parameters.set(best);
    else this.state_ = { best: null, bestEpoch: 0, wait: 0, restored: false };
  }

  /** The state to save. */
  get state(): BestEpochState {
    return this.state_;
  }

  /** True when the best epoch is known but its parameters were not kept (none saved to resume from). */
  get parametersKept(): boolean {
    return this.parameters !== null && this.state_.bestEpoch > 0;
  }

  /** The best parameters while they differ from the model's (for a checkpoint to keep); else null. */
  get savedParameters(): FloatArray | null {
    return this.parametersKept && !this.state_.restored ? this.parameters : null;
  }

  /** True once `patience` epochs in a row did not improve. */
  get stopped(): boolean {
    return this.settings.patience !== undefined && this.state_.wait >= this.settings.patience;
  }

  /** The best epoch so far, or null before the first. */
  get best(): BestEpoch | null {
    const { best, bestEpoch, restored } = this.state_;
    return best === null ? null : { epoch: bestEpoch, valLoss: best, restored };
  }

  /** After epoch `epoch` (1-based) ended with `valLoss` and `parameters`. */
  observe(epoch: number, valLoss: number, parameters: FloatArray): void {
    const { best, wait } = this.state_;
    if (best === null || valLoss < best - this.settings.minDelta) {
      this.state_ = { best: valLoss, bestEpoch: epoch, wait: 0, restored: false };
      this.parameters?.set(parameters);
    } else this.state_ = { ...this.state_, wait: wait + 1, restored: false };
  }

  /** At the end of the run: the engine takes the best epoch's parameters (when kept), once. */
  restoreInto(engine: DataParallelEngine): void {
    if (!this.parametersKept || this.state_.restored) return;
    engine.load(this.parameters!, engine.optimizerState, engine.globalStep);
    this.state_ = { ...this.state_, restored: true };
  }
}
