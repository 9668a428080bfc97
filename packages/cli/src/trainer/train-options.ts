import type { Activation, DatasetName, DType, Loss, OptimizerKind, OutputActivation } from '@shardwise/core';
import type { ArrayData } from '../model/array-data.js';
import type { KernelChoice } from '../model/kernel-choice.js';
import type { Model } from '../model/model.js';
import type { BestEpoch } from './best-epoch.js';
import type { EpochMetrics, StepMetrics } from './metrics.js';
import type { MpiCombine } from './mpi-combine.js';
import type { ScheduleTrainOptions } from './schedule-options.js';

export type { ArrayData } from '../model/array-data.js';
export type { EpochMetrics, StepMetrics } from './metrics.js';
export type { MpiCombine } from './mpi-combine.js';

/**
 * Options of a training run; they mirror the CLI flags in camelCase. Every field has a default, so
 * `train({})` trains the embedded default (a 3-class spiral).
 */
export interface TrainOptions extends ScheduleTrainOptions {
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
  /**
   * The CSV's class label column (classification), by name. Its cells are class indices
   * (0, 1, …) or class names (`cat`, `dog`: numbered in sorted order, saved in the checkpoint).
   * Default: a column named `label`. Not together with `targetColumns`.
   */
  readonly labelColumn?: string;
  /**
   * The CSV's regression target columns, in output order. Each entry is a column name, a range
   * `first:last` (inclusive, in the header's order) or a 1-based column number (when no column has
   * that name). Default: the columns `y0, y1, …`.
   */
  readonly targetColumns?: readonly string[];
  /**
   * The CSV's feature columns, in input order (entries as for `targetColumns`). Default: `x0, x1, …`
   * when no column option is given, else every column that is not the label, a target or ignored.
   * The columns are saved in the checkpoint by name, so eval and predict find them in any order.
   */
  readonly featureColumns?: readonly string[];
  /** CSV columns to read past, such as ids (entries as for `targetColumns`). */
  readonly ignoreColumns?: readonly string[];
  /** Hidden layer widths, input side first; default `[64, 64]`; `[]` for none. */
  readonly hidden?: readonly number[];
  /** Nonlinearity after every hidden layer; default `'relu'`. */
  readonly activation?: Activation;
  /**
   * Slope for negative inputs of `activation: 'leaky_relu'` (PyTorch's `negative_slope`), finite
   * and ≥ 0; default 0.01. Only for leaky_relu; saved in checkpoints.
   */
  readonly negativeSlope?: number;
  /**
   * Dropout after each hidden layer's activation, as `torch.nn.Dropout(p)`: in training steps each
   * unit is kept with probability 1 − p and scaled by 1/(1 − p), or set to 0; never on the input
   * nor the output layer, and never in `eval`, `predict`, `Model.predict`, `Model.evaluate` or the
   * validation loss. One p for every hidden layer, or one per hidden layer; each in [0, 1); default
   * 0 (none: exactly a run without dropout). The masks depend only on (seed, global step, row,
   * layer, unit), so any worker count draws the same ones and `resume` continues exactly. Saved in
   * checkpoints; a resumed run reuses it unless given (a change is said in a notice).
   */
  readonly dropout?: number | readonly number[];
  /** `'ce'` (softmax cross-entropy) or `'mse'`; default: ce for labelled data, mse for targets. */
  readonly loss?: Loss;
  /** Output nonlinearity before mse (ignored for ce); default `'identity'`. */
  readonly outActivation?: OutputActivation;
  /**
   * Weigh each class in the loss as PyTorch's `CrossEntropyLoss(weight=w)` (classification losses
   * only): a batch's loss is Σ w[yᵢ]·lᵢ / Σ w[yᵢ]. `'balanced'` is scikit-learn's
   * `compute_class_weight('balanced')`, n / (classes · count of the class) over the training rows
   * (a class without training rows is refused); or one weight ≥ 0 per class. The reported training
   * and validation losses are the weighted loss; accuracy stays unweighted. Saved in checkpoints;
   * `resume` keeps the checkpoint's (given again, it must come to the same weights), `init` uses
   * this option. Default: none (every row weighs 1).
   */
  readonly classWeights?: 'balanced' | readonly number[];
  /** Epochs to train (with `resume`, the total including those already done); default 30. */
  readonly epochs?: number;
  /** Rows per step (batch); default 64. The last batch of an epoch may be shorter. */
  readonly batchSize?: number;
  /** Learning rate (> 0); default 0.01. */
  readonly lr?: number;
  /** `'sgd'`, `'momentum'`, `'adam'` or `'adamw'` (decoupled weight decay, as torch.optim.AdamW); default `'adam'`. */
  readonly optimizer?: OptimizerKind;
  /** Momentum factor in [0, 1) for the `'momentum'` optimizer; default 0.9. */
  readonly momentum?: number;
  /**
   * Weight decay λ ≥ 0: L2, added to the gradient, for sgd, momentum and adam (default 0); decoupled
   * (p ← p − lr·λ·p before the step) for adamw (default 0.01): PyTorch's defaults.
   */
  readonly weightDecay?: number;
  /** Adam's first-moment decay β1, in [0, 1); default 0.9 (PyTorch's). */
  readonly beta1?: number;
  /** Adam's second-moment decay β2, in [0, 1); default 0.999 (PyTorch's). */
  readonly beta2?: number;
  /** Adam's ε, added to the denominator (> 0); default 1e-8 (PyTorch's). */
  readonly eps?: number;
  /**
   * Worker threads of this run's own pool; default `'auto'`, which picks from the model's work per
   * step and the machine's core count (not from what else is running).
   */
  readonly workers?: number | 'auto';
  /**
   * Logical shards of every batch (a positive integer; default: one per worker). Each shard's
   * gradient is computed apart and the shards are summed in order, so runs with the same `shards`
   * give bit-identical parameters whatever the number of workers. Saved in checkpoints.
   */
  readonly shards?: number;
  /**
   * Take part in the MPI job that started this process (`mpirun -np R node script.js`): every
   * rank computes its share of the shards and all ranks apply the same update, bit for bit (the
   * default shards: ranks × workers). Only rank 0 saves (`out`, `save`); `maxRetries` is 0 (a
   * rank whose worker fails ends the job: its exit aborts every rank). Needs the @shardwise/mpi
   * addon, built at install where `mpicc` exists. Default false; the CLI sets it under a launcher.
   */
  readonly mpi?: boolean;
  /**
   * How the ranks of an MPI job combine a step's gradients. 'ordered' (default): every rank gathers
   * every shard's gradient and sums them in shard order, so any layout with the same `shards` gives
   * bit-identical parameters. 'allreduce': each rank sums its own shards, then one MPI_Allreduce of
   * one gradient; less traffic when a rank has several shards or there are many ranks, but the
   * result depends on the layout (ranks × workers) and the MPI library: deterministic for one layout
   * only. No effect without `mpi`. Saved in checkpoints when it took effect ('allreduce' under MPI).
   */
  readonly mpiCombine?: MpiCombine;
  /**
   * Kernels the workers run: 'wasm' (WebAssembly SIMD, in place over the shared memory), 'ts'
   * (TypeScript, the reference), 'native' (the GEMMs on the system's CBLAS, e.g. OpenBLAS, through
   * the addon @shardwise/blas builds at install; the rest on wasm), or 'auto' (default: native
   * where the addon loads and a layer has at least 1024 weights, else wasm where this Node.js
   * supports SIMD, else ts). `Trainer.summary.kernels` says which ran.
   */
  readonly kernels?: KernelChoice;
  /**
   * How many times a step whose worker thread failed (threw, crashed, ran out of memory) is
   * recomputed with new threads from the unchanged parameters before the run fails. Default 2.
   */
  readonly maxRetries?: number;
  /**
   * The watchdog, in seconds: a worker thread that makes no progress this long (no worker
   * finishes a phase of the step: its shard gradient, or its slice of the reduction and update)
   * counts as hung; its threads are ended and the step retried as for a crash (see maxRetries).
   * 0 turns it off. Default: the larger of 10 minutes and the step's arithmetic at 10 MFLOP/s
   * (6 × parameters × batchSize, plus the reduction and update), so slow big steps never trip it.
   */
  readonly stepTimeout?: number;
  /** Seed of the dataset, validation split, initialisation and shuffling; default 1. */
  readonly seed?: number;
  /**
   * Float type of data, parameters and arithmetic: `'f32'` or `'f64'`; default `'f32'`. With
   * `resume` it must equal the checkpoint's (or be left out); with `init` a different one converts
   * the checkpoint's weights.
   */
  readonly dtype?: DType;
  /**
   * Fraction of rows held out for validation, in [0, 1); default 0 (none). Drawn with `seed`; for
   * class labels stratified (each class keeps its share, as scikit-learn's `stratify=y`).
   */
  readonly valSplit?: number;
  /**
   * Validation rows from another source instead of `valSplit` (not both): a CSV path (same rules as
   * `data`; its columns must match the training data's) or arrays from code. Recorded in
   * checkpoints like `data`, so `resume` validates on it again.
   */
  readonly valData?: string | ArrayData;
  /**
   * Standardize every feature as scikit-learn's `StandardScaler`: (x − mean) / scale with the mean
   * and population standard deviation (ddof 0) of the training rows only (never the validation
   * rows); scale 1 for a constant feature. Saved in checkpoints and applied by `Model.predict`,
   * `Model.evaluate`, `eval` and `predict`. A resumed run keeps its checkpoint's statistics.
   * Default false.
   */
  readonly standardize?: boolean;
  /** Shuffle the row order every epoch; default true. */
  readonly shuffle?: boolean;
  /**
   * Start a new run from a checkpoint's weights. Its architecture is used: `hidden`, `activation`,
   * `loss` and `outActivation` may be given only with the checkpoint's own values; `dtype` may differ
   * (the weights are converted). Class labels need only be below the checkpoint's outputs. Without
   * `data` or `dataset` it trains on the data the checkpoint records (saying so through
   * `onNotice`), and refuses when it records none.
   */
  readonly init?: string;
  /**
   * Continue a checkpointed run exactly (also from mid-epoch); `epochs` is the total. The saved
   * data and schedule settings (dataset or data, samples, batchSize, seed, shuffle, valSplit,
   * workers, …) are reused unless given here; arrays given from code must be passed again. What is
   * given explicitly wins, with a notice each: optimizer settings (`lr`, `optimizer`, `momentum`,
   * `weightDecay`, `beta1`, `beta2`, `eps`; a different optimizer kind starts its state fresh), and
   * data or schedule settings (then no longer an exact continuation). Architecture options must
   * equal the checkpoint's. A saved CSV path is found relative to the checkpoint first, then as
   * saved (absolute).
   */
  readonly resume?: string;
  /**
   * Where checkpoints go: `train()` saves a resumable checkpoint here at the end, and a `Trainer`
   * every `saveEvery` epochs; its directory must exist.
   */
  readonly out?: string;
  /**
   * Let `out` replace an existing file that is not a shardwise checkpoint; default false. Devices,
   * FIFOs, sockets, directories and the run's own input files are refused even then.
   */
  readonly force?: boolean;
  /** Epochs between checkpoints to `out` (needs `out`), written atomically after each such epoch. */
  readonly saveEvery?: number;
  /** Called with each finished epoch's metrics (the same objects the history collects). */
  readonly onEpoch?: (metrics: EpochMetrics) => void;
  /** Called after every step (steps then run in short chunks so calls arrive promptly). */
  readonly onStep?: (metrics: StepMetrics) => void;
  /**
   * Called with each one-line notice about how the run departs from what a checkpoint holds
   * (`resuming with lr 0.001 (checkpoint: 0.01)`, `… already has 25 epochs; nothing to train`).
   * Without it notices are dropped; the CLI prints them to stderr.
   */
  readonly onNotice?: (message: string) => void;
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
  /** `'early-stopping'` when `earlyStopping` ended the run before `epochs`; null when it ran them all. */
  readonly stopped: 'early-stopping' | null;
  /** The epoch with the lowest validation loss (with `earlyStopping` or `restoreBest`), else null. */
  readonly bestEpoch: BestEpoch | null;
}
