import type { FloatArray } from '@shardwise/core';
import type { EpochMetrics, ModelConfig, TrainOptions } from '../trainer/train-options.js';

/** Options that can cross to the trainer thread: everything but functions and the signal. */
export type RemoteTrainOptions = Omit<TrainOptions, 'onEpoch' | 'onStep' | 'signal'>;

/** What the trainer thread sends back: the model as plain data, and the history. */
export interface RemoteTrainOutcome {
  readonly config: ModelConfig;
  readonly parameters: FloatArray;
  readonly history: readonly EpochMetrics[];
}

/** The API the trainer thread exposes through comlink. */
export interface TrainerThreadApi {
  train(options: RemoteTrainOptions, onEpoch?: (metrics: EpochMetrics) => void): Promise<RemoteTrainOutcome>;
  /** Aborts the training in progress (it rejects with an AbortError). */
  abort(): void;
}
