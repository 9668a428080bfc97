/**
 * `shardwise train` flags → library TrainOptions: applies the defaults, validates every value
 * (UsageError naming the flag) and rejects combinations that cannot mean anything. Pure: no I/O.
 */

import {
  ACTIVATIONS,
  DATASET_NAMES,
  type DatasetName,
  DTYPES,
  LOSS_NAMES,
  OPTIMIZER_KINDS,
  OUTPUT_ACTIVATIONS,
} from '@shardwise/core';
import { UsageError } from '../errors.js';
import { MPI_COMBINES } from '../trainer/mpi-combine.js';
import { TRAIN_DEFAULTS } from '../trainer/resolve-options.js';
import type { TrainOptions } from '../trainer/train-options.js';
import {
  parseAnyInteger,
  parseChoice,
  parseClassWeights,
  parseColumnList,
  parseColumnName,
  parseDropout,
  parseFraction,
  parseHiddenSizes,
  parseInteger,
  parseNonNegativeInteger,
  parseNonNegativeNumber,
  parsePath,
  parsePositiveInteger,
  parsePositiveNumber,
  parseSwitch,
  parseWorkers,
} from './flag-parsers.js';
import { KERNEL_CHOICES } from './flag-specs.js';
import { scheduleOptionsFromArgv } from './schedule-flags.js';

export { TRAIN_DEFAULTS };

/** Regression datasets train with mse unless --loss says otherwise. */
const MSE_DATASETS: readonly DatasetName[] = ['teacher'];

/** Flags (camelCase, as yargs gives them) that only describe a synthetic dataset. */
const SYNTHETIC_ONLY = ['samples', 'features', 'noise'] as const;

export type TrainArgv = Readonly<Record<string, unknown>>;

const given = (argv: TrainArgv, key: string): boolean => argv[key] !== undefined;

/** `--batch-size` for `batchSize`. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/**
 * Converts parsed flags to TrainOptions. Without a checkpoint every field is filled in; with
 * --resume or --init only the flags actually given are passed (besides --epochs), so the library
 * can tell what the user asked for: the checkpoint's settings, overridden by those flags.
 */
export function trainOptionsFromArgv(argv: TrainArgv): TrainOptions {
  rejectConflicts(argv);
  const resuming = given(argv, 'resume');
  const initialising = given(argv, 'init');

  /** The parsed flag, else (unless `omitDefault`) the default. */
  function pick<T>(
    key: string,
    parse: (flag: string, value: unknown) => T,
    fallback: T,
    omitDefault = resuming || initialising,
  ) {
    if (given(argv, key)) return parse(flagName(key), argv[key]);
    return omitDefault ? undefined : fallback;
  }
  const omitArchitecture = resuming || initialising;

  const fromCsv = given(argv, 'data');
  const dataset = fromCsv ? undefined : pick('dataset', datasetFlag, TRAIN_DEFAULTS.dataset);
  const lossDefault = dataset !== undefined && MSE_DATASETS.includes(dataset) ? 'mse' : TRAIN_DEFAULTS.loss;

  const options: TrainOptions = {
    dataset,
    samples: fromCsv ? undefined : pick('samples', parsePositiveInteger, TRAIN_DEFAULTS.samples),
    features: pick('features', parsePositiveInteger, undefined),
    classes: pick('classes', (flag, value) => parseInteger(flag, value, 2, 'an integer >= 2'), undefined),
    noise: pick('noise', parseNonNegativeNumber, undefined),
    data: fromCsv ? parsePath('data', argv.data) : undefined,
    labelColumn: pick('labelColumn', parseColumnName, undefined),
    targetColumns: pick('targetColumns', parseColumnList, undefined),
    featureColumns: pick('featureColumns', parseColumnList, undefined),
    ignoreColumns: pick('ignoreColumns', parseColumnList, undefined),
    hidden: pick('hidden', parseHiddenSizes, [...TRAIN_DEFAULTS.hidden], omitArchitecture),
    activation: pick('activation', choiceOf(ACTIVATIONS), TRAIN_DEFAULTS.activation, omitArchitecture),
    negativeSlope: pick('negativeSlope', parseNonNegativeNumber, undefined),
    dropout: pick('dropout', parseDropout, TRAIN_DEFAULTS.dropout),
    // With --data the trainer picks the loss from the file's columns (label → ce, y → mse).
    loss: pick('loss', choiceOf(LOSS_NAMES), lossDefault, omitArchitecture || fromCsv),
    outActivation: pick(
      'outActivation',
      choiceOf(OUTPUT_ACTIVATIONS),
      TRAIN_DEFAULTS.outActivation,
      omitArchitecture,
    ),
    classWeights: pick('classWeights', parseClassWeights, undefined),
    epochs: pick('epochs', parseNonNegativeInteger, TRAIN_DEFAULTS.epochs, false),
    batchSize: pick('batchSize', parsePositiveInteger, TRAIN_DEFAULTS.batchSize),
    lr: pick('lr', parsePositiveNumber, TRAIN_DEFAULTS.lr),
    optimizer: pick('optimizer', choiceOf(OPTIMIZER_KINDS), TRAIN_DEFAULTS.optimizer),
    momentum: pick('momentum', parseFraction, TRAIN_DEFAULTS.momentum),
    // Not given: the optimizer's own default (0.01 for adamw, as torch; else 0).
    weightDecay: pick('weightDecay', parseNonNegativeNumber, undefined),
    beta1: pick('beta1', parseFraction, TRAIN_DEFAULTS.beta1),
    beta2: pick('beta2', parseFraction, TRAIN_DEFAULTS.beta2),
    eps: pick('eps', parsePositiveNumber, TRAIN_DEFAULTS.eps),
    workers: pick('workers', parseWorkers, TRAIN_DEFAULTS.workers),
    shards: pick('shards', parsePositiveInteger, undefined),
    mpiCombine: pick('mpiCombine', choiceOf(MPI_COMBINES), TRAIN_DEFAULTS.mpiCombine),
    kernels: pick('kernels', choiceOf(KERNEL_CHOICES), TRAIN_DEFAULTS.kernels),
    allowNonFinite: pick('allowNonFinite', parseSwitch, false),
    maxRetries: pick('maxRetries', parseNonNegativeInteger, TRAIN_DEFAULTS.maxRetries),
    stepTimeout: pick('stepTimeout', parseNonNegativeNumber, undefined),
    seed: pick('seed', parseAnyInteger, TRAIN_DEFAULTS.seed),
    dtype: pick('dtype', choiceOf(DTYPES), TRAIN_DEFAULTS.dtype, omitArchitecture),
    valSplit: given(argv, 'valData') ? undefined : pick('valSplit', parseFraction, TRAIN_DEFAULTS.valSplit),
    valData: given(argv, 'valData') ? parsePath('val-data', argv.valData) : undefined,
    standardize: pick('standardize', parseSwitch, undefined),
    shuffle: pick('shuffle', parseSwitch, TRAIN_DEFAULTS.shuffle),
    init: initialising ? parsePath('init', argv.init) : undefined,
    resume: resuming ? parsePath('resume', argv.resume) : undefined,
    out: given(argv, 'out') ? parsePath('out', argv.out) : undefined,
    saveEvery: pick('saveEvery', parsePositiveInteger, undefined),
    force: pick('force', parseSwitch, undefined),
    ...scheduleOptionsFromArgv(argv, flagName),
  };
  return dropUndefined(options);
}

