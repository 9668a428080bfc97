// The figures a run reports: per epoch (history, onEpoch, checkpoints, JSON lines) and per step.

/** Per-epoch figures, as reported by `onEpoch`, the history, and the CLI's JSON lines. */
export interface EpochMetrics {
  /** 1-based epoch number (continues across resume). */
  readonly epoch: number;
  /** Mean of the epoch's batch losses. */
  readonly loss: number;
  /** Fraction of training rows classified correctly during the epoch (ce only). */
  readonly accuracy?: number;
  /** Mean loss on the validation rows after the epoch (only when `valSplit` holds rows out). */
  readonly valLoss?: number;
  /** Fraction of validation rows classified correctly after the epoch (ce, with validation rows). */
  readonly valAccuracy?: number;
  /**
   * The learning rate of the epoch's updates (the schedule's, see `lrSchedule`); always set by a
   * run, absent only in history entries of checkpoints saved before shardwise reported it.
   */
  readonly lr?: number;
  /** Training rows per second of step time (excludes validation and callbacks). */
  readonly samplesPerSecond: number;
  /** Wall-clock seconds of the epoch, from its first step to its metrics (validation included). */
  readonly seconds: number;
}

/** Per-step figures for `onStep`. */
export interface StepMetrics {
  /** 1-based number of the epoch the step belongs to. */
  readonly epoch: number;
  /** 0-based step within the epoch. */
  readonly step: number;
  /** Steps per epoch (batches: training rows ÷ `batchSize`, rounded up). */
  readonly steps: number;
  /**
   * Optimizer updates so far, over the whole run (continued by `resume`; restarted at 0 when a
   * resume switches the optimizer kind, whose state then starts fresh).
   */
  readonly globalStep: number;
  /** The lr of the step's update. */
  readonly lr: number;
  /** Mean loss of the step's batch. */
  readonly loss: number;
  /** Fraction of the batch's rows classified correctly (ce only). */
  readonly accuracy?: number;
}
