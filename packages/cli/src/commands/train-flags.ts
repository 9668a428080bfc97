/**
 * The flags of `shardwise train` as yargs option specs. Values reach trainOptionsFromArgv as the
 * text typed (number parsing is off, see bin.ts), which validates them and quotes them in its
 * messages; defaults are only *described* here, so the conversion can tell a flag that was
 * given from one that was not.
 */

import {
  ACTIVATIONS,
  DATASET_NAMES,
  DTYPES,
  LOSSES,
  OPTIMIZER_KINDS,
  OUTPUT_ACTIVATIONS,
} from '@shardwise/core';
import type { Options } from 'yargs';
import { KERNEL_CHOICES, switchFlag, valueFlag } from './flag-specs.js';
import { TRAIN_DEFAULTS } from './train-options-from-argv.js';

const DATA = 'Data:';
const MODEL = 'Model:';
const OPTIMISATION = 'Optimisation:';
const RUN = 'Run:';
const CHECKPOINTS = 'Checkpoints:';
const OUTPUT = 'Output:';

const D = TRAIN_DEFAULTS;

export const TRAIN_FLAGS = {
  dataset: valueFlag(DATA, 'synthetic dataset to train on', D.dataset, DATASET_NAMES),
  samples: valueFlag(DATA, 'rows to generate for --dataset', D.samples),
  features: valueFlag(DATA, 'input features for --dataset (blobs, teacher)', 'per dataset'),
  classes: valueFlag(
    DATA,
    'classes for --dataset (blobs, spirals) or the label column of --data',
    'per dataset',
  ),
  noise: valueFlag(DATA, 'noise level of --dataset', 'per dataset'),
  'allow-non-finite': switchFlag(
    DATA,
    'load NaN/Infinity cells of --data instead of rejecting the file',
    false,
  ),
  data: valueFlag(DATA, 'CSV file to train on instead of --dataset (x0.., then label or y0..)'),
  'val-split': valueFlag(DATA, 'fraction of rows held out for validation, in [0, 1)', D.valSplit),
  shuffle: switchFlag(DATA, 'shuffle the rows every epoch (--no-shuffle to keep file order)', D.shuffle),
  hidden: valueFlag(MODEL, 'hidden layer widths, comma-separated, or none', D.hidden.join(',')),
  activation: valueFlag(MODEL, 'hidden-layer activation', D.activation, ACTIVATIONS),
  'negative-slope': valueFlag(MODEL, 'slope for negative inputs of --activation leaky_relu', 0.01),
  loss: valueFlag(MODEL, 'loss', 'ce (mse for teacher)', LOSSES),
  'out-activation': valueFlag(MODEL, 'output activation for mse', D.outActivation, OUTPUT_ACTIVATIONS),
  dtype: valueFlag(MODEL, 'float type of the model and data', D.dtype, DTYPES),
  epochs: valueFlag(OPTIMISATION, 'epochs in total (0: only initialise, and save if --out)', D.epochs),
  'batch-size': valueFlag(OPTIMISATION, 'rows per optimizer step, across all workers', D.batchSize),
  lr: valueFlag(OPTIMISATION, 'learning rate', D.lr),
  optimizer: valueFlag(OPTIMISATION, 'optimizer', D.optimizer, OPTIMIZER_KINDS),
  momentum: valueFlag(OPTIMISATION, 'momentum, in [0, 1)', D.momentum),
  'weight-decay': valueFlag(OPTIMISATION, 'L2 weight decay', D.weightDecay),
  workers: valueFlag(RUN, 'worker threads: a number or auto', D.workers),
  kernels: valueFlag(
    RUN,
    'compute kernels: WebAssembly SIMD, TypeScript, or auto (wasm if supported)',
    D.kernels,
    KERNEL_CHOICES,
  ),
  'max-retries': valueFlag(
    RUN,
    'times a step whose worker thread died is recomputed before the run fails',
    D.maxRetries,
  ),
  seed: valueFlag(RUN, 'random seed (data, initialisation, shuffling)', D.seed),
  init: valueFlag(CHECKPOINTS, 'start a new run from the weights in this checkpoint'),
  resume: valueFlag(CHECKPOINTS, 'continue the run saved in this checkpoint (--epochs is the total)'),
  out: valueFlag(CHECKPOINTS, 'save a checkpoint here at the end (and on Ctrl-C)'),
  'save-every': valueFlag(CHECKPOINTS, 'also save --out every N epochs'),
  json: switchFlag(OUTPUT, 'print one JSON object per line on stdout', false),
  quiet: switchFlag(OUTPUT, 'print nothing on stdout (except with --json)', false),
} satisfies Record<string, Options>;
