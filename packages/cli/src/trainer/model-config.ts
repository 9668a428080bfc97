// The model a run trains: its architecture from the options, and checks that it and the data fit before allocating.

import {
  type Dataset,
  DEFAULT_ACTIVATION_PARAMETERS,
  LOSSES,
  type MlpConfig,
  parameterLayout,
} from '@shardwise/core';
import { DataError } from '../errors.js';
import type { ResolvedTrainOptions } from './resolve-options.js';

/** A new model's architecture, from the options and the loaded rows. */
export function modelConfigOf(o: ResolvedTrainOptions, data: Dataset, dtype: MlpConfig['dtype']): MlpConfig {
  return {
    sizes: [data.features, ...o.hidden, data.outputs],
    activation: o.activation,
    // leaky_relu's slope goes into the config (and so the checkpoint) even when defaulted.
    ...(o.activation === 'leaky_relu'
      ? { negativeSlope: o.negativeSlope ?? DEFAULT_ACTIVATION_PARAMETERS.negativeSlope }
      : {}),
    loss: o.loss ?? (data.labels ? 'ce' : 'mse'),
    outActivation: o.outActivation,
    dtype,
  };
}

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
