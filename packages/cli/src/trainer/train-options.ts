import type { Activation, DatasetName, DType, Loss, OptimizerKind, OutputActivation } from '@shardwise/core';
import type { Model } from '../model/model.js';

/** Training rows given from code: features plus integer labels or target rows. */
export interface ArrayData {
  /** rows × features, row-major; any numeric array (copied into shared memory once). */
  readonly x: ArrayLike<number>;
  readonly features: number;
  /** Integer class per row (classification with ce). */
  readonly labels?: ArrayLike<number>;
  /** rows × outputs, row-major: regression targets (mse) or soft/one-hot class rows (ce). */
  readonly targets?: ArrayLike<number>;
  /** Number of classes (labels) — default max label + 1. */
  readonly classes?: number;
}

/** Per-epoch figures, as reported by `onEpoch`, the history, and the CLI's JSON lines. */
export interface EpochMetrics {
  /** 1-based epoch number (continues across resume). */
  readonly epoch: number;
  /** Mean of the epoch's batch losses. */
  readonly loss: number;
  /** Fraction of training rows classified correctly during the epoch (ce only). */
  readonly accuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly samplesPerSecond: number;
  readonly seconds: number;
}

/** Per-step figures for `onStep`. */
export interface StepMetrics {
  readonly epoch: number;
  /** 0-based step within the epoch, and the steps the epoch has. */
  readonly step: number;
  readonly steps: number;
  /** Optimizer updates so far, over the whole run. */
  readonly globalStep: number;
  readonly loss: number;
  readonly accuracy?: number;
}

/**
 * Options of a training run; they mirror the CLI flags in camelCase. Every field has a default, so
 * `train({})` trains the embedded default (a 3-class spiral).
 */
export interface TrainOptions {
  readonly dataset?: DatasetName;
  readonly samples?: number;
  readonly features?: number;
  readonly classes?: number;
  readonly noise?: number;
  /** A CSV path, or arrays from code; replaces `dataset`. */
  readonly data?: string | ArrayData;
  readonly hidden?: readonly number[];
  readonly activation?: Activation;
  readonly loss?: Loss;
  readonly outActivation?: OutputActivation;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly lr?: number;
  readonly optimizer?: OptimizerKind;
  readonly momentum?: number;
  readonly weightDecay?: number;
  readonly workers?: number | 'auto';
  readonly seed?: number;
  readonly dtype?: DType;
  readonly valSplit?: number;
  readonly shuffle?: boolean;
  /** Start from a checkpoint's weights (its architecture wins). */
  readonly init?: string;
  /** Continue a checkpointed run exactly; `epochs` is the total. */
  readonly resume?: string;
  /** Save a checkpoint here at the end (and every `saveEvery` epochs). */
  readonly out?: string;
  readonly saveEvery?: number;
  readonly onEpoch?: (metrics: EpochMetrics) => void;
  readonly onStep?: (metrics: StepMetrics) => void;
  readonly signal?: AbortSignal;
}

/** What a finished run returns. */
export interface TrainResult {
  /** The trained network: predict, evaluate, save. */
  readonly model: Model;
  /** One entry per epoch, in order. */
  readonly history: readonly EpochMetrics[];
}

/** Architecture as stored in checkpoints. */
export interface ModelConfig {
  readonly sizes: readonly number[];
  readonly activation: Activation;
  readonly loss: Loss;
  readonly outActivation: OutputActivation;
  readonly dtype: DType;
}
