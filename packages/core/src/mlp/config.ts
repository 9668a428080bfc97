import type { DType } from '../dtype.js';
import { ACTIVATIONS, type Activation } from '../kernels/activations.js';
import { OUTPUT_ACTIVATIONS, type OutputActivation } from '../kernels/mse.js';
import { isLoss, LOSS_NAMES, LOSSES, type Loss } from '../losses/losses.js';

/** What defines an MLP: its layer widths (input first, output last) and its nonlinearities. */
export interface MlpConfig {
  /** Layer widths `[inputs, hidden…, outputs]`; two entries = no hidden layer. */
  readonly sizes: readonly number[];
  /** Nonlinearity after every hidden layer. */
  readonly activation: Activation;
  /** `ce`: softmax on the outputs with cross-entropy; `mse`: `outActivation` then MSE. */
  readonly loss: Loss;
  /** Output nonlinearity for `mse` (ignored for `ce`, whose outputs go through softmax). */
  readonly outActivation: OutputActivation;
  /** Element type of the parameters, buffers and arithmetic. */
  readonly dtype: DType;
}

/** Throws a clear error if the config cannot describe a network. */
export function validateMlpConfig(config: MlpConfig): void {
  const { sizes } = config;
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new Error('MLP sizes must list at least the input and output widths');
  }
  for (const size of sizes) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`MLP layer widths must be positive integers, got ${size}`);
  }
  if (!ACTIVATIONS.includes(config.activation)) throw new Error(`unknown activation "${config.activation}"`);
  if (!isLoss(config.loss)) {
    throw new Error(`unknown loss "${config.loss}" (expected one of ${LOSS_NAMES.join(', ')})`);
  }
  if (!OUTPUT_ACTIVATIONS.includes(config.outActivation)) {
    throw new Error(`unknown output activation "${config.outActivation}"`);
  }
  if (config.dtype !== 'f32' && config.dtype !== 'f64') throw new Error(`unknown dtype "${config.dtype}"`);
  const { minOutputs, summary } = LOSSES[config.loss];
  if (sizes[sizes.length - 1]! < minOutputs) {
    throw new Error(`${summary} needs at least ${minOutputs} outputs`);
  }
}
