// The public surface of shardwise as a library: train from code, step by step or off-thread.

export type { MlpConfig } from '@shardwise/core';
export {
  CheckpointError,
  DataError,
  DivergenceError,
  ShardwiseError,
  type ShardwiseErrorOptions,
  UsageError,
  WorkerFailureError,
} from './errors.js';
export type { ColumnMapping } from './io/column-selection.js';
export type { ForwardKernelChoice, KernelChoice } from './model/kernel-choice.js';
export { loadModel, Model, type ModelOptions, type RowTable } from './model/model.js';
export type { RemoteTrainOptions, RemoteTrainOutcome, TrainerThreadApi } from './remote/remote-api.js';
export { type RemoteTrainer, spawnTrainer } from './remote/spawn-trainer.js';
export type { OptionNaming } from './trainer/option-naming.js';
export { TRAIN_DEFAULTS } from './trainer/resolve-options.js';
export { train } from './trainer/train.js';
export type {
  ArrayData,
  EpochMetrics,
  StepMetrics,
  TrainOptions,
  TrainResult,
} from './trainer/train-options.js';
export { Trainer, type TrainerSummary } from './trainer/trainer.js';
