/**
 * `shardwise train` flags → library TrainOptions: applies the defaults, validates every value
 * (UsageError naming the flag) and rejects combinations that cannot mean anything. Pure: no I/O.
 */

import {
  ACTIVATIONS,
  DATASET_NAMES,
  type DatasetName,
  DTYPES,
  LOSSES,
  OPTIMIZER_KINDS,
  OUTPUT_ACTIVATIONS,
} from '@shardwise/core';
import { UsageError } from '../errors.js';
import { TRAIN_DEFAULTS as LIBRARY_DEFAULTS } from '../trainer/resolve-options.js';
import type { TrainOptions } from '../trainer/train-options.js';
import {
  parseAnyInteger,
  parseChoice,
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

/**
 * The defaults `--help` shows and the conversion applies: the library's own, plus the loss,
 * which the CLI states explicitly (ce; mse for regression datasets, see MSE_DATASETS).
 */
export const TRAIN_DEFAULTS = { ...LIBRARY_DEFAULTS, loss: 'ce' } as const satisfies TrainOptions;

/** Regression datasets train with mse unless --loss says otherwise. */
const MSE_DATASETS: readonly DatasetName[] = ['teacher'];

/** Flags (camelCase, as yargs gives them) that only describe a synthetic dataset. */
const SYNTHETIC_ONLY = ['samples', 'features', 'noise'] as const;

/** Architecture flags; with --init or --resume the checkpoint's architecture is used instead. */
const ARCHITECTURE = ['hidden', 'activation', 'negativeSlope', 'loss', 'outActivation', 'dtype'] as const;

export type TrainArgv = Readonly<Record<string, unknown>>;

const given = (argv: TrainArgv, key: string): boolean => argv[key] !== undefined;

/** `--batch-size` for `batchSize`. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/**
 * Converts parsed flags to TrainOptions. Without a checkpoint every field is filled in; with
 * --resume only the flags actually given are passed (the run continues as checkpointed), and
 * with --init or --resume the architecture comes from the checkpoint (architecture flags are
 * rejected rather than silently ignored).
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
    omitDefault = resuming,
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
    hidden: pick('hidden', parseHiddenSizes, [...TRAIN_DEFAULTS.hidden], omitArchitecture),
    activation: pick('activation', choiceOf(ACTIVATIONS), TRAIN_DEFAULTS.activation, omitArchitecture),
    negativeSlope: pick('negativeSlope', parseNonNegativeNumber, undefined),
    // With --data the trainer picks the loss from the file's columns (label → ce, y → mse).
    loss: pick('loss', choiceOf(LOSSES), lossDefault, omitArchitecture || fromCsv),
    outActivation: pick(
      'outActivation',
      choiceOf(OUTPUT_ACTIVATIONS),
      TRAIN_DEFAULTS.outActivation,
      omitArchitecture,
    ),
    epochs: pick('epochs', parseNonNegativeInteger, TRAIN_DEFAULTS.epochs, false),
    batchSize: pick('batchSize', parsePositiveInteger, TRAIN_DEFAULTS.batchSize),
    lr: pick('lr', parsePositiveNumber, TRAIN_DEFAULTS.lr),
    optimizer: pick('optimizer', choiceOf(OPTIMIZER_KINDS), TRAIN_DEFAULTS.optimizer),
    momentum: pick('momentum', parseFraction, TRAIN_DEFAULTS.momentum),
    weightDecay: pick('weightDecay', parseNonNegativeNumber, TRAIN_DEFAULTS.weightDecay),
    workers: pick('workers', parseWorkers, TRAIN_DEFAULTS.workers),
    kernels: pick('kernels', choiceOf(KERNEL_CHOICES), TRAIN_DEFAULTS.kernels),
    allowNonFinite: pick('allowNonFinite', parseSwitch, false),
    maxRetries: pick('maxRetries', parseNonNegativeInteger, TRAIN_DEFAULTS.maxRetries),
    seed: pick('seed', parseAnyInteger, TRAIN_DEFAULTS.seed),
    dtype: pick('dtype', choiceOf(DTYPES), TRAIN_DEFAULTS.dtype, omitArchitecture),
    valSplit: pick('valSplit', parseFraction, TRAIN_DEFAULTS.valSplit),
    shuffle: pick('shuffle', parseSwitch, TRAIN_DEFAULTS.shuffle),
    init: initialising ? parsePath('init', argv.init) : undefined,
    resume: resuming ? parsePath('resume', argv.resume) : undefined,
    out: given(argv, 'out') ? parsePath('out', argv.out) : undefined,
    saveEvery: pick('saveEvery', parsePositiveInteger, undefined),
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
  if (given(argv, 'init') && given(argv, 'resume')) {
    throw new UsageError(
      '--init and --resume cannot be used together: --init starts a new run from saved weights, --resume continues a run',
    );
  }
  if (
    given(argv, 'negativeSlope') &&
    argv.activation !== 'leaky_relu' &&
    !given(argv, 'init') &&
    !given(argv, 'resume')
  ) {
    throw new UsageError('--negative-slope applies to --activation leaky_relu only');
  }
  if (given(argv, 'saveEvery') && !given(argv, 'out')) {
    throw new UsageError('--save-every needs --out, the checkpoint file to save to');
  }
  const checkpointFlag = given(argv, 'resume') ? 'resume' : given(argv, 'init') ? 'init' : undefined;
  if (checkpointFlag) {
    for (const key of ARCHITECTURE) {
      if (given(argv, key)) {
        throw new UsageError(
          `--${flagName(key)} cannot be used with --${checkpointFlag}: the checkpoint fixes the architecture`,
        );
      }
    }
  }
}

function dropUndefined(options: TrainOptions): TrainOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as TrainOptions;
}