function datasetFlag(flag: string, value: unknown): DatasetName {
  return parseChoice(flag, value, DATASET_NAMES);
}

function choiceOf<T extends string>(choices: readonly T[]) {
  return (flag: string, value: unknown): T => parseChoice(flag, value, choices);
}

function rejectConflicts(argv: TrainArgv): void {
  if (given(argv, 'data')) {
    if (given(argv, 'dataset')) {
      throw new UsageError('--data and --dataset cannot be used together: --data trains on a CSV file');
    }
    for (const key of SYNTHETIC_ONLY) {
      if (given(argv, key)) {
        throw new UsageError(`--${key} describes a synthetic --dataset and cannot be used with --data`);
      }
    }
  }
  for (const key of ['labelColumn', 'targetColumns', 'featureColumns', 'ignoreColumns']) {
    if (given(argv, key) && given(argv, 'dataset')) {
      throw new UsageError(`--${flagName(key)} chooses columns of a --data CSV file, not of a --dataset`);
    }
  }
  if (given(argv, 'labelColumn') && given(argv, 'targetColumns')) {
    throw new UsageError(
      '--label-column and --target-columns cannot be used together: a label column is for classification, target columns for regression',
    );
  }
  if (given(argv, 'init') && given(argv, 'resume')) {
    throw new UsageError(
      '--init and --resume cannot be used together: --init starts a new run from saved weights, --resume continues a run',
    );
  }
  if (argv.force === true && !given(argv, 'out')) {
    throw new UsageError('--force needs --out: it lets --out replace a file that is not a checkpoint');
  }
  if (
    given(argv, 'negativeSlope') &&
    argv.activation !== 'leaky_relu' &&
    !given(argv, 'init') &&
    !given(argv, 'resume')
  ) {
    throw new UsageError('--negative-slope applies to --activation leaky_relu only');
  }
  if (given(argv, 'valData') && given(argv, 'valSplit')) {
    throw new UsageError(
      '--val-data and --val-split cannot be used together: give one source of validation rows',
    );
  }
  if (given(argv, 'saveEvery') && !given(argv, 'out')) {
    throw new UsageError('--save-every needs --out, the checkpoint file to save to');
  }
}

function dropUndefined(options: TrainOptions): TrainOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as TrainOptions;
}
