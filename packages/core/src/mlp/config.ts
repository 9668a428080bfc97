import type { DType } from '../dtype.js';
import type { ActivationParameters } from '../kernels/activation-definition.js';
import { DEFAULT_ACTIVATION_PARAMETERS } from '../kernels/activation-definition.js';
import { ACTIVATIONS, type Activation } from '../kernels/activations.js';
import { OUTPUT_ACTIVATIONS, type OutputActivation } from '../kernels/mse.js';
import { isLoss, LOSS_NAMES, LOSSES, type Loss } from '../losses/losses.js';

/** What defines an MLP: its layer widths (input first, output last) and its nonlinearities. */
export interface MlpConfig {
  /** Layer widths `[inputs, hidden…, outputs]`; two entries = no hidden layer. */
  readonly sizes: readonly number[];
  /** Nonlinearity after every hidden layer. */
  readonly activation: Activation;
  /**
   * Slope for negative inputs of `leaky_relu` (PyTorch's `negative_slope`), finite and ≥ 0;
   * default 0.01. Only leaky_relu reads it.
   */
  readonly negativeSlope?: number;
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
  const slope = config.negativeSlope;
  // ≥ 0: the backward pass tells the two sides apart by the sign of the output (see the table).
  if (slope !== undefined && !(typeof slope === 'number' && Number.isFinite(slope) && slope >= 0)) {
    throw new Error(`negative slope must be a finite number ≥ 0, got ${JSON.stringify(slope)}`);
  }
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

/** The activation settings of a config, PyTorch's defaults where it gives none. */
export function activationParameters(config: MlpConfig): ActivationParameters {
  return { negativeSlope: config.negativeSlope ?? DEFAULT_ACTIVATION_PARAMETERS.negativeSlope };
}
