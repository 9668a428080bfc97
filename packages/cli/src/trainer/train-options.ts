import type { Activation, DatasetName, DType, Loss, OptimizerKind, OutputActivation } from '@shardwise/core';
import type { Model } from '../model/model.js';

/** Training rows given from code: features plus integer labels or target rows. */
export interface ArrayData {
  /** rows × features, row-major; any numeric array (copied into shared memory once). */
  readonly x: ArrayLike<number>;
  /** Values per row of `x` (the model's input width); `x.length` must be a multiple of it. */
  readonly features: number;
  /** Integer class per row (classification with ce). */
  readonly labels?: ArrayLike<number>;
  /** rows × outputs, row-major: regression targets (mse) or soft/one-hot class rows (ce). */
  readonly targets?: ArrayLike<number>;
  /** Number of classes (labels) — default max label + 1, at least 2. */
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
  /** Mean loss on the validation rows after the epoch (only when `valSplit` holds rows out). */
  readonly valLoss?: number;
  /** Fraction of validation rows classified correctly after the epoch (ce, with validation rows). */
  readonly valAccuracy?: number;
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
  /** Optimizer updates so far, over the whole run. */
  readonly globalStep: number;
  /** Mean loss of the step's batch. */
  readonly loss: number;
  /** Fraction of the batch's rows classified correctly (ce only). */
  readonly accuracy?: number;
}

/**
 * Options of a training run; they mirror the CLI flags in camelCase. Every field has a default, so
 * `train({})` trains the embedded default (a 3-class spiral).
 */
export interface TrainOptions {
  /** Synthetic dataset to generate when no `data` is given; default `'spirals'`. Not together with `data`. */
  readonly dataset?: DatasetName;
  /** Rows to generate for `dataset`; default 1500. */
  readonly samples?: number;
  /** Input width for the generators that take one (`blobs`, default 2; `teacher`, default 8). */
  readonly features?: number;
  /** Classes for `blobs`/`spirals` (default 3), or for a CSV's label column (default max label + 1). */
  readonly classes?: number;
  /** Noise level of the generated dataset (≥ 0); each generator has its own default. */
  readonly noise?: number;
  /**
   * Load NaN and ±Infinity cells of a CSV instead of rejecting the file (by default a non-finite
   * value is an error naming its file, row and column). Training on them usually diverges.
   */
  readonly allowNonFinite?: boolean;
  /** A CSV path, or arrays from code; replaces `dataset`. */
  readonly data?: string | ArrayData;
  /** Hidden layer widths, input side first; default `[64, 64]`; `[]` for none. */
  readonly hidden?: readonly number[];
  /** Nonlinearity after every hidden layer; default `'relu'`. */
  readonly activation?: Activation;
  /** `'ce'` (softmax cross-entropy) or `'mse'`; default: ce for labelled data, mse for targets. */
  readonly loss?: Loss;
  /** Output nonlinearity before mse (ignored for ce); default `'identity'`. */
  readonly outActivation?: OutputActivation;
  /** Epochs to train (with `resume`, the total including those already done); default 30. */
  readonly epochs?: number;
  /** Rows per step (batch); default 64. The last batch of an epoch may be shorter. */
  readonly batchSize?: number;
  /** Learning rate (> 0); default 0.01. */
  readonly lr?: number;
  /** `'sgd'`, `'momentum'` or `'adam'`; default `'adam'`. */
  readonly optimizer?: OptimizerKind;
  /** Momentum factor in [0, 1) for the `'momentum'` optimizer; default 0.9. */
  readonly momentum?: number;
  /** L2 weight decay added to the gradient (≥ 0); default 0. */
  readonly weightDecay?: number;
  /**
   * Worker threads of this run's own pool; default `'auto'`, which picks from the model's work per
   * step and the machine's core count (not from what else is running).
   */
  readonly workers?: number | 'auto';
  /**
   * Kernels the workers run: 'wasm' (WebAssembly SIMD, in place over the shared memory), 'ts'
   * (TypeScript, the reference), or 'auto' (default: wasm where this Node.js supports SIMD).
   */
  readonly kernels?: 'auto' | 'wasm' | 'ts';
  /**
   * How many times a step whose worker thread failed (threw, crashed, ran out of memory) is
   * recomputed with new threads from the unchanged parameters before the run fails. Default 2.
   */
  readonly maxRetries?: number;
  /** Seed of the dataset, validation split, initialisation and shuffling; default 1. */
  readonly seed?: number;
  /** Float type of data, parameters and arithmetic: `'f32'` or `'f64'`; default `'f32'` (a checkpoint's wins). */
  readonly dtype?: DType;
  /** Fraction of rows held out for validation, in [0, 1); default 0 (none). */
  readonly valSplit?: number;
  /** Shuffle the row order every epoch; default true. */
  readonly shuffle?: boolean;
  /** Start from a checkpoint's weights (its architecture wins). */
  readonly init?: string;
  /**
   * Continue a checkpointed run exactly (also from mid-epoch); `epochs` is the total. The saved
   * data and schedule settings (dataset or data, samples, batchSize, seed, shuffle, valSplit,
   * workers, …) are reused unless given here; arrays given from code must be passed again.
   */
  readonly resume?: string;
  /**
   * Where checkpoints go: `train()` saves a resumable checkpoint here at the end, and a `Trainer`
   * every `saveEvery` epochs; its directory must exist.
   */
  readonly out?: string;
  /** Epochs between checkpoints to `out` (needs `out`), written atomically after each such epoch. */
  readonly saveEvery?: number;
  /** Called with each finished epoch's metrics (the same objects the history collects). */
  readonly onEpoch?: (metrics: EpochMetrics) => void;
  /** Called after every step (steps then run in short chunks so calls arrive promptly). */
  readonly onStep?: (metrics: StepMetrics) => void;
  /**
   * Aborting it stops after the step in progress (or, while the data is generated or read, within
   * a few milliseconds); the run then rejects with an AbortError.
   */
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
  /** Layer widths `[inputs, ...hidden, outputs]`. */
  readonly sizes: readonly number[];
  /** Nonlinearity after every hidden layer. */
  readonly activation: Activation;
  /** `'ce'`: softmax outputs with cross-entropy; `'mse'`: `outActivation` then mean squared error. */
  readonly loss: Loss;
  /** Output nonlinearity for mse (ignored for ce). */
  readonly outActivation: OutputActivation;
  /** Float type of the parameters and the arithmetic. */
  readonly dtype: DType;
}
