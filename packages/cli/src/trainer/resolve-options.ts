import {
  ACTIVATIONS,
  type Activation,
  DATASET_NAMES,
  type DatasetName,
  type DType,
  LOSS_NAMES,
  type Loss,
  OPTIMIZER_DEFAULTS,
  OPTIMIZER_KINDS,
  type OptimizerKind,
  OUTPUT_ACTIVATIONS,
  type OutputActivation,
} from '@shardwise/core';
import { UsageError } from '../errors.js';
import type { ColumnSelection } from '../io/column-selection.js';
import { KERNEL_CHOICES, type KernelChoice } from '../model/kernel-choice.js';
import { type ClassWeightsOption, checkClassWeightsOption } from './class-weights.js';
import { columnSelectionOf } from './column-options.js';
import { MPI_COMBINES, type MpiCombine } from './mpi-combine.js';
import { checkOptionKeys } from './option-keys.js';
import { type ResolvedScheduleOptions, resolveScheduleOptions } from './schedule-options.js';
import type { ArrayData, TrainOptions } from './train-options.js';

/** Options with every default filled in and every value checked. */
export interface ResolvedTrainOptions extends ResolvedScheduleOptions {
  readonly dataset: DatasetName;
  readonly samples: number;
  readonly features: number | undefined;
  readonly classes: number | undefined;
  readonly noise: number | undefined;
  readonly data: string | ArrayData | undefined;
  /** The column options (labelColumn, …) given for a CSV; undefined when none is. */
  readonly columns: ColumnSelection | undefined;
  readonly hidden: readonly number[];
  readonly activation: Activation;
  /** leaky_relu's slope as given (undefined: the default, 0.01). */
  readonly negativeSlope: number | undefined;
  /** Drop probability after every hidden layer, or one per hidden layer (checked against the model in createRun). */
  readonly dropout: number | readonly number[];
  /** Undefined: decided by the data (mse for regression targets, else ce). */
  readonly loss: Loss | undefined;
  readonly outActivation: OutputActivation;
  /** Undefined: unweighted (or, on resume, the checkpoint's); see TrainOptions.classWeights. */
  readonly classWeights: ClassWeightsOption | undefined;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly optimizer: OptimizerKind;
  readonly momentum: number;
  /** Undefined: the optimizer's own default (PyTorch's: 0.01 for adamw, else 0). */
  readonly weightDecay: number | undefined;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly workers: number | 'auto';
  /** Undefined: one shard per worker (of every rank). */
  readonly shards: number | undefined;
  readonly mpi: boolean;
  readonly mpiCombine: MpiCombine;
  readonly kernels: KernelChoice;
  readonly maxRetries: number;
  /** Undefined: the engine's default, scaled from the step's work (see TrainOptions.stepTimeout). */
  readonly stepTimeout: number | undefined;
  readonly allowNonFinite: boolean;
  readonly seed: number;
  readonly dtype: DType;
  readonly valSplit: number;
  /** Validation rows given instead of a split (a CSV path or arrays). */
  readonly valData: string | ArrayData | undefined;
  /** Standardize the features with the training rows' statistics (a checkpoint's, when it has them). */
  readonly standardize: boolean;
  readonly shuffle: boolean;
  readonly init: string | undefined;
  readonly resume: string | undefined;
  readonly out: string | undefined;
  readonly saveEvery: number | undefined;
  readonly force: boolean;
}

