// Checks that the model and the data fit each other, before the model or the engine is allocated.

import { type Dataset, LOSSES, type MlpConfig, parameterLayout } from '@shardwise/core';
import { DataError } from '../errors.js';

/** Most parameters a model may have: 2^28 (1 GiB in f32 per copy, of which a run keeps several). */
const MAX_PARAMETERS = 2 ** 28;

/** A clear error before allocating a model too large to train, e.g. from a stray huge label. */
export function checkModelSize(config: MlpConfig, data: Dataset): void {
  const count = parameterLayout(config.sizes).count;
  if (count <= MAX_PARAMETERS) return;
  const outputs = config.sizes[config.sizes.length - 1]!;
  const hint = data.labels
    ? `labels must be class indices 0…K−1; the largest label here is ${outputs - 1}`
    : undefined;
  throw new DataError(
    `the model ${config.sizes.join('-')} would have ${count.toExponential(2)} parameters, more than the ${MAX_PARAMETERS} allowed`,
    hint,
  );
}

/** The data must have the model's input width and a target of the kind its loss needs. */
export function checkDataFitsModel(data: Dataset, config: MlpConfig, checkpoint: string | undefined): void {
  const inputs = config.sizes[0]!;
  const outputs = config.sizes[config.sizes.length - 1]!;
  const where = checkpoint ? `the checkpoint ${checkpoint}` : 'the model';
  if (data.features !== inputs)
    throw new DataError(`the data has ${data.features} features, ${where} expects ${inputs}`);
  if (!LOSSES[config.loss].classification && !data.targets) {
    throw new DataError(
      `${config.loss} needs regression targets (y0, y1, … columns), the data has class labels`,
      'use --loss ce',
    );
  }
  if (!data.labels && !data.targets)
    throw new DataError('the data has no targets (a label column or y0, y1, … columns)');
  if (data.outputs !== outputs) {
    throw new DataError(
      `the data has ${data.outputs} ${data.labels ? 'classes' : 'target columns'}, ${where} has ${outputs} outputs`,
    );
  }
}
