/**
 * What the caller may change about a checkpoint it starts from: explicit optimizer settings win
 * on resume (a new optimizer kind starts its state fresh), architecture options must repeat the
 * checkpoint's values, and `init` may convert the weights to another dtype.
 */

import type { MlpConfig } from '@shardwise/core';
import {
  allocate,
  type DType,
  dtypeOf,
  type FloatArray,
  type OptimizerConfig,
  type ResolvedOptimizerConfig,
  resolveOptimizer,
} from '@shardwise/core';
import { firstNonFinite } from '../checkpoint/finite-values.js';
import { CheckpointError, UsageError } from '../errors.js';
import type { OptionNaming } from './option-naming.js';
import { changed } from './resume-settings.js';
import type { TrainOptions } from './train-options.js';

/** The architecture options, each read from the checkpoint's config. */
const ARCHITECTURE = {
  hidden: (config: MlpConfig) => config.sizes.slice(1, -1),
  activation: (config: MlpConfig) => config.activation,
  negativeSlope: (config: MlpConfig) => config.negativeSlope,
  loss: (config: MlpConfig) => config.loss,
  outActivation: (config: MlpConfig) => config.outActivation,
  dtype: (config: MlpConfig) => config.dtype,
} as const;

/**
 * Rejects an architecture option that differs from the checkpoint's (naming both values);
 * repeating the checkpoint's own value is fine. Returns the dtype to train in: `init` may
 * choose another one, `resume` keeps the checkpoint's.
 */
export function checkArchitecture(
  config: MlpConfig,
  given: TrainOptions,
  path: string,
  mode: 'init' | 'resume',
  naming: OptionNaming,
): DType {
  for (const [key, read] of Object.entries(ARCHITECTURE)) {
    const value = given[key as keyof typeof ARCHITECTURE];
    if (value === undefined || (key === 'dtype' && mode === 'init')) continue;
    const saved = read(config);
    if (JSON.stringify(value) === JSON.stringify(saved)) continue;
    throw new UsageError(
      `${naming.setting(key, value)} differs from ${path}'s ${naming.value(key, saved)}`,
      `leave out ${naming.option(key)} to use the checkpoint's, or drop ${naming.option(mode)} to build a new model`,
    );
  }
  return mode === 'init' ? (given.dtype ?? config.dtype) : config.dtype;
}

/** Each optimizer option and its field in core's optimizer config. */
const OPTIMIZER_FIELDS = {
  optimizer: 'kind',
  lr: 'lr',
  momentum: 'momentum',
  weightDecay: 'weightDecay',
  beta1: 'beta1',
  beta2: 'beta2',
  eps: 'epsilon',
} as const satisfies Record<string, keyof ResolvedOptimizerConfig>;

/**
 * The checkpoint's optimizer with every setting the caller gave explicitly, one notice per change.
 * A different kind cannot use the saved state (`fresh`): it starts from zeros, as a new
 * `torch.optim` optimizer would.
 */
export function resumedOptimizer(
  saved: ResolvedOptimizerConfig,
  given: TrainOptions,
  naming: OptionNaming,
  notify: (message: string) => void,
): { optimizer: ResolvedOptimizerConfig; fresh: boolean } {
  const config: Record<string, unknown> = { ...saved };
  for (const [key, field] of Object.entries(OPTIMIZER_FIELDS)) {
    const value = given[key as keyof typeof OPTIMIZER_FIELDS];
    if (value === undefined || value === saved[field]) continue;
    config[field] = value;
    const fresh =
      field === 'kind' ? `; the optimizer state starts fresh (${saved.kind}'s does not carry over)` : '';
    notify(`${changed(naming, key, value, naming.value(key, saved[field]))}${fresh}`);
  }
  const optimizer = resolveOptimizer(config as unknown as OptimizerConfig);
  return { optimizer, fresh: optimizer.kind !== saved.kind };
}

/** The checkpoint's weights in `dtype` (a copy when it differs); each must still be finite. */
export function convertParameters(parameters: FloatArray, dtype: DType, path: string): FloatArray {
  if (dtypeOf(parameters) === dtype) return parameters;
  const converted = allocate(dtype, parameters.length);
  converted.set(parameters);
  const bad = firstNonFinite(converted);
  if (bad >= 0) {
    throw new CheckpointError(
      `${path}: parameter ${bad} (${parameters[bad]}) does not fit in ${dtype}`,
      `keep the checkpoint's dtype ${dtypeOf(parameters)}`,
    );
  }
  return converted;
}