/** The defaults, shared with the CLI's --help. The embedded default job is a 3-class spiral. */
export const TRAIN_DEFAULTS = {
  /** Synthetic dataset trained when neither `data` nor `dataset` is given. */
  dataset: 'spirals',
  /** Rows generated for the synthetic dataset. */
  samples: 1500,
  /** Hidden layer widths: two layers of 64. */
  hidden: [64, 64],
  /** Hidden-layer nonlinearity. */
  activation: 'relu',
  /** Loss for labelled rows (regression targets train with mse). */
  loss: 'ce',
  /** Dropout after the hidden layers (none). */
  dropout: 0,
  /** Output nonlinearity for mse (none). */
  outActivation: 'identity',
  /** Epochs to train. */
  epochs: 30,
  /** Rows per step. */
  batchSize: 64,
  /** Learning rate. */
  lr: 0.01,
  /** Optimizer kind. */
  optimizer: 'adam',
  /** Momentum factor (used by the `'momentum'` optimizer only). */
  momentum: 0.9,
  /** Adam's first-moment decay β1 (PyTorch's default). */
  beta1: OPTIMIZER_DEFAULTS.beta1,
  /** Adam's second-moment decay β2 (PyTorch's default). */
  beta2: OPTIMIZER_DEFAULTS.beta2,
  /** Adam's ε, added to the denominator (PyTorch's default). */
  eps: OPTIMIZER_DEFAULTS.epsilon,
  /** Worker threads: chosen from the model's work per step and the core count. */
  workers: 'auto',
  /** Kernels: WebAssembly SIMD where this Node.js supports it, else TypeScript. */
  kernels: 'auto',
  /** Across MPI ranks: every shard gathered and summed in shard order (layout-independent). */
  mpiCombine: 'ordered',
  /** Recomputations of a step whose worker failed, before the run fails. */
  maxRetries: 2,
  /** Seed of data generation, split, initialisation and shuffling. */
  seed: 1,
  /** Float type: 32-bit. */
  dtype: 'f32',
  /** Fraction of rows held out for validation (none). */
  valSplit: 0,
  /** Reshuffle the rows every epoch. */
  shuffle: true,
} as const;

