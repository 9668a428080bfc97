/**
 * The `classWeights` option (`--class-weights`): PyTorch's `CrossEntropyLoss(weight=…)` for a run.
 * Checks the given weights against the model and data, works out scikit-learn's 'balanced' weights
 * from the training rows, and settles what a checkpoint start keeps.
 */

import { type Dataset, LOSSES, type MlpConfig } from '@shardwise/core';
import { DataError, UsageError } from '../errors.js';
import type { OptionNaming } from './option-naming.js';

/** What `classWeights` accepts: scikit-learn's `'balanced'`, or one weight ≥ 0 per class. */
export type ClassWeightsOption = 'balanced' | readonly number[];

/** Throws a UsageError unless `value` is `'balanced'` or a non-empty array of finite numbers ≥ 0, not all 0. */
export function checkClassWeightsOption(
  value: unknown,
  name = 'classWeights',
): ClassWeightsOption | undefined {
  if (value === undefined || value === 'balanced') return value;
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0) &&
    value.some((w) => w > 0);
  if (!ok) {
    throw new UsageError(
      `${name} must be 'balanced' or one finite weight ≥ 0 per class (not all 0), got ${JSON.stringify(value)}`,
    );
  }
  return [...(value as number[])];
}

/**
 * scikit-learn's `compute_class_weight('balanced')`: n_samples / (n_classes · count of the class)
 * over the training rows. A class with no training rows would weigh ∞ (scikit-learn refuses it):
 * refused here too, naming the class.
 */
export function balancedClassWeights(labels: Int32Array, classes: number, option: string): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  const missing = counts.indexOf(0);
  if (missing >= 0) {
    throw new DataError(
      `${option} balanced: class ${missing} has no training rows, so its weight n/(classes·count) would be infinite`,
      `give one weight per class instead (e.g. ${option} ${counts.map(() => 1).join(',')})`,
    );
  }
  return counts.map((count) => labels.length / (classes * count));
}

/**
 * The config to train: `base` with the class weights the run uses. A fresh run or `init` uses the
 * option (none when absent); `resume` keeps the checkpoint's (`saved`), and a given option must
 * come to the same weights. `train` is the training rows (after the validation split).
 */
export function withClassWeights(
  base: MlpConfig,
  option: ClassWeightsOption | undefined,
  train: Dataset,
  saved: { config: MlpConfig; path: string } | null,
  naming: OptionNaming,
): MlpConfig {
  const { classWeights: _dropped, ...config } = base;
  const name = naming.option('classWeights');
  if (option === undefined) {
    return saved?.config.classWeights ? { ...config, classWeights: saved.config.classWeights } : config;
  }
  if (!LOSSES[config.loss].classification) {
    throw new UsageError(`${name} applies to a classification loss (ce), not ${config.loss}`);
  }
  const classes = config.sizes[config.sizes.length - 1]!;
  let weights: readonly number[];
  if (option === 'balanced') {
    if (train.labels === null) {
      throw new UsageError(`${name} balanced needs class labels (a label column), the data has target rows`);
    }
    weights = balancedClassWeights(train.labels, classes, name);
  } else {
    if (option.length !== classes) {
      throw new UsageError(`${name} gives ${option.length} weights, the model has ${classes} classes`);
    }
    weights = option;
  }
  if (saved !== null) {
    const before = saved.config.classWeights;
    if (JSON.stringify(before ?? null) !== JSON.stringify(weights)) {
      const was = before ? naming.value('classWeights', before) : 'none';
      throw new UsageError(
        `${naming.setting('classWeights', weights)} differs from ${saved.path}'s class weights ${was}`,
        `leave out ${name} to use the checkpoint's`,
      );
    }
  }
  return { ...config, classWeights: [...weights] };
}
