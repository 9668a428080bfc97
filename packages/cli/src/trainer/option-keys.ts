/**
 * The option names `train()` and `Trainer.create()` accept, and the check that rejects any other
 * key (a typo such as `hiden` would otherwise be ignored and the default silently used).
 */

import { UsageError } from '../errors.js';
import { closestName } from './closest-name.js';
import type { TrainOptions } from './train-options.js';

/**
 * Every key of TrainOptions, once. `satisfies` makes the compiler reject this table when an option
 * is added to TrainOptions but not here, so a new option cannot be refused as unknown.
 */
const TRAIN_OPTION_KEYS = {
  dataset: true,
  samples: true,
  features: true,
  classes: true,
  noise: true,
  allowNonFinite: true,
  data: true,
  labelColumn: true,
  targetColumns: true,
  featureColumns: true,
  ignoreColumns: true,
  hidden: true,
  activation: true,
  negativeSlope: true,
  dropout: true,
  loss: true,
  outActivation: true,
  classWeights: true,
  epochs: true,
  batchSize: true,
  lr: true,
  optimizer: true,
  momentum: true,
  weightDecay: true,
  beta1: true,
  beta2: true,
  eps: true,
  workers: true,
  shards: true,
  mpi: true,
  mpiCombine: true,
  kernels: true,
  maxRetries: true,
  stepTimeout: true,
  seed: true,
  dtype: true,
  valSplit: true,
  valData: true,
  standardize: true,
  shuffle: true,
  init: true,
  resume: true,
  out: true,
  force: true,
  saveEvery: true,
  lrSchedule: true,
  warmupEpochs: true,
  warmupStartFactor: true,
  lrStepSize: true,
  lrGamma: true,
  lrTMax: true,
  lrMin: true,
  lrFactor: true,
  lrPatience: true,
  lrCooldown: true,
  earlyStopping: true,
  minDelta: true,
  restoreBest: true,
  onEpoch: true,
  onStep: true,
  onNotice: true,
  signal: true,
} as const satisfies Record<keyof TrainOptions, true>;

/** The names of every training option. */
export const TRAIN_OPTION_NAMES: readonly string[] = Object.keys(TRAIN_OPTION_KEYS);

/** Throws a UsageError unless `options` is an object whose every key is a training option. */
export function checkOptionKeys(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const got = options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options;
    throw new UsageError(`training options must be an object such as { epochs: 10 }, got ${got}`);
  }
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(TRAIN_OPTION_KEYS, key)) continue;
    const suggestion = closestName(key, TRAIN_OPTION_NAMES);
    throw new UsageError(
      `unknown option ${JSON.stringify(key)}${suggestion ? `; did you mean ${suggestion}?` : ''}`,
      suggestion ? undefined : `the options are ${TRAIN_OPTION_NAMES.join(', ')}`,
    );
  }
}