export function resolveTrainOptions(options: TrainOptions): ResolvedTrainOptions {
  checkOptionKeys(options);
  const o = options ?? {};
  const choice = <T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T => {
    if (value === undefined) return fallback;
    if (!allowed.includes(value as T)) {
      throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    }
    return value as T;
  };
  const int = (name: string, value: unknown, min: number, fallback?: number): number | undefined => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw new UsageError(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const real = (
    name: string,
    value: unknown,
    ok: (v: number) => boolean,
    rule: string,
    fallback?: number,
  ) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
      throw new UsageError(`${name} must be ${rule}, got ${JSON.stringify(value)}`);
    }
    return value;
  };

  const flag = (name: string, value: unknown, fallback: boolean): boolean => {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean')
      throw new UsageError(`${name} must be true or false, got ${JSON.stringify(value)}`);
    return value;
  };

  const hidden = o.hidden ?? TRAIN_DEFAULTS.hidden;
  if (!Array.isArray(hidden) || hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new UsageError(`hidden must list positive integer layer widths, got ${JSON.stringify(hidden)}`);
  }
  const workers = o.workers ?? TRAIN_DEFAULTS.workers;
  if (workers !== 'auto') int('workers', workers, 1);
  if (o.init !== undefined && o.resume !== undefined)
    throw new UsageError('init and resume cannot be used together');
  if (o.saveEvery !== undefined && o.out === undefined)
    throw new UsageError('saveEvery needs out (where to save)');
  if (o.data !== undefined && o.dataset !== undefined)
    throw new UsageError('give either data or dataset, not both');
  for (const name of ['init', 'resume', 'out'] as const) {
    const value = o[name];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new UsageError(`${name} must be a file path, got ${JSON.stringify(value)}`);
    }
  }
  if (o.force !== undefined && typeof o.force !== 'boolean')
    throw new UsageError(`force must be true or false, got ${JSON.stringify(o.force)}`);
  if (
    o.negativeSlope !== undefined &&
    o.activation !== 'leaky_relu' &&
    o.init === undefined &&
    o.resume === undefined
  ) {
    throw new UsageError(
      `negativeSlope applies to activation 'leaky_relu' only, got activation ${JSON.stringify(o.activation ?? TRAIN_DEFAULTS.activation)}`,
    );
  }
  if (o.data !== undefined && (typeof o.data !== 'string' || o.data === '') && typeof o.data !== 'object') {
    throw new UsageError('data must be a CSV path or arrays ({ x, features, labels | targets })');
  }
  if (
    o.valData !== undefined &&
    (typeof o.valData !== 'string' || o.valData === '') &&
    typeof o.valData !== 'object'
  ) {
    throw new UsageError('valData must be a CSV path or arrays ({ x, features, labels | targets })');
  }
  if (o.valData !== undefined && o.valSplit !== undefined && o.valSplit !== 0)
    throw new UsageError('give either valData or valSplit, not both');

  return {
    dataset: choice('dataset', o.dataset, DATASET_NAMES, TRAIN_DEFAULTS.dataset),
    samples: int('samples', o.samples, 1, TRAIN_DEFAULTS.samples)!,
    features: int('features', o.features, 1),
    classes: int('classes', o.classes, 2),
    noise: real('noise', o.noise, (v) => v >= 0, 'a number ≥ 0'),
    data: o.data,
    columns: columnSelectionOf(o),
    hidden: [...hidden],
    activation: choice('activation', o.activation, ACTIVATIONS, TRAIN_DEFAULTS.activation),
    negativeSlope: real('negativeSlope', o.negativeSlope, (v) => v >= 0, 'a finite number ≥ 0'),
    dropout: dropoutOf(o.dropout),
    loss: o.loss === undefined ? undefined : choice('loss', o.loss, LOSS_NAMES, TRAIN_DEFAULTS.loss),
    outActivation: choice('outActivation', o.outActivation, OUTPUT_ACTIVATIONS, TRAIN_DEFAULTS.outActivation),
    classWeights: checkClassWeightsOption(o.classWeights),
    epochs: int('epochs', o.epochs, 0, TRAIN_DEFAULTS.epochs)!,
    batchSize: int('batchSize', o.batchSize, 1, TRAIN_DEFAULTS.batchSize)!,
    lr: real('lr', o.lr, (v) => v > 0, 'a positive number', TRAIN_DEFAULTS.lr)!,
    optimizer: choice('optimizer', o.optimizer, OPTIMIZER_KINDS, TRAIN_DEFAULTS.optimizer),
    momentum: real('momentum', o.momentum, (v) => v >= 0 && v < 1, 'in [0, 1)', TRAIN_DEFAULTS.momentum)!,
    weightDecay: real('weightDecay', o.weightDecay, (v) => v >= 0, 'a number ≥ 0'),
    beta1: real('beta1', o.beta1, (v) => v >= 0 && v < 1, 'in [0, 1)', TRAIN_DEFAULTS.beta1)!,
    beta2: real('beta2', o.beta2, (v) => v >= 0 && v < 1, 'in [0, 1)', TRAIN_DEFAULTS.beta2)!,
    eps: real('eps', o.eps, (v) => v > 0, 'a positive number', TRAIN_DEFAULTS.eps)!,
    workers,
    shards: int('shards', o.shards, 1),
    mpi: flag('mpi', o.mpi, false),
    mpiCombine: choice('mpiCombine', o.mpiCombine, MPI_COMBINES, TRAIN_DEFAULTS.mpiCombine),
    allowNonFinite: o.allowNonFinite === true,
    maxRetries: int('maxRetries', o.maxRetries, 0, TRAIN_DEFAULTS.maxRetries)!,
    stepTimeout: real('stepTimeout', o.stepTimeout, (v) => v >= 0, 'a number of seconds ≥ 0 (0: none)'),
    kernels: choice('kernels', o.kernels, KERNEL_CHOICES, TRAIN_DEFAULTS.kernels),
    seed: int('seed', o.seed, Number.MIN_SAFE_INTEGER, TRAIN_DEFAULTS.seed)!,
    dtype: choice('dtype', o.dtype, ['f32', 'f64'] as const, TRAIN_DEFAULTS.dtype),
    valSplit: real('valSplit', o.valSplit, (v) => v >= 0 && v < 1, 'in [0, 1)', TRAIN_DEFAULTS.valSplit)!,
    shuffle: flag('shuffle', o.shuffle, TRAIN_DEFAULTS.shuffle),
    valData: o.valData,
    standardize: flag('standardize', o.standardize, false),
    init: o.init,
    resume: o.resume,
    out: o.out,
    saveEvery: int('saveEvery', o.saveEvery, 1),
    force: o.force === true,
    ...resolveScheduleOptions(o, undefined, o.epochs ?? TRAIN_DEFAULTS.epochs),
  };
}

/** `dropout` checked: a number in [0, 1), or a list of them (its length is checked against the model later). */
function dropoutOf(value: unknown): number | readonly number[] {
  if (value === undefined) return TRAIN_DEFAULTS.dropout;
  const rate = (p: unknown) => typeof p === 'number' && p >= 0 && p < 1;
  if (rate(value)) return value as number;
  if (Array.isArray(value) && value.length > 0 && value.every(rate)) return [...(value as number[])];
  throw new UsageError(
    `dropout must be a number in [0, 1) or a list of them (one per hidden layer), got ${JSON.stringify(value)}`,
  );
}
