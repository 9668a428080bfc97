import type { ActivationParameters } from '../kernels/activation-definition.js';
import { activationParameters, type MlpConfig, validateMlpConfig } from './config.js';
import { type ParameterLayout, parameterLayout } from './parameter-layout.js';

/** A network's shape: its config and where each layer sits in the flat parameter vector. */
export interface Mlp {
  /** The validated config (with its own copy of `sizes`). */
  readonly config: MlpConfig;
  /** Where each layer's weights and biases sit in the flat parameter vector. */
  readonly layout: ParameterLayout;
  /** Input width (`sizes[0]`). */
  readonly inputs: number;
  /** Output width (the last of `sizes`). */
  readonly outputs: number;
  /** Widest layer: sizes the backward scratch buffers. */
  readonly maxWidth: number;
  /** The hidden activation's settings (the config's, with defaults filled in). */
  readonly activationParameters: ActivationParameters;
  /** The config's class weights, one per output, as the loss reads them; null when unweighted. */
  readonly classWeights: Float64Array | null;
}

/** Validates `config` (throwing an `Error` naming the problem) and derives the network's shape. */
export function createMlp(config: MlpConfig): Mlp {
  validateMlpConfig(config);
  const sizes = [...config.sizes];
  const weights = config.classWeights;
  return {
    config: { ...config, sizes, ...(weights !== undefined && { classWeights: [...weights] }) },
    layout: parameterLayout(sizes),
    inputs: sizes[0]!,
    outputs: sizes[sizes.length - 1]!,
    maxWidth: Math.max(...sizes),
    activationParameters: activationParameters(config),
    classWeights: weights === undefined ? null : Float64Array.from(weights),
  };
}
