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
  LOSS_NAMES,
  OPTIMIZER_KINDS,
  OPTIMIZERS,
  OUTPUT_ACTIVATIONS,
} from '@shardwise/core';
import type { Options } from 'yargs';
import { MPI_COMBINES } from '../trainer/mpi-combine.js';
import { KERNEL_CHOICES, switchFlag, valueFlag } from './flag-specs.js';
import { SCHEDULE_FLAGS } from './schedule-flags.js';
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
  'label-column': valueFlag(
    DATA,
    'class label column of --data, by name; its cells are class indices or names (cat, dog)',
    'label',
  ),
  'target-columns': valueFlag(
    DATA,
    'regression target columns of --data: names, first:last ranges (inclusive, header order) or 1-based numbers, comma-separated',
    'y0,y1,…',
  ),
  'feature-columns': valueFlag(
    DATA,
    'feature columns of --data, as --target-columns (e.g. f1:f20)',
    'x0,x1,…, or all other columns',
  ),
  'ignore-columns': valueFlag(DATA, 'columns of --data to read past, such as an id, as --target-columns'),
  'val-split': valueFlag(
    DATA,
    'fraction of rows held out for validation, in [0, 1) (stratified by class for labels; seeded by --seed)',
    D.valSplit,
  ),
  'val-data': valueFlag(DATA, 'CSV file of validation rows instead of --val-split (same columns as --data)'),
  standardize: switchFlag(
    DATA,
    "standardize features with the training rows' mean and std (saved in the checkpoint, applied by eval/predict)",
    false,
  ),
  shuffle: switchFlag(DATA, 'shuffle the rows every epoch (--no-shuffle to keep file order)', D.shuffle),
  hidden: valueFlag(MODEL, 'hidden layer widths, comma-separated, or none', D.hidden.join(',')),
  activation: valueFlag(MODEL, 'hidden-layer activation', D.activation, ACTIVATIONS),
  'negative-slope': valueFlag(MODEL, 'slope for negative inputs of --activation leaky_relu', 0.01),
  dropout: valueFlag(
    OPTIMISATION,
    'dropout after each hidden layer in training (as torch.nn.Dropout): one p in [0, 1), or one per hidden layer (0.2,0.1)',
    0,
  ),
  loss: valueFlag(
    MODEL,
    // As modelConfigOf decides: labels (a label column, a class dataset) → ce, targets → mse.
    'softmax cross-entropy or mean squared error; by default mse when the --data CSV has y0.. target columns (and for --dataset teacher), ce when it has a label column (and for the class datasets)',
    'from the data',
    LOSS_NAMES,
  ),
  'out-activation': valueFlag(MODEL, 'output activation for mse', D.outActivation, OUTPUT_ACTIVATIONS),
  dtype: valueFlag(MODEL, 'float type of the model and data', D.dtype, DTYPES),
  'class-weights': valueFlag(
    MODEL,
    "weigh each class in the loss as PyTorch's CrossEntropyLoss(weight=...): balanced (n/(classes*count) over the training rows, as scikit-learn) or w0,w1,...; the reported loss and val loss are then weighted, accuracy is not",
    'none',
  ),
  epochs: valueFlag(OPTIMISATION, 'epochs in total (0: only initialise, and save if --out)', D.epochs),
  'batch-size': valueFlag(OPTIMISATION, 'rows per optimizer step, across all workers', D.batchSize),
  lr: valueFlag(OPTIMISATION, 'learning rate', D.lr),
  optimizer: valueFlag(OPTIMISATION, 'optimizer', D.optimizer, OPTIMIZER_KINDS),
  momentum: valueFlag(OPTIMISATION, 'momentum, in [0, 1)', D.momentum),
  'weight-decay': valueFlag(
    OPTIMISATION,
    'weight decay: L2 on the gradient, decoupled (p -= lr*wd*p) for adamw',
    weightDecayDefaults(),
  ),
  beta1: valueFlag(OPTIMISATION, "Adam's first-moment decay, in [0, 1)", D.beta1),
  beta2: valueFlag(OPTIMISATION, "Adam's second-moment decay, in [0, 1)", D.beta2),
  eps: valueFlag(OPTIMISATION, "Adam's epsilon, added to the denominator", D.eps),
  ...SCHEDULE_FLAGS,
  workers: valueFlag(RUN, 'worker threads: a number or auto', D.workers),
  shards: valueFlag(
    RUN,
    'logical shards per batch, summed in order: the same --shards gives the same result with any --workers',
    'one per worker',
  ),
  'mpi-combine': valueFlag(
    RUN,
    "under mpirun, how ranks combine gradients: ordered (every shard gathered, summed in shard order: the same result for any layout with the same --shards) or allreduce (one MPI_Allreduce of each rank's sum: less traffic, deterministic per layout and MPI library only); no effect without MPI",
    D.mpiCombine,
    MPI_COMBINES,
  ),
  kernels: valueFlag(
    RUN,
    'compute kernels: WebAssembly SIMD, TypeScript, native (GEMMs on the system CBLAS), or auto (native where built and a layer has 1024+ weights, else wasm if supported)',
    D.kernels,
    KERNEL_CHOICES,
  ),
  'max-retries': valueFlag(
    RUN,
    'times a step whose worker thread died is recomputed before the run fails',
    D.maxRetries,
  ),
  'step-timeout': valueFlag(
    RUN,
    'seconds without progress after which a worker thread counts as hung and the step is retried (0: never)',
    'max(600, step FLOPs / 1e7)',
  ),
  seed: valueFlag(RUN, 'random seed (data, initialisation, shuffling)', D.seed),
  init: valueFlag(
    CHECKPOINTS,
    'start a new run from the weights in this checkpoint (without --data/--dataset: on the data it records)',
  ),
  resume: valueFlag(
    CHECKPOINTS,
    'continue the run saved in this checkpoint (--epochs is the total; flags given override it, with a notice)',
  ),
  out: valueFlag(CHECKPOINTS, 'save a checkpoint here at the end (and on Ctrl-C)'),
  'save-every': valueFlag(CHECKPOINTS, 'also save --out every N epochs'),
  force: switchFlag(
    CHECKPOINTS,
    'let --out replace an existing file that is not a shardwise checkpoint',
    false,
  ),
  json: switchFlag(OUTPUT, 'print one JSON object per line on stdout', false),
  quiet: switchFlag(OUTPUT, 'print nothing on stdout (except with --json)', false),
} satisfies Record<string, Options>;

/** "0 (0.01 for adamw)": each optimizer's default weight decay, from its definition. */
function weightDecayDefaults(): string {
  const usual = OPTIMIZERS[TRAIN_DEFAULTS.optimizer].defaultWeightDecay;
  const others = OPTIMIZER_KINDS.filter((kind) => OPTIMIZERS[kind].defaultWeightDecay !== usual).map(
    (kind) => `${OPTIMIZERS[kind].defaultWeightDecay} for ${kind}`,
  );
  return others.length === 0 ? String(usual) : `${usual} (${others.join(', ')})`;
}
