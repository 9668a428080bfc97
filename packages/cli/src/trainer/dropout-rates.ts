/**
 * The run's `dropout` as one rate per hidden layer of the model it trains: a single number applies
 * to every hidden layer, a list must name each. Checked once the model is known (a checkpoint's
 * architecture decides it on resume).
 */

import type { MlpConfig } from '@shardwise/core';
import { CheckpointError, UsageError } from '../errors.js';
import type { OptionNaming } from './option-naming.js';

/**
 * One drop probability per hidden layer of `config`; `savedIn` names the checkpoint the value came
 * from (untrusted: a mismatch is then a CheckpointError), undefined when the caller gave it.
 */
export function dropoutRates(
  dropout: number | readonly number[],
  config: MlpConfig,
  naming: OptionNaming,
  savedIn: string | undefined,
): number[] {
  const hidden = config.sizes.length - 2;
  if (typeof dropout === 'number') {
    if (hidden === 0 && dropout > 0) {
      throw new UsageError(
        `${naming.setting('dropout', dropout)} applies to hidden layers, and this model has none`,
      );
    }
    return new Array<number>(hidden).fill(dropout);
  }
  if (dropout.length === hidden) return [...dropout];
  const detail = `lists ${dropout.length} rates for a model with ${hidden} hidden layer${hidden === 1 ? '' : 's'}`;
  if (savedIn !== undefined) throw new CheckpointError(`${savedIn}: saved setting dropout ${detail}`);
  throw new UsageError(
    `${naming.setting('dropout', dropout)} ${detail}`,
    `give one rate for every hidden layer, or one per hidden layer`,
  );
}
