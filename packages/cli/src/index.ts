// The public surface of shardwise as a library: train from code, step by step or off-thread.

export type {
  ClassificationReport,
  ClassReport,
  ClassScores,
  LrScheduleName,
  MlpConfig,
  RegressionReport,
  RegressionScores,
} from '@shardwise/core';
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
export type { EvaluationMetrics } from './model/evaluation-metrics.js';
export type { ForwardKernelChoice, KernelChoice } from './model/kernel-choice.js';
export { loadModel, Model, type ModelOptions, type RowTable } from './model/model.js';
export type { Standardization } from './model/standardization.js';
export type { RemoteTrainOptions, RemoteTrainOutcome, TrainerThreadApi } from './remote/remote-api.js';
export { type RemoteTrainer, spawnTrainer } from './remote/spawn-trainer.js';
export type { BestEpoch } from './trainer/best-epoch.js';
export type { StopReason } from './trainer/epoch-controls.js';
export type { OptionNaming } from './trainer/option-naming.js';
export { TRAIN_DEFAULTS } from './trainer/resolve-options.js';
export type { JsonValue, RunConfiguration } from './trainer/run-configuration.js';
export { SCHEDULE_DEFAULTS, type ScheduleTrainOptions } from './trainer/schedule-options.js';
export { train } from './trainer/train.js';
export type {
  ArrayData,
  EpochMetrics,
  MpiCombine,
  StepMetrics,
  TrainOptions,
  TrainResult,
} from './trainer/train-options.js';
export { Trainer, type TrainerSummary } from './trainer/trainer.js';
