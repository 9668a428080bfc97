import { type MlpConfig, validateMlpConfig } from './config.js';
import { type ParameterLayout, parameterLayout } from './parameter-layout.js';

/** A network's shape: its config and where each layer sits in the flat parameter vector. */
export interface Mlp {
  readonly config: MlpConfig;
  readonly layout: ParameterLayout;
  readonly inputs: number;
  readonly outputs: number;
  /** Widest layer: sizes the backward scratch buffers. */
  readonly maxWidth: number;
}

export function createMlp(config: MlpConfig): Mlp {
  validateMlpConfig(config);
  const sizes = [...config.sizes];
  return {
    config: { ...config, sizes },
    layout: parameterLayout(sizes),
    inputs: sizes[0]!,
    outputs: sizes[sizes.length - 1]!,
    maxWidth: Math.max(...sizes),
  };
}
