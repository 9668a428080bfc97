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
  /**
   * One weight per class for a classification loss, as PyTorch's `CrossEntropyLoss(weight=…)`:
   * the loss is Σ w[yᵢ]·lᵢ / Σ w[yᵢ] over the rows. Finite, ≥ 0, not all 0. Absent: unweighted.
   */
  readonly classWeights?: readonly number[];
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
  if (config.classWeights !== undefined) validateClassWeights(config, sizes[sizes.length - 1]!);
}

/** Class weights: a classification loss, one per output, each finite and ≥ 0, and some > 0. */
function validateClassWeights(config: MlpConfig, outputs: number): void {
  const weights = config.classWeights;
  if (!LOSSES[config.loss].classification) {
    throw new Error(`class weights apply to a classification loss, not ${config.loss}`);
  }
  if (!Array.isArray(weights) || weights.length !== outputs) {
    const got = Array.isArray(weights) ? `${weights.length}` : JSON.stringify(weights);
    throw new Error(`class weights must be ${outputs} numbers (one per class), got ${got}`);
  }
  for (const w of weights) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      throw new Error(`class weights must be finite numbers ≥ 0, got ${JSON.stringify(w)}`);
  }
  if (weights.every((w) => w === 0)) throw new Error('class weights must not all be 0');
}

/** The activation settings of a config, PyTorch's defaults where it gives none. */
export function activationParameters(config: MlpConfig): ActivationParameters {
  return { negativeSlope: config.negativeSlope ?? DEFAULT_ACTIVATION_PARAMETERS.negativeSlope };
}
