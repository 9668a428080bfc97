import type { FloatArray, MlpConfig } from '@shardwise/core';
import type { ColumnMapping } from '../io/column-selection.js';
import type { Standardization } from '../model/standardization.js';
import type { EpochMetrics } from '../trainer/metrics.js';
import type { TrainOptions, TrainResult } from '../trainer/train-options.js';

/** Options that can cross to the trainer thread: everything but functions and the signal. */
export type RemoteTrainOptions = Omit<TrainOptions, 'onEpoch' | 'onStep' | 'onNotice' | 'signal'>;

/** What the trainer thread sends back: the model as plain data, and the history. */
export interface RemoteTrainOutcome {
  /** The trained model's architecture (`Model.config`). */
  readonly config: MlpConfig;
  /** The trained model's flat parameter array (`Model.parameters`), copied across by structured clone. */
  readonly parameters: FloatArray;
  /** The trained model's input standardization (`Model.standardization`), or null. */
  readonly standardization: Standardization | null;
  /** One entry per epoch, in order (`TrainResult.history`). */
  readonly history: readonly EpochMetrics[];
  /** The model's class names (`Model.classNames`). */
  readonly classNames?: readonly string[] | null;
  /** The CSV columns the model reads (`Model.columns`). */
  readonly columns?: ColumnMapping | null;
  /** `TrainResult.stopped`. */
  readonly stopped: TrainResult['stopped'];
  /** `TrainResult.bestEpoch`. */
  readonly bestEpoch: TrainResult['bestEpoch'];
}

/** The API the trainer thread exposes through comlink. */
export interface TrainerThreadApi {
  /**
   * Runs `train()` in the thread with these options; `onEpoch`, when given, must be a comlink
   * proxy. Rejects with the run's error (an AbortError after `abort()`).
   */
  train(options: RemoteTrainOptions, onEpoch?: (metrics: EpochMetrics) => void): Promise<RemoteTrainOutcome>;
  /** Aborts the training in progress (it rejects with an AbortError). */
  abort(): void;
}
